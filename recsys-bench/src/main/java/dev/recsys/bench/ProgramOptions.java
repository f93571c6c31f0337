package dev.recsys.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the plain benchmark programs share: their {@code --name value} options and the machine's load. */
final class ProgramOptions {

    private ProgramOptions() {
    }

    /**
     * The {@code --name value} pairs of a command line, in order.
     *
     * @throws IllegalArgumentException when an argument is not such a pair
     */
    static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 == args.length) {
                throw new IllegalArgumentException("expected --name value pairs, found '" + args[i] + "'");
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }

    /** The load averages of {@code /proc/loadavg}, or {@code "unknown"} where there is none. */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
