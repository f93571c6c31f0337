package dev.recsys.examples;

import dev.recsys.core.nn.Nd4jRuntime;
import dev.recsys.models.eval.Report;
import dev.recsys.models.serve.Recommendation;
import dev.recsys.models.serve.Recommender;
import dev.recsys.models.train.TrainingListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The whole library in one run: locate MovieLens, preprocess and split it, train a retrieval and a
 * ranking model, print their test metrics, save them to one file, load that file back and print
 * the top 10 movies for a user, the movies they rated left out.
 *
 * <pre>
 * QuickStart [--data DIR] [--model-out FILE] [--user ID] [--retrieval-epochs N] [--ranking-epochs N]
 * </pre>
 *
 * Defaults: data from {@code --data}, else {@code RECSYS_DATA}, else the download cache;
 * model file {@code target/recsys-model.zip} under the working directory; user 42; 12 retrieval
 * and 20 ranking epochs. Progress goes to stderr, results to stdout.
 */
public final class QuickStart {

    private QuickStart() {
    }

    /** Runs the quick start. */
    public static void main(String[] argv) throws IOException {
        Args args = Args.parse(argv, Set.of("data", "model-out", "user", "retrieval-epochs", "ranking-epochs"), Set.of());
        Path dir = DataLocation.resolve(args.option("data"));
        Path out = Path.of(args.option("model-out").orElse("target/recsys-model.zip")).toAbsolutePath();
        int user = Integer.parseInt(args.option("user").orElse("42"));
        int retrievalEpochs = Integer.parseInt(args.option("retrieval-epochs").orElse("20"));
        int rankingEpochs = Integer.parseInt(args.option("ranking-epochs").orElse("20"));
        // one thread: on small matrices ND4J's threading costs more than it gains
        Nd4jRuntime.threads(1);
        PrintWriter stderr = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        run(dir, out, user, retrievalEpochs, rankingEpochs, new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                stderr, (model, metric, epochs) -> r -> stderr.printf(Locale.ROOT,
                        "%s epoch %d: loss %.4f, validation %s %s (%.0f examples/s, %.1f s)%n", model, r.epoch(),
                        r.loss(), metric, Report.format(r.metrics().get(metric)), r.examplesPerSecond(),
                        r.elapsedSeconds()));
    }

    /** Makes the listener that reports one model's training: its name, the metric watched, its most epochs. */
    @FunctionalInterface
    public interface ProgressFactory {
        /** The listener of one model's training. */
        TrainingListener of(String model, String metric, int epochs);
    }

    /**
     * The quick start: trains and saves to {@code modelOut}, prints the test metrics and the top
     * 10 of {@code user} on {@code out}, the data line on {@code log}, the epochs through
     * {@code progress} (the {@code recsys quickstart} command runs this).
     */
    public static void run(Path dir, Path modelOut, int user, int retrievalEpochs, int rankingEpochs, PrintWriter out,
            PrintWriter log, ProgressFactory progress) throws IOException {
        long start = System.nanoTime();
        ModelPipeline.Outcome outcome = ModelPipeline.trainAndSave(dir, modelOut, retrievalEpochs, rankingEpochs, log,
                progress);
        out.println(table(outcome));
        out.println("saved the model to " + modelOut);

        List<Integer> ratedList = new ArrayList<>();
        long now = Long.MIN_VALUE;
        for (int i = 0; i < outcome.seen().size(); i++) {
            now = Math.max(now, outcome.seen().timestamp(i));
            if (outcome.seen().userId(i) == user) {
                ratedList.add(outcome.seen().movieId(i));
            }
        }
        int[] rated = ratedList.stream().mapToInt(Integer::intValue).toArray();
        // serve:start
        Recommender recommender = Recommender.load(modelOut);           // frozen: plain Java, no ND4J
        List<Recommendation> top = recommender.recommend(Recommender.Request.builder(user, now)
                .k(10).retrieve(100).exclude(rated).build());
        // serve:end
        out.printf(Locale.ROOT, "%nloaded it back; top 10 for user %d%s at %s (%d rated movies left out):%n",
                user, recommender.knowsUser(user) ? "" : " (unknown: out-of-vocabulary fallback)",
                Instant.ofEpochSecond(now), rated.length);
        out.print(format(top));
        out.flush();
        log.printf(Locale.ROOT, "quick start done in %.1f s%n", (System.nanoTime() - start) / 1e9);
        log.flush();
    }

    static String table(ModelPipeline.Outcome outcome) {
        return String.format(Locale.ROOT, "%ntest metrics (training took %.1f s)%nretrieval:%n%s%nranking: %s%n",
                outcome.trainSeconds(), outcome.retrieval(), outcome.ranking());
    }

    /**
     * One line per recommendation: rank, predicted rating ("-" without a ranking model), retrieval
     * score, original item id, title.
     */
    public static String format(List<Recommendation> top) {
        int width = 7;
        for (Recommendation r : top) {
            width = Math.max(width, r.itemId().length());
        }
        String row = "%4s  %6s  %9s  %" + width + "s  %s%n";
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, row, "rank", "rating", "retrieval", "item",
                "title"));
        for (int rank = 0; rank < top.size(); rank++) {
            Recommendation r = top.get(rank);
            String rating = Double.isNaN(r.predictedRating()) ? "-"
                    : String.format(Locale.ROOT, "%.2f", r.predictedRating());
            sb.append(String.format(Locale.ROOT, row, rank + 1, rating,
                    String.format(Locale.ROOT, "%.3f", r.retrievalScore()), r.itemId(), r.title()));
        }
        return sb.toString();
    }
}
