package dev.recsys.models.io;

import dev.recsys.models.serve.Recommender;
import java.nio.file.Path;

/**
 * Run in a forked JVM by {@code ModelFileTest}: loads each file given with {@link Recommender#load}
 * and {@link SavedModel#load} (a {@code raise:} prefix lifts the part limit to 2 GB and loads with
 * the first only: both read through the same archive code), and prints one line per load:
 * {@code <loader> <file name> refused <part>}, or {@code loaded}, or the unexpected throwable. An
 * OutOfMemoryError ends the JVM with a non-zero code.
 */
public final class LoadOutcomes {

    private LoadOutcomes() {
    }

    /** Loads every argument. */
    public static void main(String[] args) {
        for (String arg : args) {
            boolean raise = arg.startsWith("raise:");
            Path file = Path.of(raise ? arg.substring("raise:".length()) : arg);
            ModelLimits limits = raise ? ModelLimits.builder().maxPartBytes(2L << 30).build() : ModelLimits.defaults();
            System.out.println("Recommender " + file.getFileName() + " " + outcome(() -> Recommender.load(file, limits)));
            if (!raise) {
                System.out.println("SavedModel " + file.getFileName() + " "
                        + outcome(() -> SavedModel.load(file, limits).close()));
            }
        }
    }

    private interface Load {
        void run() throws Exception;
    }

    private static String outcome(Load load) {
        try {
            load.run();
            return "loaded";
        } catch (ModelFormatException e) {
            System.err.println(e.getMessage());
            return "refused " + e.part();
        } catch (Exception e) {
            return "threw " + e;
        }
    }
}
