package dev.recsys.examples;

import dev.recsys.core.data.Catalog;
import dev.recsys.core.data.Examples;
import dev.recsys.core.features.CyclicTimeEncoder;
import dev.recsys.core.features.Discretizer;
import dev.recsys.core.features.IdEncoder;
import dev.recsys.core.features.Normalizer;
import dev.recsys.core.optim.Adam;
import dev.recsys.data.Interactions;
import dev.recsys.data.MovieLensData;
import dev.recsys.data.movielens.MovieLensReader;
import dev.recsys.data.prep.Preprocessing;
import dev.recsys.data.split.Split;
import dev.recsys.data.split.Splits;
import dev.recsys.models.io.Provenance;
import dev.recsys.models.io.SavedModel;
import dev.recsys.models.task.RankingModel;
import dev.recsys.models.task.Retrieval;
import dev.recsys.models.task.RetrievalModel;
import dev.recsys.models.tower.MovieTower;
import dev.recsys.models.tower.UserTower;
import dev.recsys.models.train.EpochReport;
import dev.recsys.models.train.Trainer;
import dev.recsys.models.train.TrainingResult;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The examples' training run: the seed protocol's data (preprocessed, 60,000 train / rest test,
 * split seed 42), a retrieval model (user id + time buckets; movie id) and a ranking model (user
 * id, time buckets, cyclic and z-scored time; movie id), trained with the harness's best settings,
 * evaluated on the test split and saved.
 */
final class ModelPipeline {

    static final int TRAIN_COUNT = 60_000;
    static final long SEED = 42;

    private ModelPipeline() {
    }

    /** What a run measured. */
    record Outcome(Map<String, Double> retrieval, double rmse, double trainSeconds, Examples train) {}

    /** Reads, preprocesses and splits {@code dir}, trains both models, saves them to {@code out}. */
    static Outcome trainAndSave(Path dir, Path out, int retrievalEpochs, int rankingEpochs, PrintStream progress)
            throws IOException {
        MovieLensData data = MovieLensReader.builder().build().read(dir);
        Interactions kept = Preprocessing.seedProtocol().run(data.ratings()).interactions();
        Split split = Splits.randomByCount(kept, TRAIN_COUNT, SEED);
        Examples train = split.train().toExamples();
        Examples test = split.test().toExamples();
        Catalog movies = data.movies().toCatalog();
        progress.printf(Locale.ROOT, "data: %d train, %d test examples, %d candidate movies%n",
                train.size(), test.size(), movies.size());

        IdEncoder userIds = IdEncoder.builder().build().fit(train.userIds());
        IdEncoder movieIds = IdEncoder.builder().build().fit(train.movieIds());
        Discretizer time = Discretizer.equalWidth(1000).fit(train.timestamps());
        long start = System.nanoTime();
        try (UserTower users = UserTower.builder(userIds, 32).timeBuckets(time, 32).outputDim(32).build();
             MovieTower items = MovieTower.builder(movieIds, 32).catalog(movies).outputDim(32).build();
             UserTower rankUsers = UserTower.builder(userIds, 32).timeBuckets(time, 32)
                     .cyclicTime(CyclicTimeEncoder.standard(), 8)
                     .normalizedTimestamp(Normalizer.create().fit(train.timestamps())).outputDim(32).build();
             MovieTower rankItems = MovieTower.builder(movieIds, 32).catalog(movies).outputDim(32).build();
             RankingModel ranking = RankingModel.builder(rankUsers, rankItems).build()) {
            RetrievalModel retrieval = RetrievalModel.builder(users, items, movies)
                    .task(Retrieval.builder().samplingCorrection(true).build())
                    .build();
            TrainingResult retrieved = Trainer.builder()
                    .epochs(retrievalEpochs).batchSize(2048).seed(SEED)
                    .optimizer(() -> Adam.builder(0.005).build())
                    .evaluateEvery(retrievalEpochs)
                    .listener(r -> epoch(progress, "retrieval", r))
                    .build()
                    .fit(retrieval, train, test);
            TrainingResult ranked = Trainer.builder()
                    .epochs(rankingEpochs).batchSize(2048).seed(SEED)
                    .optimizer(() -> Adam.builder(0.001).build())
                    .evaluateEvery(rankingEpochs)
                    .listener(r -> epoch(progress, "ranking", r))
                    .build()
                    .fit(ranking, train, test);
            double seconds = (System.nanoTime() - start) / 1e9;
            Map<String, Double> metrics = new LinkedHashMap<>(retrieved.metrics());
            metrics.put("rmse", ranked.metrics().get("rmse"));
            Provenance provenance = Provenance.builder()
                    .seed(SEED)
                    .trainingData(train)                                      // fingerprint and time range
                    .training("data", "MovieLens " + dir.getFileName() + ", seed protocol, 60,000 train, split seed 42")
                    .training("retrieval", "user id + time buckets / movie id, dim 32, Adam 0.005, logQ, "
                            + retrievalEpochs + " epochs, batch 2048")
                    .training("ranking", "user id + time buckets + cyclic + z-scored time / movie id, dim 32, "
                            + "head 128-64, Adam 0.001, " + rankingEpochs + " epochs, batch 2048")
                    .metrics(metrics)
                    .build();
            // save:start
            SavedModel.builder().retrieval(retrieval).ranking(ranking).provenance(provenance).build().save(out);
            // save:end
            return new Outcome(retrieved.metrics(), ranked.metrics().get("rmse"), seconds, train);
        }
    }

    /** The learning curve goes to stderr directly: under {@code mvn exec:java}, slf4j logging is muted. */
    private static void epoch(PrintStream progress, String model, EpochReport r) {
        progress.printf(Locale.ROOT, "%s epoch %d: loss %.4f %s(%.0f examples/s, %.1f s)%n", model, r.epoch(),
                r.loss(), r.metrics().isEmpty() ? "" : r.metrics() + " ", r.examplesPerSecond(), r.elapsedSeconds());
    }
}
