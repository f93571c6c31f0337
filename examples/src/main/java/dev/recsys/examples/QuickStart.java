package dev.recsys.examples;

import dev.recsys.models.serve.Recommendation;
import dev.recsys.models.serve.Recommender;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.nd4j.linalg.factory.Nd4j;

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
        // one OpenMP thread: on small matrices ND4J's threading costs more than it gains
        Nd4j.getEnvironment().setMaxThreads(1);
        long start = System.nanoTime();

        ModelPipeline.Outcome outcome = ModelPipeline.trainAndSave(dir, out, retrievalEpochs, rankingEpochs, System.err);
        System.out.println(table(outcome));
        System.out.println("saved the model to " + out);

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
        Recommender recommender = Recommender.load(out);                // frozen: plain Java, no ND4J
        List<Recommendation> top = recommender.recommend(Recommender.Request.builder(user, now)
                .k(10).retrieve(100).exclude(rated).build());
        // serve:end
        System.out.printf(Locale.ROOT, "%nloaded it back; top 10 for user %d%s at %s (%d rated movies left out):%n",
                user, recommender.knowsUser(user) ? "" : " (unknown: out-of-vocabulary fallback)",
                Instant.ofEpochSecond(now), rated.length);
        System.out.print(format(top));
        System.err.printf(Locale.ROOT, "quick start done in %.1f s%n", (System.nanoTime() - start) / 1e9);
    }

    static String table(ModelPipeline.Outcome outcome) {
        return String.format(Locale.ROOT, "%ntest metrics (training took %.1f s)%nretrieval:%n%s%nranking: %s%n",
                outcome.trainSeconds(), outcome.retrieval(), outcome.ranking());
    }

    /** One line per recommendation: rank, predicted rating, retrieval score, id, title. */
    static String format(List<Recommendation> top) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%4s  %6s  %9s  %7s  %s%n",
                "rank", "rating", "retrieval", "movie", "title"));
        for (int rank = 0; rank < top.size(); rank++) {
            Recommendation r = top.get(rank);
            sb.append(String.format(Locale.ROOT, "%4d  %6.2f  %9.3f  %7d  %s%n", rank + 1, r.predictedRating(),
                    r.retrievalScore(), r.movieId(), r.title()));
        }
        return sb.toString();
    }
}
