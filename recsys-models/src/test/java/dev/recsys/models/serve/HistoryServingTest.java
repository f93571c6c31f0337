package dev.recsys.models.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.recsys.core.data.Examples;
import dev.recsys.core.features.MaskedIndices;
import dev.recsys.core.features.RecentItems;
import dev.recsys.core.optim.Adam;
import dev.recsys.models.Fixtures;
import dev.recsys.models.io.SavedModel;
import dev.recsys.models.task.RankingModel;
import dev.recsys.models.task.RetrievalModel;
import dev.recsys.models.tower.MovieTower;
import dev.recsys.models.tower.Pooling;
import dev.recsys.models.tower.UserTower;
import dev.recsys.models.train.Trainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A retrieval model whose user tower has a history feature, served from memory and from a file. */
class HistoryServingTest {

    private static final Fixtures WORLD = new Fixtures(2, 400);
    private static final long LATE = Fixtures.T0 + 86_400L * 400;

    @ParameterizedTest
    @EnumSource(Pooling.class)
    void theStoredHistoryAndARequestsHistoryServeAliveAndFromAFile(Pooling pooling, @TempDir Path dir)
            throws IOException {
        RecentItems recent = RecentItems.builder().maxLength(8).build().fit(WORLD.train);
        Path file = dir.resolve("history-model.zip");
        Recommender inMemory;
        try (UserTower users = UserTower.builder(WORLD.userIds, 6).history(recent, WORLD.movieIds, 6, pooling)
                .historyAttention(1, 2, 0.1).build();
             MovieTower movies = MovieTower.builder(WORLD.movieIds, 6).build()) {
            RetrievalModel model = RetrievalModel.builder(users, movies, WORLD.catalog).build();
            // a GRU history learns more slowly from these 400 ratings: give it more epochs
            Trainer.builder().epochs(pooling == Pooling.GRU ? 8 : 3).batchSize(64).optimizer(() -> Adam.builder(0.02).build()).build()
                    .fit(model, WORLD.train, null);
            inMemory = Recommender.of(model);
            SavedModel.builder().retrieval(model).build().save(file);
        }
        Recommender loaded = Recommender.load(file);
        for (int user = 1; user <= Fixtures.USERS; user += 7) {
            assertThat(ids(loaded.recommend(user, LATE, 5))).as("%s, user %d, loaded vs in memory", pooling, user)
                    .isEqualTo(ids(inMemory.recommend(user, LATE, 5)));
        }
        // the user's own training history, given with the request, answers as the stored one
        int user = 4;
        int[] own = history(recent, user);
        assertThat(own).isNotEmpty();
        assertThat(ids(loaded.recommend(Recommender.Request.builder(user, LATE).k(5).history(own).build())))
                .isEqualTo(ids(loaded.recommend(user, LATE, 5)));
        // a user the model never saw: with that history the answer is user 4's taste group's movies
        // (the fixtures' users rate only movies of their group: movie id - 100 ≡ user - 1 mod 3)
        List<Recommendation> stranger = loaded.recommend(Recommender.Request.builder(999, LATE).k(5).history(own).build());
        long inGroup = stranger.stream().filter(r -> (r.movieId() - 100) % Fixtures.GROUPS == (user - 1) % Fixtures.GROUPS)
                .count();
        assertThat(inGroup).as("%s, stranger with user %d's history: %s", pooling, user, ids(stranger))
                .isGreaterThanOrEqualTo(4);
        assertThat(loaded.knowsUser(999)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Pooling.class)
    void aHistorySharingTheMovieIdTableServesTheTrainingScoresFromMemoryAndFromAFile(Pooling pooling,
            @TempDir Path dir) throws IOException {
        // the query embeddings read the movie tower's id table: the frozen towers (from the
        // models, and from the file without ND4J) and the reloaded training towers must give the
        // training model's retrieval scores and ratings on every test example
        RecentItems recent = RecentItems.builder().maxLength(8).build().fit(WORLD.train);
        Path file = dir.resolve("shared-history.zip");
        Examples queries = WORLD.test;
        float[][] expectedScores;
        double[] expectedRatings;
        Recommender inMemory;
        try (MovieTower movies = MovieTower.builder(WORLD.movieIds, 6).build();
             UserTower users = UserTower.builder(WORLD.userIds, 6).history(recent, movies, pooling)
                     .historyAttention(1, 2, 0.1).build();
             RankingModel ranking = RankingModel.builder(users, movies).build()) {
            RetrievalModel model = RetrievalModel.builder(users, movies, WORLD.catalog).build();
            Trainer.builder().epochs(2).batchSize(64).optimizer(() -> Adam.builder(0.02).build()).build()
                    .fit(model, WORLD.train, null);
            expectedScores = model.scores(queries.userIds(), queries.timestamps());
            expectedRatings = ranking.predict(queries);
            inMemory = Recommender.of(model, ranking);
            SavedModel.builder().retrieval(model).ranking(ranking).build().save(file);
        }
        assertServes(inMemory, queries, expectedScores, expectedRatings, pooling + ", Recommender.of");
        assertServes(Recommender.load(file), queries, expectedScores, expectedRatings, pooling + ", Recommender.load");
        try (SavedModel loaded = SavedModel.load(file)) {
            RetrievalModel retrieval = loaded.retrieval().orElseThrow();
            RankingModel ranking = loaded.ranking().orElseThrow();
            assertThat(retrieval.users().historyMovieTower()).isSameAs(retrieval.movies());
            assertThat(ranking.users()).isSameAs(retrieval.users());
            // the same float32 weights through the same ND4J ops: the same floats
            assertThat(retrieval.scores(queries.userIds(), queries.timestamps())).as(pooling.toString())
                    .isDeepEqualTo(expectedScores);
            assertThat(ranking.predict(queries)).as(pooling.toString()).containsExactly(expectedRatings);
        }
    }

    private static void assertServes(Recommender served, Examples queries, float[][] scores, double[] ratings,
            String what) {
        double tolerance = RecommenderTest.TOLERANCE;
        for (int i = 0; i < queries.size(); i++) {
            List<Recommendation> all = served.recommend(Recommender.Request.builder(queries.userId(i),
                    queries.timestamp(i)).k(Fixtures.MOVIES).retrieve(Fixtures.MOVIES).build());
            assertThat(all).as("%s, example %d", what, i).isNotEmpty();
            for (Recommendation r : all) {
                double expected = scores[i][WORLD.catalog.rowOf(r.movieId())];
                assertThat((double) r.retrievalScore()).as("%s, example %d, movie %d", what, i, r.movieId())
                        .isCloseTo(expected, within(tolerance * (1 + Math.abs(expected))));
            }
            List<Recommendation> own = served.recommend(Recommender.Request.builder(queries.userId(i),
                    queries.timestamp(i)).k(1).allowOnly(queries.movieId(i)).build());
            assertThat(own.get(0).predictedRating()).as("%s, rating of example %d", what, i)
                    .isCloseTo(ratings[i], within(tolerance * (1 + Math.abs(ratings[i]))));
        }
    }

    private static int[] history(RecentItems recent, int user) {
        MaskedIndices h = recent.encode(new int[] {user}, new long[] {LATE});
        int[] ids = h.indices();
        float[] mask = h.mask();
        return IntStream.range(0, ids.length).filter(i -> mask[i] == 1).map(i -> ids[i]).toArray();
    }

    private static List<Integer> ids(List<Recommendation> recommendations) {
        return recommendations.stream().map(Recommendation::movieId).toList();
    }
}
