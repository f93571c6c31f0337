package dev.recsys.models;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class in a fresh JVM with a classpath made of the jars or folders that hold the
 * given classes only, so a test can prove what a program does not need (ND4J) or how it behaves
 * in a small heap.
 */
public final class ForkedJvm {

    /** What the child printed and how it ended. */
    public record Result(int exitCode, String stdout, String stderr) {}

    private ForkedJvm() {
    }

    /**
     * What serving needs: recsys-models, recsys-core, Jackson, the slf4j API and Lucene's core (the
     * HNSW index), and nothing of
     * ND4J or JavaCPP (a class of theirs that serving touched would fail to load).
     */
    public static List<Class<?>> servingClasspath() {
        return List.of(dev.recsys.models.serve.Recommender.class, dev.recsys.core.nn.frozen.Weights.class,
                com.fasterxml.jackson.databind.ObjectMapper.class, com.fasterxml.jackson.core.JsonParser.class,
                com.fasterxml.jackson.annotation.JsonCreator.class, org.slf4j.LoggerFactory.class,
                org.apache.lucene.util.hnsw.HnswGraphSearcher.class);
    }

    /**
     * Runs {@code mainClass} with {@code args}.
     *
     * @param jvmOptions e.g. {@code -Xmx256m}
     * @param classpathOf classes whose code sources (jar or folder) make up the whole classpath
     * @throws IllegalStateException if the child runs longer than two minutes
     */
    public static Result run(List<String> jvmOptions, List<Class<?>> classpathOf, Class<?> mainClass, String... args)
            throws IOException, InterruptedException {
        Set<String> classpath = new LinkedHashSet<>();
        for (Class<?> type : classpathOf) {
            classpath.add(location(type));
        }
        classpath.add(location(mainClass));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(String.join(File.pathSeparator, classpath));
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        Path out = Files.createTempFile("forked", ".out");
        Path err = Files.createTempFile("forked", ".err");
        try {
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("forked JVM did not finish in 2 minutes: " + command);
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static String location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
