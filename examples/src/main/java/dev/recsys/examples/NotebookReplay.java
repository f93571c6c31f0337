package dev.recsys.examples;

import dev.recsys.core.nn.Nd4jRuntime;
import dev.recsys.models.serve.Recommendation;
import dev.recsys.models.serve.Recommender;
import dev.recsys.models.serve.SimilarMovie;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The reference notebook's serving walk-through: user 42 on 2018-06-23 at 20:00 UTC, retrieve
 * 100 candidates, re-rank them with the ranking model, print the top 10 with predicted ratings;
 * then the five movies most similar to the first (cosine of candidate embeddings).
 *
 * <pre>
 * NotebookReplay [--model FILE] [--data DIR]
 * </pre>
 *
 * Loads the model QuickStart saved ({@code target/recsys-model.zip} by default); when the file
 * does not exist, trains and saves one first, as QuickStart does.
 */
public final class NotebookReplay {

    /** The notebook's query: user 42 at 2018-06-23T20:00:00Z. */
    static final int USER = 42;
    static final long WHEN = Instant.parse("2018-06-23T20:00:00Z").getEpochSecond();

    private NotebookReplay() {
    }

    /** Runs the replay. */
    public static void main(String[] argv) throws IOException {
        Args args = Args.parse(argv, Set.of("model", "data"), Set.of());
        Path file = Path.of(args.option("model").orElse("target/recsys-model.zip")).toAbsolutePath();
        if (!Files.exists(file)) {
            System.err.println(file + " does not exist: training a model first");
            Nd4jRuntime.threads(1);
            ModelPipeline.trainAndSave(DataLocation.resolve(args.option("data")), file, 20, 20, System.err);
        }
        Recommender recommender = Recommender.load(file);   // frozen, without ND4J
        // replay:start
        List<Recommendation> top = recommender.recommend(
                Recommender.Request.builder(USER, WHEN).retrieve(100).k(10).build());
        // replay:end
        System.out.println("user " + USER + " at " + Instant.ofEpochSecond(WHEN)
                + ": 100 retrieved from " + recommender.candidates().size() + ", re-ranked, top 10");
        System.out.print(QuickStart.format(top));
        // similar:start
        List<SimilarMovie> similar = recommender.similar(top.get(0).movieId(), 5);   // cosine of candidate embeddings
        // similar:end
        System.out.println("\nmovies similar to " + top.get(0).title() + ":");
        for (SimilarMovie movie : similar) {
            System.out.printf(Locale.ROOT, "  %.3f  %s%n", movie.similarity(), movie.title());
        }
    }
}
