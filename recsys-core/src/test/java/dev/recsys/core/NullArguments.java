package dev.recsys.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks the project's null rule on a whole public API by reflection: every public constructor
 * and method of every public type, called with {@code null} for one reference parameter and a
 * valid sample for every other, must throw a {@link NullPointerException} whose message names
 * that parameter (the compiler keeps parameter names: {@code -parameters}), before doing
 * anything else. The JVM's own message for a dereference of null does not count: the check must
 * be explicit ({@code Objects.requireNonNull(x, "x")}). Samples come from {@link #sample}; a parameter that may be null on purpose is
 * declared with {@link #nullable}, with the reason.
 *
 * <p>Shared with the other modules' tests through recsys-core's test jar.
 */
public final class NullArguments {

    private static final Pattern HELPFUL_MESSAGE = Pattern.compile("Cannot .* because .* is null");

    private final Map<Class<?>, Supplier<?>> samples = new HashMap<>();
    private final Map<String, Supplier<?>> arguments = new HashMap<>();
    private final Map<String, String> nullable = new HashMap<>();
    private final Set<String> skipped = new HashSet<>();

    /** A checker that knows the primitive types, arrays of them, strings and lists. */
    public NullArguments() {
        sample(int.class, () -> 1);
        sample(long.class, () -> 1L);
        sample(float.class, () -> 1f);
        sample(double.class, () -> 1.0);
        sample(boolean.class, () -> false);
        sample(int[].class, () -> new int[] {1});
        sample(long[].class, () -> new long[] {1});
        sample(float[].class, () -> new float[] {1});
        sample(double[].class, () -> new double[] {1});
        sample(float[][].class, () -> new float[][] {{1}});
        sample(String.class, () -> "1");
        sample(String[].class, () -> new String[] {"1"});
        sample(List.class, () -> List.of("1"));
        sample(Iterable.class, () -> List.of("1"));
        sample(Object.class, () -> "1");
        sample(Path.class, () -> {
            try {
                return Files.createTempDirectory("null-arguments");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Supplies a fresh valid value of {@code type} for each call, and the receivers of its instance methods. */
    public <T> NullArguments sample(Class<T> type, Supplier<? extends T> value) {
        samples.put(type, value);
        return this;
    }

    /**
     * Supplies the value of one parameter, where the sample of its type does not fit (a list of
     * lists where a list of strings is the type's sample, a size the call needs).
     *
     * @param parameter {@code "Type.member(name)"} as in {@link #nullable}
     */
    public NullArguments argument(String parameter, Supplier<?> value) {
        arguments.put(parameter, value);
        return this;
    }

    /**
     * Declares that a parameter may be null on purpose.
     *
     * @param parameter {@code "Type.member(name)"}, with the simple name of the type (nested:
     *     {@code Outer.Inner}) and {@code <init>} for constructors
     * @param why the documented meaning of null
     */
    public NullArguments nullable(String parameter, String why) {
        nullable.put(parameter, why);
        return this;
    }

    /**
     * Leaves a member unchecked, for members that cannot be called safely with sample values.
     *
     * @param member {@code "Type.member"}
     */
    public NullArguments skip(String member) {
        skipped.add(member);
        return this;
    }

    /**
     * Every public type compiled into the same classes folder (or jar) as {@code anchor}, in
     * packages under {@code packagePrefix}, leaving out {@code internal} packages.
     */
    public static List<Class<?>> publicTypes(Class<?> anchor, String packagePrefix) {
        Path root;
        try {
            root = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        List<Class<?>> types = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = root.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                if (!name.startsWith(packagePrefix) || name.contains(".internal.") || name.endsWith("package-info")) {
                    continue;
                }
                Class<?> type = Class.forName(name, false, anchor.getClassLoader());
                if (isPublicApi(type)) {
                    types.add(type);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        types.sort(Comparator.comparing(Class::getName));
        return types;
    }

    private static boolean isPublicApi(Class<?> type) {
        if (type.isAnonymousClass() || type.isLocalClass() || type.isSynthetic()) {
            return false;
        }
        for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
            if (!Modifier.isPublic(c.getModifiers())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Checks every public constructor and method of {@code types}.
     *
     * @return one line per violation (or missing sample); empty when the rule holds
     */
    public List<String> violations(List<Class<?>> types) {
        List<String> problems = new ArrayList<>();
        for (Class<?> type : types) {
            List<Executable> members = new ArrayList<>();
            if (!type.isInterface() && !Modifier.isAbstract(type.getModifiers()) && !type.isEnum()) {
                members.addAll(List.of(type.getConstructors()));
            }
            for (Method m : type.getDeclaredMethods()) {
                if (Modifier.isPublic(m.getModifiers()) && !m.isSynthetic() && !m.isBridge() && !isExempt(type, m)) {
                    members.add(m);
                }
            }
            members.sort(Comparator.comparing(Executable::toGenericString));
            for (Executable member : members) {
                if (!skipped.contains(simpleName(type) + "." + memberName(member))) {
                    check(type, member, problems);
                }
            }
        }
        return problems;
    }

    /** equals takes null by contract; an enum's generated valueOf is the JDK's. */
    private static boolean isExempt(Class<?> type, Method m) {
        return (m.getName().equals("equals") && m.getParameterCount() == 1)
                || (type.isEnum() && m.getName().equals("valueOf") && m.getParameterCount() == 1);
    }

    private void check(Class<?> type, Executable member, List<String> problems) {
        Parameter[] parameters = member.getParameters();
        for (int i = 0; i < parameters.length; i++) {
            if (parameters[i].getType().isPrimitive()) {
                continue;
            }
            String where = simpleName(type) + "." + memberName(member) + "(" + parameters[i].getName() + ")";
            if (nullable.containsKey(where)) {
                continue;
            }
            Object[] args = new Object[parameters.length];
            String missing = null;
            for (int j = 0; j < parameters.length; j++) {
                if (j != i) {
                    Supplier<?> s = arguments.getOrDefault(simpleName(type) + "." + memberName(member) + "("
                            + parameters[j].getName() + ")", samples.get(parameters[j].getType()));
                    if (s == null) {
                        missing = parameters[j].getType().getName();
                        break;
                    }
                    args[j] = s.get();
                }
            }
            Object receiver = null;
            if (missing == null && member instanceof Method m && !Modifier.isStatic(m.getModifiers())) {
                Supplier<?> s = samples.get(type);
                if (s == null) {
                    missing = type.getName() + " (receiver)";
                } else {
                    receiver = s.get();
                }
            }
            if (missing != null) {
                problems.add(where + ": no sample of " + missing);
                continue;
            }
            String outcome = call(member, receiver, args, parameters[i].getName());
            if (outcome != null) {
                problems.add(where + ": " + outcome);
            }
        }
    }

    /** Null when the call threw the right NullPointerException, else what happened. */
    private static String call(Executable member, Object receiver, Object[] args, String parameter) {
        try {
            if (member instanceof Constructor<?> c) {
                c.newInstance(args);
            } else {
                ((Method) member).invoke(receiver, args);
            }
            return "accepted null";
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof NullPointerException npe) {
                String message = npe.getMessage();
                if (message != null && HELPFUL_MESSAGE.matcher(message).matches()) {
                    // The JVM's own message for a dereference ("Cannot invoke ... because "x" is
                    // null"): no explicit check, and it names the argument only when debug
                    // information is compiled in.
                    return "unchecked dereference: " + message;
                }
                return message != null && message.contains(parameter) ? null
                        : "NullPointerException not naming '" + parameter + "': " + message;
            }
            return cause.getClass().getSimpleName() + ": " + cause.getMessage();
        } catch (ReflectiveOperationException e) {
            return "cannot call: " + e;
        }
    }

    private static String memberName(Executable member) {
        return member instanceof Constructor<?> ? "<init>" : member.getName();
    }

    private static String simpleName(Class<?> type) {
        return type.getEnclosingClass() == null ? type.getSimpleName()
                : simpleName(type.getEnclosingClass()) + "." + type.getSimpleName();
    }
}
