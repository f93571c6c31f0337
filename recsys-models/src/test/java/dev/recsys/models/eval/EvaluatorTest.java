package dev.recsys.models.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recsys.core.data.Catalog;
import dev.recsys.core.data.Examples;
import dev.recsys.models.CandidateScorer;
import dev.recsys.models.Fixtures;
import dev.recsys.models.RatingPredictor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class EvaluatorTest {

    /** Five candidates with ids 10, 20, 30, 40, 50 (rows 0..4). */
    private static final Catalog FIVE = Fixtures.numberedCatalog(5);

    @Test
    void factorizedTopKCountsStrictlyHigherScoresAsTheReferenceNotebookDoes() {
        // user 1 scores rows 0..4 as 0.1 0.9 0.5 0.5 0.3; their test movie is 30 (row 2, score 0.5):
        // one candidate (row 1) scores strictly higher, the tie with row 3 does not count,
        // so it is a miss at k = 1 and a hit at k = 2 and 5.
        CandidateScorer scorer = fixed(FIVE, Map.of(1, new float[] {0.1f, 0.9f, 0.5f, 0.5f, 0.3f}));
        Report report = Evaluator.builder().ks(1, 2, 5).build().ranking(scorer, examples(new int[] {1}, new int[] {30}));
        assertThat(report.get("factorizedTop@1")).isZero();
        assertThat(report.get("factorizedTop@2")).isEqualTo(1);
        assertThat(report.get("factorizedTop@5")).isEqualTo(1);
        // the ranked list breaks the tie by row (row 2 before row 3): 1, 2, 3, 4, 0, so row 2 is second
        assertThat(report.get("recall@1")).isZero();
        assertThat(report.get("recall@2")).isEqualTo(1);
        assertThat(report.get("mrr")).isEqualTo(0.5);
        // ndcg@2 with the one relevant row at position 2: (1 / log2 3) / 1
        assertThat(report.get("ndcg@2")).isCloseTo(1 / (Math.log(3) / Math.log(2)), within(1e-12));
        assertThat(report.queries()).isEqualTo(1);
        assertThat(report.nonFiniteScores()).isZero();
    }

    @Test
    void aNaNOrInfiniteScoreIsAMissAtEveryKAndIsCounted() {
        // Each user's test movie is 20 (row 1). User 1: its score is NaN. User 2: +infinity (would
        // beat everything if it were ranked). User 3: -infinity. User 4: finite 0.2 but two other
        // candidates are NaN; NaN beats nothing, so only row 3 (0.7) is higher: rank 2.
        float nan = Float.NaN;
        float inf = Float.POSITIVE_INFINITY;
        Map<Integer, float[]> scores = Map.of(
                1, new float[] {0.1f, nan, 0.3f, 0.2f, 0.0f},
                2, new float[] {0.1f, inf, 0.3f, 0.2f, 0.0f},
                3, new float[] {0.1f, -inf, 0.3f, 0.2f, 0.0f},
                4, new float[] {nan, 0.2f, nan, 0.7f, 0.1f});
        Report report = Evaluator.builder().ks(1, 2, 5).build()
                .ranking(fixed(FIVE, scores), examples(new int[] {1, 2, 3, 4}, new int[] {20, 20, 20, 20}));
        // only user 4 can hit: at k = 2 and 5, never at k = 1
        for (String metric : List.of("factorizedTop@", "recall@", "hitrate@")) {
            assertThat(report.get(metric + 1)).as(metric + 1).isZero();
            assertThat(report.get(metric + 2)).as(metric + 2).isEqualTo(0.25);
            assertThat(report.get(metric + 5)).as(metric + 5).isEqualTo(0.25);
        }
        assertThat(report.get("mrr")).isEqualTo(0.5 / 4);
        assertThat(report.nonFiniteScores()).isEqualTo(5); // NaN, +inf, -inf, and user 4's two NaN
    }

    @Test
    void anAllNaNScorerScoresZeroNotOne() {
        // a model whose loss blew up: every score NaN; the old path reported top-k accuracy 1.0
        float[] allNaN = new float[5];
        java.util.Arrays.fill(allNaN, Float.NaN);
        Report report = Evaluator.builder().build()
                .ranking(fixed(FIVE, Map.of(1, allNaN, 2, allNaN)), examples(new int[] {1, 2}, new int[] {10, 50}));
        assertThat(report.metrics()).allSatisfy((name, value) -> assertThat(value).as(name).isZero());
        assertThat(report.nonFiniteScores()).isEqualTo(10);
    }

    @Test
    void perUserQueriesExcludeSeenMoviesAndUseTheFirstTestTime() {
        // user 7 saw movies 10 and 20 in training; test movies 30 and 50, first at t = 100.
        // Scores at t = 100: 0.9 0.8 0.1 0.5 0.4 -> without the seen rows 0, 1: rows 3 (0.5), 4, 2.
        // The scorer answers differently at other times, so a query at t = 200 would be caught.
        CandidateScorer scorer = new CandidateScorer() {
            @Override
            public Catalog candidates() {
                return FIVE;
            }

            @Override
            public float[][] scores(int[] users, long[] times) {
                float[][] out = new float[users.length][];
                for (int q = 0; q < users.length; q++) {
                    out[q] = times[q] == 100 ? new float[] {0.9f, 0.8f, 0.1f, 0.5f, 0.4f} : new float[5];
                }
                return out;
            }
        };
        Examples train = Examples.of(new int[] {7, 7}, new long[] {1, 2}, new int[] {10, 20}, new float[] {4, 4});
        Examples test = Examples.of(new int[] {7, 7}, new long[] {200, 100}, new int[] {30, 50}, new float[] {3, 5});
        Report report = Evaluator.builder().ks(1, 2, 3).perUser(true).exclude(train).build().ranking(scorer, test);
        assertThat(report.queries()).isEqualTo(1);
        assertThat(report.relevantRows()).isEqualTo(2);
        // ranked: 40, 50, 30 -> recall@1 0, recall@2 1/2, recall@3 1
        assertThat(report.get("recall@1")).isZero();
        assertThat(report.get("recall@2")).isEqualTo(0.5);
        assertThat(report.get("recall@3")).isEqualTo(1);
        assertThat(report.get("hitrate@2")).isEqualTo(1);
        // ndcg@3: hits at positions 2 and 3: (1/log2 3 + 1/log2 4) / (1 + 1/log2 3)
        double log2of3 = Math.log(3) / Math.log(2);
        assertThat(report.get("ndcg@3")).isCloseTo((1 / log2of3 + 0.5) / (1 + 1 / log2of3), within(1e-12));
        // factorized per row: 50 (0.4) has one higher eligible (0.5); 30 (0.1) has two
        assertThat(report.get("factorizedTop@1")).isZero();
        assertThat(report.get("factorizedTop@2")).isEqualTo(0.5);
        assertThat(report.get("factorizedTop@3")).isEqualTo(1);
        // top 10 of this one query covers the three eligible rows of five
        assertThat(report.metrics()).doesNotContainKey("coverage@10");
        Report withCoverage = Evaluator.builder().perUser(true).exclude(train).build().ranking(scorer, test);
        assertThat(withCoverage.get("coverage@10")).isEqualTo(3.0 / 5);
    }

    @Test
    void ratingMetricsAndNonFinitePredictions() {
        Examples test = examples(new int[] {1, 2, 3}, new int[] {10, 20, 30});
        // ratings of examples() are 4; predictions 3, 4, 6: errors -1, 0, 2
        RatingPredictor predictor = e -> new double[] {3, 4, 6};
        Report report = Evaluator.builder().build().ratings(predictor, test);
        assertThat(report.get("rmse")).isCloseTo(Math.sqrt(5.0 / 3), within(1e-12));
        assertThat(report.get("mae")).isCloseTo(1.0, within(1e-12));
        assertThat(report.ratedExamples()).isEqualTo(3);
        Report broken = Evaluator.builder().build().ratings(e -> new double[] {3, Double.NaN, 6}, test);
        assertThat(broken.get("rmse")).isNaN();
        assertThat(broken.nonFinitePredictions()).isEqualTo(1);
    }

    @Test
    void reportsAreOrderedTablesAndFlatJson() throws Exception {
        CandidateScorer scorer = fixed(FIVE, Map.of(1, new float[] {0.1f, 0.9f, 0.5f, 0.5f, 0.3f}));
        Report report = Evaluator.builder().ks(5, 10).build().ranking(scorer, examples(new int[] {1}, new int[] {30}));
        assertThat(report.metrics().keySet()).containsExactly("factorizedTop@5", "factorizedTop@10", "recall@5",
                "recall@10", "ndcg@5", "ndcg@10", "hitrate@5", "hitrate@10", "mrr", "coverage@10");
        String table = report.toString();
        assertThat(table.indexOf("\n     5 ")).isLessThan(table.indexOf("\n    10 "));
        // ndcg@5 = 1 / log2(3) = 0.63092975... -> 4 significant digits
        assertThat(table).contains("0.6309").doesNotContain("0.63092");
        JsonNode json = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(report));
        assertThat(json.get("queries").asLong()).isEqualTo(1);
        assertThat(json.get("nonFiniteScores").asLong()).isZero();
        assertThat(json.get("ndcg@5").asDouble()).isEqualTo(report.get("ndcg@5"));
        List<String> fields = new ArrayList<>();
        json.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).startsWith("queries").contains("factorizedTop@5", "mrr");
    }

    @Test
    void rejectsWhatItCannotEvaluate() {
        Evaluator evaluator = Evaluator.builder().build();
        Examples one = examples(new int[] {1}, new int[] {10});
        assertThatThrownBy(() -> evaluator.evaluate("a string", one)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected a CandidateScorer or a RatingPredictor, found java.lang.String");
        assertThatThrownBy(() -> evaluator.ranking(fixed(FIVE, Map.of()), Examples.of(new int[0], new long[0],
                new int[0], new float[0]))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot evaluate on an empty example set");
        assertThatThrownBy(() -> Evaluator.builder().ks(5, 5).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cut-offs must be positive and ascending, found [5, 5]");
        assertThatThrownBy(() -> evaluator.evaluate(null, one)).isInstanceOf(NullPointerException.class)
                .hasMessage("model");
        assertThatThrownBy(() -> evaluator.evaluate((RatingPredictor) e -> new double[] {1}, one).get("ndcg@10"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("no metric 'ndcg@10' in this report; it holds [rmse, mae]");
    }

    /** The evaluator against a naive reference that sorts every candidate, on random data with ties, NaN and exclusions. */
    @Property(tries = 60)
    void agreesWithAFullSortReference(@ForAll @IntRange(min = 1, max = 40) int candidates,
            @ForAll @IntRange(min = 1, max = 12) int users, @ForAll long seed, @ForAll boolean perUser) {
        SplittableRandom random = new SplittableRandom(seed);
        Catalog catalog = Fixtures.numberedCatalog(candidates);
        Map<Integer, float[]> scores = new HashMap<>();
        for (int u = 1; u <= users; u++) {
            float[] row = new float[candidates];
            for (int c = 0; c < candidates; c++) {
                int draw = random.nextInt(20);
                row[c] = draw == 0 ? Float.NaN : draw == 1 ? Float.NEGATIVE_INFINITY : random.nextInt(6); // ties
            }
            scores.put(u, row);
        }
        int testRows = 1 + random.nextInt(3 * users);
        int[] testUsers = new int[testRows];
        int[] testMovies = new int[testRows];
        for (int i = 0; i < testRows; i++) {
            testUsers[i] = 1 + random.nextInt(users);
            testMovies[i] = random.nextInt(10) == 0 ? 999 : catalog.id(random.nextInt(candidates)); // 999: not a candidate
        }
        int seenRows = random.nextInt(2 * candidates);
        int[] seenUsers = new int[seenRows];
        int[] seenMovies = new int[seenRows];
        for (int i = 0; i < seenRows; i++) {
            seenUsers[i] = 1 + random.nextInt(users);
            seenMovies[i] = catalog.id(random.nextInt(candidates));
        }
        Examples test = examples(testUsers, testMovies);
        Examples seen = examples(seenUsers, seenMovies);
        int[] ks = {1, 3, 10};
        Report report = Evaluator.builder().ks(ks).perUser(perUser).exclude(seen).build()
                .ranking(fixed(catalog, scores), test);
        Map<String, Double> expected = reference(catalog, scores, test, seen, ks, perUser);
        expected.forEach((name, value) -> assertThat(report.get(name)).as(name).isCloseTo(value, within(1e-12)));
    }

    /** Metrics by definition: a full sort of the eligible finite candidates, ties by row. */
    private static Map<String, Double> reference(Catalog catalog, Map<Integer, float[]> scores, Examples test,
            Examples seen, int[] ks, boolean perUser) {
        Map<Integer, List<Integer>> seenRows = new HashMap<>();
        for (int i = 0; i < seen.size(); i++) {
            seenRows.computeIfAbsent(seen.userId(i), u -> new ArrayList<>()).add(catalog.rowOf(seen.movieId(i)));
        }
        Map<Integer, List<Integer>> queries = new LinkedHashMap<>(); // query user -> test rows
        List<int[]> perRow = new ArrayList<>();
        for (int i = 0; i < test.size(); i++) {
            if (perUser) {
                queries.computeIfAbsent(test.userId(i), u -> new ArrayList<>()).add(i);
            } else {
                perRow.add(new int[] {test.userId(i), i});
            }
        }
        List<int[]> all = new ArrayList<>(perRow);
        queries.forEach((user, rows) -> {
            int[] q = new int[rows.size() + 1];
            q[0] = user;
            for (int j = 0; j < rows.size(); j++) {
                q[j + 1] = rows.get(j);
            }
            all.add(q);
        });
        int maxK = ks[ks.length - 1];
        Map<String, Double> sums = new LinkedHashMap<>();
        long rowCount = 0;
        for (int[] query : all) {
            float[] s = scores.get(query[0]);
            List<Integer> excluded = seenRows.getOrDefault(query[0], List.of());
            List<Integer> eligible = new ArrayList<>(IntStream.range(0, s.length)
                    .filter(r -> Float.isFinite(s[r]) && !excluded.contains(r)).boxed().toList());
            eligible.sort((a, b) -> s[a] != s[b] ? Float.compare(s[b], s[a]) : Integer.compare(a, b));
            List<Integer> relevant = new ArrayList<>();
            for (int j = 1; j < query.length; j++) {
                int row = catalog.rowOf(test.movieId(query[j]));
                rowCount++;
                if (row >= 0 && !relevant.contains(row)) {
                    relevant.add(row);
                }
                for (int k : ks) {
                    boolean hit = row >= 0 && eligible.contains(row)
                            && eligible.stream().filter(r -> s[r] > s[row]).count() < k;
                    sums.merge("factorizedTop@" + k, hit ? 1.0 : 0.0, Double::sum);
                }
            }
            for (int k : ks) {
                List<Integer> top = eligible.subList(0, Math.min(k, eligible.size()));
                long hits = top.stream().filter(relevant::contains).count();
                double dcg = 0;
                for (int p = 0; p < top.size(); p++) {
                    dcg += relevant.contains(top.get(p)) ? 1 / (Math.log(p + 2) / Math.log(2)) : 0;
                }
                double ideal = 0;
                for (int p = 0; p < Math.min(k, relevant.size()); p++) {
                    ideal += 1 / (Math.log(p + 2) / Math.log(2));
                }
                sums.merge("recall@" + k, relevant.isEmpty() ? 0 : (double) hits / relevant.size(), Double::sum);
                sums.merge("hitrate@" + k, hits > 0 ? 1.0 : 0.0, Double::sum);
                sums.merge("ndcg@" + k, relevant.isEmpty() ? 0 : dcg / ideal, Double::sum);
            }
            int first = Collections.min(List.of(maxK, eligible.size()));
            double rr = 0;
            for (int p = 0; p < first; p++) {
                if (relevant.contains(eligible.get(p))) {
                    rr = 1.0 / (p + 1);
                    break;
                }
            }
            sums.merge("mrr", rr, Double::sum);
        }
        Map<String, Double> means = new LinkedHashMap<>();
        long queryCount = all.size();
        long rows = rowCount;
        sums.forEach((name, sum) -> means.put(name, sum / (name.startsWith("factorizedTop") ? rows : queryCount)));
        return means;
    }

    /** Rating 4 everywhere; times 1, 2, 3, ... */
    private static Examples examples(int[] users, int[] movies) {
        long[] times = new long[users.length];
        float[] ratings = new float[users.length];
        for (int i = 0; i < users.length; i++) {
            times[i] = i + 1;
            ratings[i] = 4;
        }
        return Examples.of(users, times, movies, ratings);
    }

    /** Scores by user, whatever the time. */
    private static CandidateScorer fixed(Catalog catalog, Map<Integer, float[]> byUser) {
        return new CandidateScorer() {
            @Override
            public Catalog candidates() {
                return catalog;
            }

            @Override
            public float[][] scores(int[] users, long[] times) {
                float[][] out = new float[users.length][];
                for (int q = 0; q < users.length; q++) {
                    out[q] = byUser.get(users[q]).clone();
                }
                return out;
            }
        };
    }
}
