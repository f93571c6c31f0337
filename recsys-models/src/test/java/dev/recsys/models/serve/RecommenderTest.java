package dev.recsys.models.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.recsys.core.data.Examples;
import dev.recsys.core.nn.ParameterStore;
import dev.recsys.models.Fixtures;
import dev.recsys.models.TrainedModels;
import dev.recsys.models.io.SavedModel;
import dev.recsys.models.task.RankingModel;
import dev.recsys.models.task.RetrievalModel;
import dev.recsys.models.tower.MovieTower;
import dev.recsys.models.tower.UserTower;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The recommender against independent computations on the same trained models (the training
 * forward pass, dot products by hand), and its behaviour under concurrency and model swaps.
 *
 * <p>Tolerance of frozen vs training outputs: {@value #TOLERANCE} · (1 + |y|), the towers' (see
 * {@code FrozenTowerTest}): the frozen pass adds the same float32 products in another order.
 */
class RecommenderTest {

    static final double TOLERANCE = 1e-5;
    private static TrainedModels trained;
    private static Recommender recommender;
    private static final long T = Fixtures.T0 + 86_400L * 100;
    private static final int ALL = Fixtures.MOVIES;

    @BeforeAll
    static void trainOnce() {
        trained = TrainedModels.shared();
        recommender = Recommender.of(trained.retrieval(), trained.ranking());
    }

    @Test
    void frozenOutputsEqualTheTrainingForwardPass() {
        // every test example plus unknown users and times far from training: query embeddings,
        // candidate embeddings and ratings of the frozen model vs RetrievalModel / RankingModel
        Examples queries = withStrangers(TrainedModels.WORLD.test);
        FrozenModel frozen = recommender.frozen();
        float[] expectedQueries;
        float[] expectedCandidates;
        try (INDArray q = trained.retrieval().queryEmbeddings(queries);
             INDArray c = trained.retrieval().candidateEmbeddings()) {
            expectedQueries = q.data().asFloat();
            expectedCandidates = c.data().asFloat();
        }
        assertClose(frozen.queries(queries.userIds(), queries.timestamps(), null), expectedQueries, "query embeddings");
        float[] candidates = new float[ALL * frozen.dim()];
        for (int row = 0; row < ALL; row++) {
            System.arraycopy(frozen.embedding(row), 0, candidates, row * frozen.dim(), frozen.dim());
        }
        assertClose(candidates, expectedCandidates, "candidate embeddings");
        double[] expectedRatings = trained.ranking().predict(queries);
        for (int i = 0; i < queries.size(); i++) {
            int user = queries.userId(i);
            List<Recommendation> one = recommender.recommend(Recommender.Request.builder(user, queries.timestamp(i))
                    .k(1).allowOnly(queries.movieId(i)).build());
            assertThat(one).hasSize(1);
            assertThat(one.get(0).predictedRating()).as("rating of example %d", i)
                    .isCloseTo(expectedRatings[i], within(TOLERANCE * (1 + Math.abs(expectedRatings[i]))));
        }
    }

    @Test
    void rankingHeadsOfEveryConfigurationServeAsInTrainingAndFromTheirFile(@TempDir Path dir) throws IOException {
        // each head option alone and together, with and without hidden layers, weights random so
        // that every bias row and layer matters: the frozen ratings (from the models and from
        // the saved file, read without ND4J) vs RankingModel.predict, on every test example plus
        // unknown users and far-off times; the file reloaded for training predicts identically
        Map<String, UnaryOperator<RankingModel.Builder>> heads = new LinkedHashMap<>();
        heads.put("mlp", b -> b);
        heads.put("biases", b -> b.biases(true));
        heads.put("dot product", b -> b.dotProduct(true));
        heads.put("biases and dot product", b -> b.biases(true).dotProduct(true));
        heads.put("biases and dot product, no hidden layer, dropout", b -> b.hidden().biases(true).mean(3.25)
                .dotProduct(true).dropout(0.3));
        Examples queries = withStrangers(TrainedModels.WORLD.test);
        for (Map.Entry<String, UnaryOperator<RankingModel.Builder>> head : heads.entrySet()) {
            String what = head.getKey();
            try (UserTower users = TrainedModels.WORLD.userTower(4).timeBuckets(TrainedModels.WORLD.buckets, 2).build();
                 MovieTower movies = TrainedModels.WORLD.movieTower(4).build();
                 RankingModel ranking = head.getValue().apply(RankingModel.builder(users, movies).hidden(6, 3)).build()) {
                ranking.beforeTraining(TrainedModels.WORLD.train);
                for (ParameterStore store : ranking.parameterStores()) {
                    Fixtures.randomize(store);
                }
                double[] expected = ranking.predict(queries);
                Path file = dir.resolve(what.replace(' ', '-') + ".zip");
                SavedModel.builder().retrieval(trained.retrieval()).ranking(ranking).build().save(file);
                for (Recommender served : List.of(Recommender.of(trained.retrieval(), ranking), Recommender.load(file))) {
                    for (int i = 0; i < queries.size(); i++) {
                        List<Recommendation> one = served.recommend(Recommender.Request.builder(queries.userId(i),
                                queries.timestamp(i)).k(1).allowOnly(queries.movieId(i)).build());
                        assertThat(one.get(0).predictedRating()).as("%s, example %d", what, i)
                                .isCloseTo(expected[i], within(TOLERANCE * (1 + Math.abs(expected[i]))));
                    }
                }
                try (SavedModel loaded = SavedModel.load(file)) {
                    RankingModel reloaded = loaded.ranking().orElseThrow();
                    assertThat(reloaded.headSpec().biases()).as(what).isEqualTo(ranking.biases());
                    assertThat(reloaded.dotProduct()).as(what).isEqualTo(ranking.dotProduct());
                    assertThat(reloaded.mean()).as(what).isEqualTo(ranking.mean());
                    assertThat(reloaded.dropout()).as(what).isEqualTo(ranking.dropout());
                    assertThat(reloaded.predict(queries)).as(what).containsExactly(expected);
                }
            }
        }
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
            assertThat(r.predictedRating()).isCloseTo(trained.ranking().predict(one(user, r.movieId()))[0],
                    within(TOLERANCE * 6));
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
        assertThat(top.get(0).predictedRating()).isCloseTo(all[ALL - 1], within(TOLERANCE * 6));
        assertThat(top.get(4).predictedRating()).isCloseTo(all[ALL - 5], within(TOLERANCE * 6));
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
        assertThat(retrievalOnly.ranks()).isFalse();
        List<Recommendation> top = retrievalOnly.recommend(9, T, 4);
        assertThat(top).hasSize(4).allSatisfy(r -> assertThat(r.predictedRating()).isNaN());
        for (int i = 1; i < top.size(); i++) {
            assertThat(top.get(i).retrievalScore()).isLessThanOrEqualTo(top.get(i - 1).retrievalScore());
        }
    }

    @Test
    void retrieveFollowsKWhenNotSet() {
        // issue 14: recommend(user, t, 101) failed with "retrieve must be at least k = 101, found 100"
        assertThat(Recommender.Request.builder(1, T).k(101).build().retrieve()).isEqualTo(101);
        assertThat(Recommender.Request.builder(1, T).k(5).build().retrieve()).isEqualTo(100);
        assertThat(recommender.recommend(1, T, 101)).hasSize(ALL);
        assertThat(Recommender.Request.builder(1, T).retrieve(3).k(2).build().retrieve()).isEqualTo(3);
    }

    @Test
    void badRequestsAreRejected() {
        assertThatThrownBy(() -> Recommender.Request.builder(1, T).k(10).retrieve(5).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("retrieve must be at least k = 10, found 5");
        assertThatThrownBy(() -> Recommender.Request.builder(1, T).k(10).retrieve(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("retrieve must be at least k = 10, found 0");
        assertThatThrownBy(() -> Recommender.Request.builder(1, T).k(0).build())
                .hasMessage("k must be positive, found 0");
        assertThatThrownBy(() -> Recommender.Request.builder(1, T).exclude((int[]) null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("movieIds");
        assertThatThrownBy(() -> recommender.recommend(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("request");
        assertThatThrownBy(() -> Recommender.of((RetrievalModel) null, null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("retrieval");
    }

    @Test
    void recommendAllGivesEveryUserTheAnswerOfRecommend() {
        int[] users = new int[Fixtures.USERS + 5];
        for (int i = 0; i < users.length; i++) {
            users[i] = i;   // 0 and 31.. are unknown
        }
        List<List<Recommendation>> all = recommender.recommendAll(users, T, 6);
        assertThat(all).hasSize(users.length);
        for (int i = 0; i < users.length; i++) {
            assertSameAnswer(all.get(i), recommender.recommend(users[i], T, 6), "user " + users[i]);
        }
        // requests of their own: exclusions, an allow-list, other sizes
        List<Recommender.Request> requests = List.of(
                Recommender.Request.builder(3, T).k(4).exclude(100, 101, 102).build(),
                Recommender.Request.builder(4, T + 999).k(2).retrieve(5).build(),
                Recommender.Request.builder(5, T).k(3).allowOnly(110, 111, 112, 113).exclude(111).build());
        List<List<Recommendation>> answers = recommender.recommendAll(requests);
        for (int i = 0; i < requests.size(); i++) {
            assertSameAnswer(answers.get(i), recommender.recommend(requests.get(i)), "request " + i);
        }
        assertThat(recommender.recommendAll(new int[0], T, 3)).isEmpty();
    }

    @Test
    void aRecommenderOutlivesTheModelsItWasMadeFrom() {
        TrainedModels other = TrainedModels.train(6);
        Recommender frozen = Recommender.of(other.retrieval(), other.ranking());
        List<Recommendation> before = frozen.recommend(5, T, 5);
        other.close();
        assertThat(frozen.recommend(5, T, 5)).isEqualTo(before);
    }

    @Test
    void closingASavedModelWhileRequestsRunIsHarmless(@TempDir Path dir) throws Exception {
        // issue 14: closing a SavedModel under running requests crashed the JVM in native code
        Path file = dir.resolve("model.zip");
        SavedModel.builder().retrieval(trained.retrieval()).ranking(trained.ranking()).build().save(file);
        SavedModel saved = SavedModel.load(file);
        Recommender served = Recommender.of(saved);
        List<List<Recommendation>> expected = new ArrayList<>();
        for (int user = 0; user < 8; user++) {
            expected.add(served.recommend(user, T, 5));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> callers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                callers.add(pool.submit(() -> {
                    int calls = 0;
                    for (int round = 0; round < 300; round++) {
                        for (int user = 0; user < 8; user++) {
                            assertThat(served.recommend(user, T, 5)).isEqualTo(expected.get(user));
                            calls++;
                        }
                    }
                    return calls;
                }));
            }
            Thread.sleep(5);
            saved.close();
            for (Future<Integer> caller : callers) {
                assertThat(caller.get()).isEqualTo(2400);
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void hotSwapUnderConcurrentCallersGivesEveryAnswerFromTheOldOrTheNewModel() throws Exception {
        // two different models: the shared one re-ranking, and its retrieval model alone
        Recommender old = recommender;
        Recommender fresh = Recommender.of(trained.retrieval());
        int users = 10;
        List<List<Recommendation>> fromOld = new ArrayList<>();
        List<List<Recommendation>> fromNew = new ArrayList<>();
        for (int user = 0; user < users; user++) {
            fromOld.add(old.recommend(user, T, 5));
            fromNew.add(fresh.recommend(user, T, 5));
        }
        assertThat(fromNew).isNotEqualTo(fromOld);
        AtomicReference<Recommender> current = new AtomicReference<>(old);
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<int[]>> callers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int offset = t;
                callers.add(pool.submit(() -> {
                    int[] seen = new int[2];
                    for (int call = 0; running.get() || call < 200; call++) {
                        int user = (call + offset) % users;
                        List<Recommendation> answer = current.get().recommend(user, T, 5);
                        if (answer.equals(fromOld.get(user))) {
                            seen[0]++;
                        } else {
                            assertThat(answer).as("user %d", user).isEqualTo(fromNew.get(user));
                            seen[1]++;
                        }
                    }
                    return seen;
                }));
            }
            for (int swap = 0; swap < 200; swap++) {
                current.set(swap % 2 == 0 ? fresh : old);
                Thread.sleep(0, 200_000);
            }
            running.set(false);
            int total = 0;
            for (Future<int[]> caller : callers) {
                int[] seen = caller.get();
                total += seen[0] + seen[1];
            }
            assertThat(total).isGreaterThanOrEqualTo(800);
        } finally {
            pool.shutdown();
        }
    }

    private static void assertSameAnswer(List<Recommendation> batch, List<Recommendation> single, String what) {
        assertThat(batch).as(what).extracting(Recommendation::movieId)
                .containsExactlyElementsOf(single.stream().map(Recommendation::movieId).toList());
        for (int i = 0; i < single.size(); i++) {
            assertThat(batch.get(i).predictedRating()).as(what).isEqualTo(single.get(i).predictedRating());
            assertThat(batch.get(i).retrievalScore()).as(what).isCloseTo(single.get(i).retrievalScore(),
                    within(1e-5f));
        }
    }

    private static Examples withStrangers(Examples examples) {
        int n = examples.size();
        int[] users = Arrays.copyOf(examples.userIds(), n + 3);
        long[] times = Arrays.copyOf(examples.timestamps(), n + 3);
        int[] movies = Arrays.copyOf(examples.movieIds(), n + 3);
        users[n] = 10_000;
        times[n] = T;
        movies[n] = 100;
        users[n + 1] = 3;
        times[n + 1] = 0;
        movies[n + 1] = 101;
        users[n + 2] = 3;
        times[n + 2] = Fixtures.T0 + 86_400L * 365 * 30;
        movies[n + 2] = 102;
        return Examples.of(users, times, movies, new float[n + 3]);
    }

    private static void assertClose(float[] actual, float[] expected, String what) {
        assertThat(actual).as(what).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) actual[i]).as("%s [%d]", what, i)
                    .isCloseTo(expected[i], Offset.offset(TOLERANCE * (1 + Math.abs(expected[i]))));
        }
    }

    private static Examples one(int user, int movie) {
        return Examples.of(new int[] {user}, new long[] {T}, new int[] {movie}, new float[] {0f});
    }
}
