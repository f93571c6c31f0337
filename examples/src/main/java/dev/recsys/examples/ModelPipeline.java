package dev.recsys.examples;

import dev.recsys.core.data.Catalog;
import dev.recsys.core.data.Examples;
import dev.recsys.core.features.CyclicTimeEncoder;
import dev.recsys.core.features.Discretizer;
import dev.recsys.core.features.IdEncoder;
import dev.recsys.core.features.Normalizer;
import dev.recsys.data.Interactions;
import dev.recsys.data.MovieLensData;
import dev.recsys.data.movielens.MovieLensReader;
import dev.recsys.data.prep.Preprocessing;
import dev.recsys.data.split.Split;
import dev.recsys.data.split.Splits;
import dev.recsys.models.eval.Evaluator;
import dev.recsys.models.eval.Report;
import dev.recsys.models.io.Provenance;
import dev.recsys.models.io.SavedModel;
import dev.recsys.models.task.RankingModel;
import dev.recsys.models.task.RetrievalModel;
import dev.recsys.models.tower.MovieTower;
import dev.recsys.models.tower.UserTower;
import dev.recsys.models.train.EpochReport;
import dev.recsys.models.train.Trainer;
import dev.recsys.models.train.TrainingResult;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The examples' training run: the seed protocol's data (preprocessed; 54,000 train, 6,000
 * validation, 6,658 test ratings, split seed 42), a retrieval model (user id + time buckets; movie
 * id) and a ranking model (user id, time buckets, cyclic and z-scored time; movie id), trained with
 * the library's defaults and early stopping on the validation part, evaluated once on the test
 * part and saved.
 */
final class ModelPipeline {

    static final int TRAIN_COUNT = 54_000;
    static final int VALIDATION_COUNT = 6_000;
    static final long SEED = 42;

    private ModelPipeline() {
    }

    /**
     * What a run measured.
     *
     * @param retrieval the retrieval model's test metrics
     * @param ranking the ranking model's test metrics
     * @param trainSeconds time in training steps, evaluation excluded
     * @param seen train and validation: what a user has rated before the test part
     */
    record Outcome(Report retrieval, Report ranking, double trainSeconds, Examples seen) {}

    /**
     * Reads, preprocesses and splits {@code dir}, trains both models for at most the given epochs
     * (early stopping on validation), tests them, saves them to {@code out}.
     */
    static Outcome trainAndSave(Path dir, Path out, int retrievalEpochs, int rankingEpochs, PrintStream progress)
            throws IOException {
        return trainAndSave(dir, out, retrievalEpochs, rankingEpochs, new PrintWriter(progress, true),
                (model, metric, epochs) -> r -> epoch(progress, model, metric, r));
    }

    /**
     * {@link #trainAndSave(Path, Path, int, int, PrintStream)} with the data line on {@code log} and
     * each model's epochs reported to the listener {@code progress} makes.
     */
    static Outcome trainAndSave(Path dir, Path out, int retrievalEpochs, int rankingEpochs, PrintWriter log,
            QuickStart.ProgressFactory progress) throws IOException {
        MovieLensData data = MovieLensReader.builder().build().read(dir);
        Interactions kept = Preprocessing.seedProtocol().run(data.ratings()).interactions();
        Split split = Splits.randomByCount(kept, TRAIN_COUNT, VALIDATION_COUNT, SEED);
        Examples train = split.train().toExamples();
        Examples validation = split.validation().toExamples();
        Examples test = split.test().toExamples();
        Catalog movies = data.movies().toCatalog();
        log.printf(Locale.ROOT, "data: %d train, %d validation, %d test examples, %d candidate movies%n",
                train.size(), validation.size(), test.size(), movies.size());
        log.flush();

        IdEncoder userIds = IdEncoder.builder().build().fit(train.userIds());
        IdEncoder movieIds = IdEncoder.builder().build().fit(train.movieIds());
        Discretizer time = Discretizer.equalWidth(1000).fit(train.timestamps());
        try (UserTower users = UserTower.builder(userIds, 32).timeBuckets(time, 32).outputDim(32).build();
             MovieTower items = MovieTower.builder(movieIds, 32).catalog(movies).outputDim(32).build();
             UserTower rankUsers = UserTower.builder(userIds, 32).timeBuckets(time, 32)
                     .cyclicTime(CyclicTimeEncoder.standard(), 8)
                     .normalizedTimestamp(Normalizer.create().fit(train.timestamps())).outputDim(32).build();
             MovieTower rankItems = MovieTower.builder(movieIds, 32).catalog(movies).outputDim(32).build();
             RankingModel ranking = RankingModel.builder(rankUsers, rankItems).build()) {
            RetrievalModel retrieval = RetrievalModel.builder(users, items, movies).build();
            TrainingResult retrieved = Trainer.builder().epochs(retrievalEpochs).earlyStopping(2).seed(SEED)
                    .listener(progress.of("retrieval", "factorizedTop@100", retrievalEpochs))
                    .build()
                    .fit(retrieval, train, validation);
            TrainingResult ranked = Trainer.builder().epochs(rankingEpochs).earlyStopping(2).seed(SEED)
                    .listener(progress.of("ranking", "rmse", rankingEpochs))
                    .build()
                    .fit(ranking, train, validation);
            Evaluator evaluator = Evaluator.builder().build();
            Report retrievalTest = evaluator.ranking(retrieval, test);
            Report rankingTest = evaluator.ratings(ranking, test);
            Map<String, Double> metrics = new LinkedHashMap<>(retrievalTest.metrics());
            metrics.putAll(rankingTest.metrics());
            Provenance provenance = Provenance.builder()
                    .seed(SEED)
                    .trainingData(train)                                      // fingerprint and time range
                    .training("data", "MovieLens " + dir.getFileName()
                            + ", seed protocol, 54,000 train / 6,000 validation, split seed 42")
                    .training("retrieval", "user id + time buckets / movie id, dim 32, library defaults, "
                            + retrieved.bestEpoch() + " epochs chosen on validation")
                    .training("ranking", "user id + time buckets + cyclic + z-scored time / movie id, dim 32, "
                            + "library defaults, " + ranked.bestEpoch() + " epochs chosen on validation")
                    .metrics(metrics)
                    .build();
            // save:start
            SavedModel.builder().retrieval(retrieval).ranking(ranking).provenance(provenance).build().save(out);
            // save:end
            Examples seen = split.trainAndValidation().toExamples();
            return new Outcome(retrievalTest, rankingTest, retrieved.trainSeconds() + ranked.trainSeconds(), seen);
        }
    }

    /** The learning curve goes to stderr directly: under {@code mvn exec:java}, slf4j logging is muted. */
    private static void epoch(PrintStream progress, String model, String metric, EpochReport r) {
        progress.printf(Locale.ROOT, "%s epoch %d: loss %.4f, validation %s %s (%.0f examples/s, %.1f s)%n", model,
                r.epoch(), r.loss(), metric, Report.format(r.metrics().get(metric)), r.examplesPerSecond(),
                r.elapsedSeconds());
    }
}
