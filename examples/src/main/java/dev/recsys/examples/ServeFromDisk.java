package dev.recsys.examples;

import dev.recsys.models.io.Provenance;
import dev.recsys.models.serve.Recommendation;
import dev.recsys.models.serve.Recommender;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A small recommendation service: loads a model file (without ND4J) and answers one line of
 * stdout per line of stdin.
 *
 * <pre>
 * ServeFromDisk --model FILE [--k N] [--time EPOCH_SECONDS]
 * </pre>
 *
 * An input line is {@code USER_ID [EPOCH_SECONDS]} (the original user id: a string for a model
 * trained on your own files, see {@link Recommender#userIdOf}); the time defaults to {@code --time}, else
 * the latest training timestamp the model file records, else the current time. The answer is
 * {@code USER_ID <tab> known|unknown} followed by one tab-separated field per recommendation,
 * best first: {@code itemId=rating title} (rating the predicted one, or the retrieval score
 * without a ranking model). An unknown user gets the out-of-vocabulary fallback. Blank lines are
 * skipped; a malformed line is answered with {@code error <tab> line N: ...} and the program goes
 * on. The first request time outside the model's training range is reported once on stderr: time
 * features were never fitted there.
 */
public final class ServeFromDisk {

    private ServeFromDisk() {
    }

    /** Serves stdin until it ends. */
    public static void main(String[] argv) throws IOException {
        Args args = Args.parse(argv, Set.of("model", "k", "time"), Set.of());
        Path file = Path.of(args.option("model").orElseThrow(
                () -> new IllegalArgumentException("missing --model FILE (a model saved by QuickStart)")));
        int k = Integer.parseInt(args.option("k").orElse("10"));
        long start = System.nanoTime();
        Recommender recommender = Recommender.load(file);
        System.err.printf(Locale.ROOT, "loaded %s: %d candidates in %d ms (JVM up %d ms)%n", file,
                recommender.candidates().size(), (System.nanoTime() - start) / 1_000_000,
                ManagementFactory.getRuntimeMXBean().getUptime());
        long time = args.option("time").map(Long::parseLong).orElseGet(() -> defaultTime(recommender));
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter warnings = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        serve(in, out, warnings, recommender, k, time);
    }

    /** The latest training timestamp the model records, else now. */
    public static long defaultTime(Recommender recommender) {
        return recommender.trainingTimeRange().map(Provenance.TimeRange::last)
                .orElseGet(() -> Instant.now().getEpochSecond());
    }

    /**
     * Answers every non-blank line of {@code in} on {@code out}, flushing after each; warns once
     * on {@code warnings} about a time outside the training range.
     */
    public static void serve(BufferedReader in, PrintWriter out, PrintWriter warnings, Recommender recommender, int k,
            long defaultTime) throws IOException {
        Optional<Provenance.TimeRange> range = recommender.trainingTimeRange();
        boolean warned = false;
        int number = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.trim().split("\\s+");
            int user;
            long time;
            try {
                if (fields.length > 2) {
                    throw new NumberFormatException();
                }
                user = recommender.userIdOf(fields[0]);   // the original id: a string for a model saved with them
                time = fields.length == 2 ? Long.parseLong(fields[1]) : defaultTime;
            } catch (IllegalArgumentException e) {        // NumberFormatException included
                out.println("error\tline " + number + ": expected USER_ID [EPOCH_SECONDS], found '" + line + "'");
                out.flush();
                continue;
            }
            if (!warned && range.isPresent() && !range.get().contains(time)) {
                warned = true;
                warnings.println("warning: line " + number + " asks for time " + time + " (" + instant(time)
                        + "), outside the model's training range " + instant(range.get().first()) + " .. "
                        + instant(range.get().last()) + ": its time features extrapolate (reported once)");
                warnings.flush();
            }
            out.println(answer(recommender, fields[0], user, recommender.recommend(user, time, k)));
            out.flush();
        }
    }

    private static String answer(Recommender recommender, String original, int user, List<Recommendation> top) {
        StringBuilder sb = new StringBuilder().append(original).append('\t')
                .append(recommender.knowsUser(user) ? "known" : "unknown");
        for (Recommendation r : top) {
            double score = recommender.ranks() ? r.predictedRating() : r.retrievalScore();
            sb.append('\t').append(r.itemId()).append('=').append(String.format(Locale.ROOT, "%.3f", score))
                    .append(' ').append(r.title());
        }
        return sb.toString();
    }

    private static String instant(long epochSecond) {
        try {
            return Instant.ofEpochSecond(epochSecond).toString();
        } catch (java.time.DateTimeException e) {
            return epochSecond + " s";
        }
    }
}
