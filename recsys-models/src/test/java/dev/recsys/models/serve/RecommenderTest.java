package dev.recsys.models.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.recsys.core.data.Examples;
import dev.recsys.models.Fixtures;
import dev.recsys.models.TrainedModels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The recommender against independent computations on the same trained models. */
class RecommenderTest {

    private static TrainedModels trained;
    private static Recommender recommender;
    private static final long T = Fixtures.T0 + 86_400L * 100;
    private static final int ALL = Fixtures.MOVIES;

    @BeforeAll
    static void trainOnce() {
        trained = TrainedModels.train(5);
        recommender = Recommender.of(trained.retrieval(), trained.ranking());
    }

    @AfterAll
    static void free() {
        trained.close();
    }

    @Test
    void scoresAreTheDotProductsAndRatingsTheRankingModelsOrderedByRating() {
        // reference: query and candidate embeddings from the model, dot products by hand, ratings
        // from RankingModel.predict one movie at a time
        int user = 4;
        float[] query;
        float[][] candidates;
        try (INDArray q = trained.retrieval().queryEmbeddings(one(user, 0));
             INDArray c = trained.retrieval().candidateEmbeddings()) {
            query = q.toFloatVector();
            candidates = c.toFloatMatrix();
        }
        List<Recommendation> top = recommender.recommend(Recommender.Request.builder(user, T).k(5).retrieve(ALL).build());
        assertThat(top).hasSize(5);
        for (Recommendation r : top) {
            int row = TrainedModels.WORLD.catalog.rowOf(r.movieId());
            float dot = 0;
            for (int d = 0; d < query.length; d++) {
                dot += query[d] * candidates[row][d];
            }
            assertThat(r.retrievalScore()).isCloseTo(dot, within(1e-5f));
            assertThat(r.predictedRating()).isEqualTo(trained.ranking().predict(one(user, r.movieId()))[0]);
            assertThat(r.title()).isEqualTo(TrainedModels.WORLD.catalog.titles().get(row));
        }
        for (int i = 1; i < top.size(); i++) {
            assertThat(top.get(i).predictedRating()).isLessThanOrEqualTo(top.get(i - 1).predictedRating());
        }
        // with every movie retrieved, the top 5 are the 5 best predicted ratings of all movies
        double[] all = new double[ALL];
        for (int m = 0; m < ALL; m++) {
            all[m] = trained.ranking().predict(one(user, TrainedModels.WORLD.catalog.id(m)))[0];
        }
        Arrays.sort(all);
        assertThat(top.get(0).predictedRating()).isEqualTo(all[ALL - 1]);
        assertThat(top.get(4).predictedRating()).isEqualTo(all[ALL - 5]);
    }

    @Test
    void excludedMoviesAreLeftOutAndTheRestKeepTheirOrder() {
        List<Recommendation> full = recommender.recommend(Recommender.Request.builder(7, T).k(ALL).retrieve(ALL).build());
        int[] seen = {full.get(0).movieId(), full.get(2).movieId(), 99_999};
        List<Recommendation> rest = recommender.recommend(
                Recommender.Request.builder(7, T).k(5).retrieve(ALL).exclude(seen).build());
        List<Recommendation> expected = full.stream()
                .filter(r -> r.movieId() != seen[0] && r.movieId() != seen[1]).limit(5).toList();
        assertThat(rest).isEqualTo(expected);
    }

    @Test
    void allowAndDenyLists() {
        int[] allowed = {100, 101, 102, 103};
        List<Recommendation> top = recommender.recommend(Recommender.Request.builder(2, T).k(10)
                .allowOnly(allowed).exclude(101, 123_456).build());
        assertThat(top).extracting(Recommendation::movieId).containsExactlyInAnyOrder(100, 102, 103);
        List<Recommendation> plain = recommender.recommend(2, T, 10);
        List<Recommendation> deniedUnknown = recommender.recommend(Recommender.Request.builder(2, T).k(10)
                .exclude(-1, 555_555).build());
        assertThat(deniedUnknown).isEqualTo(plain);
    }

    @Test
    void unknownUsersGetTheOutOfVocabularyEmbedding() {
        assertThat(recommender.knowsUser(3)).isTrue();
        assertThat(recommender.knowsUser(10_000)).isFalse();
        List<Recommendation> top = recommender.recommend(10_000, T, 5);
        assertThat(top).hasSize(5);
        // one OOV bucket by default: every unknown user shares its embedding, hence its recommendations
        assertThat(recommender.recommend(20_000, T, 5)).isEqualTo(top);
    }

    @Test
    void concurrentCallsGiveTheSingleThreadedAnswers() throws Exception {
        List<Integer> users = new ArrayList<>();
        for (int u = 0; u <= Fixtures.USERS + 2; u++) {
            users.add(u);
        }
        List<List<Recommendation>> expected = users.stream().map(u -> recommender.recommend(u, T + u, 6)).toList();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<List<Recommendation>>>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                futures.add(pool.submit(() -> users.stream().map(u -> recommender.recommend(u, T + u, 6))
                        .collect(Collectors.toList())));
            }
            for (Future<List<List<Recommendation>>> future : futures) {
                assertThat(future.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void similarMoviesByCosineLeaveTheMovieOut() {
        float[][] candidates;
        try (INDArray c = trained.retrieval().candidateEmbeddings()) {
            candidates = c.toFloatMatrix();
        }
        int movie = 105;
        List<SimilarMovie> similar = recommender.similar(movie, 3);
        assertThat(similar).hasSize(3).extracting(SimilarMovie::movieId).doesNotContain(movie);
        // reference: the best cosine over all other movies, by hand
        float[] a = candidates[TrainedModels.WORLD.catalog.rowOf(movie)];
        int best = -1;
        double bestCosine = -2;
        for (int row = 0; row < ALL; row++) {
            if (TrainedModels.WORLD.catalog.id(row) == movie) {
                continue;
            }
            double dot = 0;
            double na = 0;
            double nb = 0;
            for (int d = 0; d < a.length; d++) {
                dot += a[d] * candidates[row][d];
                na += a[d] * a[d];
                nb += candidates[row][d] * candidates[row][d];
            }
            double cosine = dot / Math.sqrt(na * nb);
            if (cosine > bestCosine) {
                bestCosine = cosine;
                best = TrainedModels.WORLD.catalog.id(row);
            }
        }
        assertThat(similar.get(0).movieId()).isEqualTo(best);
        assertThat((double) similar.get(0).similarity()).isCloseTo(bestCosine, within(1e-4));
        assertThatThrownBy(() -> recommender.similar(5, 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("movie 5 is not in the candidate catalogue of 24 movies");
    }

    @Test
    void withoutRankingResultsFollowRetrievalScores() {
        Recommender retrievalOnly = Recommender.of(trained.retrieval());
        List<Recommendation> top = retrievalOnly.recommend(9, T, 4);
        assertThat(top).hasSize(4).allSatisfy(r -> assertThat(r.predictedRating()).isNaN());
        for (int i = 1; i < top.size(); i++) {
            assertThat(top.get(i).retrievalScore()).isLessThanOrEqualTo(top.get(i - 1).retrievalScore());
        }
    }

    @Test
    void badRequestsAreRejected() {
        assertThatThrownBy(() -> Recommender.Request.builder(1, T).k(10).retrieve(5).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("retrieve must be at least k = 10, found 5");
        assertThatThrownBy(() -> Recommender.Request.builder(1, T).k(0).build())
                .hasMessage("k must be positive, found 0");
    }

    private static Examples one(int user, int movie) {
        return Examples.of(new int[] {user}, new long[] {T}, new int[] {movie}, new float[] {0f});
    }
}
