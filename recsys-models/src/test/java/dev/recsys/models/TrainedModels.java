package dev.recsys.models;

import dev.recsys.core.optim.Adam;
import dev.recsys.models.task.RankingModel;
import dev.recsys.models.task.RetrievalModel;
import dev.recsys.models.tower.MovieTower;
import dev.recsys.models.tower.Pooling;
import dev.recsys.models.tower.UserTower;
import dev.recsys.models.train.Trainer;
import java.util.stream.Stream;

/**
 * A retrieval model and a ranking model with their own towers on {@link #WORLD}, trained a little
 * so weights differ from the seeds': the fixture of the persistence and serving tests.
 */
public record TrainedModels(UserTower retrievalUsers, MovieTower retrievalMovies, RetrievalModel retrieval,
                            UserTower rankingUsers, MovieTower rankingMovies, RankingModel ranking) {

    /** The synthetic world every trained fixture uses. */
    public static final Fixtures WORLD = new Fixtures(11, 400);

    private static TrainedModels shared;

    /**
     * The models trained with seed 3, once per test JVM and never closed: for the tests that only
     * read a trained model (serving, model files), so that each does not pay for training.
     */
    public static synchronized TrainedModels shared() {
        if (shared == null) {
            shared = train(3);
        }
        return shared;
    }

    /** Trains both models for two epochs with {@code seed}. */
    public static TrainedModels train(long seed) {
        UserTower ru = WORLD.userTower(6).hidden(5).seed(seed).build();
        MovieTower rm = WORLD.movieTower(6).seed(seed).build();
        RetrievalModel retrieval = RetrievalModel.builder(ru, rm, WORLD.catalog).build();
        UserTower ku = UserTower.builder(WORLD.userIds, 4).timeBuckets(WORLD.buckets, 2).seed(seed).build();
        MovieTower km = MovieTower.builder(WORLD.movieIds, 4).catalog(WORLD.catalog)
                .title(WORLD.titles, 3, Pooling.GRU).hidden(4).outputDim(5).seed(seed).build();
        RankingModel ranking = RankingModel.builder(ku, km).hidden(8).seed(seed).build();
        Trainer trainer = Trainer.builder().epochs(2).batchSize(64).seed(seed)
                .optimizer(() -> Adam.builder(0.02).build()).build();
        trainer.fit(retrieval, WORLD.train, WORLD.test);
        trainer.fit(ranking, WORLD.train, WORLD.test);
        return new TrainedModels(ru, rm, retrieval, ku, km, ranking);
    }

    /** Frees every tower's parameters. */
    public void close() {
        ranking.close();
        Stream.of(retrievalUsers, rankingUsers).forEach(UserTower::close);
        Stream.of(retrievalMovies, rankingMovies).forEach(MovieTower::close);
    }
}
