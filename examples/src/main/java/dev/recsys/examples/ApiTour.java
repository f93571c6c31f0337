package dev.recsys.examples;

import dev.recsys.core.data.Catalog;
import dev.recsys.core.data.Examples;
import dev.recsys.core.features.Discretizer;
import dev.recsys.core.features.IdEncoder;
import dev.recsys.data.Interactions;
import dev.recsys.data.MovieLensData;
import dev.recsys.data.movielens.MovieLensReader;
import dev.recsys.data.prep.Preprocessing;
import dev.recsys.data.split.Split;
import dev.recsys.data.split.Splits;
import dev.recsys.models.eval.Evaluator;
import dev.recsys.models.io.SavedModel;
import dev.recsys.models.serve.Recommendation;
import dev.recsys.models.serve.Recommender;
import dev.recsys.models.task.RetrievalModel;
import dev.recsys.models.tower.MovieTower;
import dev.recsys.models.tower.UserTower;
import dev.recsys.models.train.Trainer;
import dev.recsys.models.train.TrainingResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/**
 * The README's API tour as a program: read MovieLens, preprocess and split into train,
 * validation and test, fit encoders, build the towers, train a retrieval model with early stopping
 * on validation, evaluate it once on test, save it, load it back and recommend movies for one user.
 *
 * <pre>
 * ApiTour [--data DIR] [--epochs N]
 * </pre>
 */
public final class ApiTour {

    private ApiTour() {
    }

    /** Runs the tour; prints the metrics and ten movies for the first test user; writes target/tour-model.zip. */
    public static void main(String[] argv) throws IOException {
        Args args = Args.parse(argv, Set.of("data", "epochs"), Set.of());
        Path dir = DataLocation.resolve(args.option("data"));
        int epochs = Integer.parseInt(args.option("epochs").orElse("20"));
        // tour:start
        MovieLensData data = MovieLensReader.builder().build().read(dir);          // any MovieLens layout
        Interactions kept = Preprocessing.seedProtocol().run(data.ratings()).interactions();
        Split split = Splits.randomByCount(kept, 54_000, 6_000, 42);               // train / validation / test
        Examples train = split.train().toExamples();
        Examples validation = split.validation().toExamples();
        Examples test = split.test().toExamples();
        Catalog movies = data.movies().toCatalog();                               // all 9,742 candidates

        IdEncoder userIds = IdEncoder.builder().build().fit(train.userIds());     // fit on train only
        IdEncoder movieIds = IdEncoder.builder().build().fit(train.movieIds());
        Discretizer time = Discretizer.equalWidth(1000).fit(train.timestamps());

        try (UserTower users = UserTower.builder(userIds, 32).timeBuckets(time, 32).outputDim(32).build();
             MovieTower items = MovieTower.builder(movieIds, 32).catalog(movies).outputDim(32).build()) {
            RetrievalModel model = RetrievalModel.builder(users, items, movies).build(); // in-batch softmax + logQ
            TrainingResult result = Trainer.builder()
                    .epochs(epochs).earlyStopping(2)                              // Adam 0.005, batch 512
                    .build()
                    .fit(model, train, validation);                               // epochs chosen on validation
            System.out.println("best epoch " + result.bestEpoch() + "; test:");
            System.out.println(Evaluator.builder().build().evaluate(model, test)); // factorizedTop@k, recall@k, ...

            Path file = Path.of("target", "tour-model.zip");
            SavedModel.builder().retrieval(model).build().save(file);            // one zip, checksummed
            Recommender recommender = Recommender.load(file);                    // frozen, no ND4J; thread-safe
            for (Recommendation r : recommender.recommend(test.userId(0), test.timestamp(0), 10)) {
                System.out.printf("%.3f  %s%n", r.retrievalScore(), r.title());
            }
        }
        // tour:end
    }
}
