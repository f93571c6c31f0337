package dev.recsys.examples;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Command-line options of the example programs: {@code --name value} options and {@code --flag} switches. */
final class Args {
    private final Map<String, String> values;

    private Args(Map<String, String> values) {
        this.values = values;
    }

    /**
     * Parses {@code args}.
     *
     * @param options names taking a value, e.g. "data"
     * @param flags names taking none, e.g. "json"
     * @throws IllegalArgumentException naming an unknown option or a missing value
     */
    static Args parse(String[] args, Set<String> options, Set<String> flags) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg.startsWith("--") ? arg.substring(2) : "";
            if (flags.contains(name)) {
                values.put(name, "true");
            } else if (options.contains(name)) {
                if (i + 1 == args.length) {
                    throw new IllegalArgumentException("option --" + name + " needs a value");
                }
                values.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
        }
        return new Args(values);
    }

    Optional<String> option(String name) {
        return Optional.ofNullable(values.get(name));
    }

    boolean flag(String name) {
        return values.containsKey(name);
    }
}
