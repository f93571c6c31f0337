package dev.recsys.bench;

import dev.recsys.core.data.Catalog;
import dev.recsys.core.data.Examples;
import dev.recsys.core.metrics.Metrics;
import dev.recsys.models.CandidateScorer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Ranking evaluation of any {@link CandidateScorer} under the two protocols, k = 1..{@link #MAX_K}. */
final class Evaluation {

    static final int MAX_K = 100;
    private static final int QUERY_BATCH = 256;

    /** Per-user metrics: {@code recall[k - 1]} is Recall@k averaged over users. */
    record PerUser(double[] recall, double ndcg10, double hitRate10, double hitRate100, int users) {}

    private Evaluation() {}

    /**
     * Seed protocol: factorized top-k accuracy per test row (the query is the row's user at its
     * time; a hit at k when fewer than k candidates score strictly higher than its movie).
     *
     * @return {@code [MAX_K]}, accuracy at k = index + 1
     */
    static double[] factorizedTopK(CandidateScorer scorer, Examples test) {
        Catalog candidates = scorer.candidates();
        int[] higher = new int[test.size()];
        for (int from = 0; from < test.size(); from += QUERY_BATCH) {
            Examples batch = test.slice(from, Math.min(test.size(), from + QUERY_BATCH));
            float[][] scores = scorer.scores(batch.userIds(), batch.timestamps());
            for (int i = 0; i < batch.size(); i++) {
                int row = candidates.rowOf(batch.movieId(i));
                if (row < 0) {
                    higher[from + i] = candidates.size();
                    continue;
                }
                float own = scores[i][row];
                int count = 0;
                for (float s : scores[i]) {
                    if (s > own) {
                        count++;
                    }
                }
                higher[from + i] = count;
            }
        }
        double[] curve = new double[MAX_K];
        for (int count : higher) {
            for (int k = count + 1; k <= MAX_K; k++) {
                curve[k - 1]++;
            }
        }
        for (int k = 0; k < MAX_K; k++) {
            curve[k] /= test.size();
        }
        return curve;
    }

    /**
     * Temporal protocol: for each user with test ratings, every candidate is scored at the time of
     * the user's first test rating, the user's training movies are excluded, and the top
     * {@link #MAX_K} are compared with the user's test movies (all of them relevant, whatever the
     * rating). Averages over those users.
     */
    static PerUser perUser(CandidateScorer scorer, Examples train, Examples test) {
        Catalog candidates = scorer.candidates();
        Map<Integer, TreeSet<Integer>> relevant = new LinkedHashMap<>();
        Map<Integer, Long> queryTime = new HashMap<>();
        for (int i = 0; i < test.size(); i++) {
            int row = candidates.rowOf(test.movieId(i));
            if (row >= 0) {
                relevant.computeIfAbsent(test.userId(i), u -> new TreeSet<>()).add(row);
                queryTime.merge(test.userId(i), test.timestamp(i), Math::min);
            }
        }
        Map<Integer, List<Integer>> trained = new HashMap<>();
        for (int i = 0; i < train.size(); i++) {
            int row = candidates.rowOf(train.movieId(i));
            if (row >= 0) {
                trained.computeIfAbsent(train.userId(i), u -> new ArrayList<>()).add(row);
            }
        }
        int[] users = relevant.keySet().stream().mapToInt(Integer::intValue).toArray();
        double[] recall = new double[MAX_K];
        double ndcg = 0;
        double hit10 = 0;
        double hit100 = 0;
        for (int from = 0; from < users.length; from += QUERY_BATCH) {
            int to = Math.min(users.length, from + QUERY_BATCH);
            int[] batch = Arrays.copyOfRange(users, from, to);
            long[] times = new long[batch.length];
            for (int q = 0; q < batch.length; q++) {
                times[q] = queryTime.get(batch[q]);
            }
            float[][] scores = scorer.scores(batch, times);
            for (int q = 0; q < batch.length; q++) {
                int[] excluded = trained.getOrDefault(batch[q], List.of()).stream().mapToInt(Integer::intValue).toArray();
                int[] ranked = Metrics.topK(scores[q], excluded, MAX_K);
                int[] rel = relevant.get(batch[q]).stream().mapToInt(Integer::intValue).toArray();
                for (int k = 1; k <= MAX_K; k++) {
                    recall[k - 1] += Metrics.recall(ranked, rel, k);
                }
                ndcg += Metrics.ndcg(ranked, rel, 10);
                hit10 += Metrics.hitRate(ranked, rel, 10);
                hit100 += Metrics.hitRate(ranked, rel, MAX_K);
            }
        }
        int n = users.length;
        for (int k = 0; k < MAX_K; k++) {
            recall[k] /= n;
        }
        return new PerUser(recall, ndcg / n, hit10 / n, hit100 / n, n);
    }
}
