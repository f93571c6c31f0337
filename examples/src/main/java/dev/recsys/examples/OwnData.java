package dev.recsys.examples;

import dev.recsys.core.data.Catalog;
import dev.recsys.core.data.Examples;
import dev.recsys.core.features.IdEncoder;
import dev.recsys.data.InteractionData;
import dev.recsys.data.Interactions;
import dev.recsys.data.delimited.DelimitedReader;
import dev.recsys.data.prep.Preprocessing;
import dev.recsys.data.prep.Steps;
import dev.recsys.data.split.Split;
import dev.recsys.data.split.Splits;
import dev.recsys.data.synthetic.SyntheticMovieLens;
import dev.recsys.models.io.OriginalIds;
import dev.recsys.models.io.SavedModel;
import dev.recsys.models.serve.Recommendation;
import dev.recsys.models.serve.Recommender;
import dev.recsys.models.task.RetrievalModel;
import dev.recsys.models.tower.MovieTower;
import dev.recsys.models.tower.UserTower;
import dev.recsys.models.train.Trainer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;

/**
 * The README's "Use it from your project" example as a program: your own CSV files with string
 * ids and implicit feedback (clicks, plays), a retrieval model trained on them, saved with its id
 * dictionaries, loaded back and asked for one user by the user's original id.
 *
 * <pre>
 * OwnData [--data DIR] [--user ID] [--epochs N] [--model FILE]
 * </pre>
 *
 * {@code DIR} holds {@code interactions.csv} ({@code user,item,time}) and {@code items.csv}
 * ({@code item,title,categories}); without {@code --data} a synthetic shop of that shape is written
 * to {@code target/own-data} first ({@link SyntheticMovieLens#writeImplicitCsv}).
 */
public final class OwnData {

    private OwnData() {
    }

    /** Runs the example; prints the top 10 of the user ({@code u-1} by default) with the original item ids. */
    public static void main(String[] argv) throws IOException {
        Args args = Args.parse(argv, Set.of("data", "user", "epochs", "model"), Set.of());
        Path dir;
        if (args.option("data").isPresent()) {
            dir = Path.of(args.option("data").get());
        } else {
            dir = Path.of("target", "own-data");
            SyntheticMovieLens.builder(7).users(300).movies(200).ratings(20_000).build().writeImplicitCsv(dir);
            System.err.println("wrote a synthetic shop to " + dir);
        }
        String user = args.option("user").orElse("u-1");
        int epochs = Integer.parseInt(args.option("epochs").orElse("5"));
        Path file = Path.of(args.option("model").orElse("target/own-model.zip"));
        // own:start
        InteractionData data = DelimitedReader.builder("user", "item")           // your column names
                .timestamp("time")                                                 // epoch s, ms or ISO-8601
                .itemText("title").itemCategories("categories", '|')
                .build()
                .read(dir.resolve("interactions.csv"), dir.resolve("items.csv")); // string ids, no rating: implicit
        Interactions kept = Preprocessing.of(Steps.mergeWithMovies()).run(data.interactions()).interactions();
        Split split = Splits.randomByRatio(kept, 0.8, 0.1, 42);                    // train / validation / test
        Examples train = split.train().toExamples();
        Catalog items = data.items().toCatalog();

        IdEncoder userIds = IdEncoder.builder().build().fit(train.userIds());
        IdEncoder itemIds = IdEncoder.builder().build().fit(train.movieIds());
        try (UserTower users = UserTower.builder(userIds, 32).build();
             MovieTower itemTower = MovieTower.builder(itemIds, 32).catalog(items).build()) {
            RetrievalModel model = RetrievalModel.builder(users, itemTower, items).build();
            Trainer.builder().epochs(epochs).build().fit(model, train, split.validation().toExamples());
            SavedModel.builder().retrieval(model)
                    .ids(new OriginalIds(data.userIds(), data.itemIds()))         // the strings go into the file
                    .build().save(file);
        }
        Recommender recommender = Recommender.load(file);
        for (Recommendation r : recommender.recommend(recommender.userIdOf(user), Instant.now().getEpochSecond(), 10)) {
            System.out.println(r.itemId() + "  " + r.title());                   // sku-624  City Star (1991)
        }
        // own:end
    }
}
