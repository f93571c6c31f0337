package dev.recsys.models.eval;

import dev.recsys.core.data.Catalog;
import dev.recsys.core.data.Examples;
import dev.recsys.core.metrics.Metrics;
import dev.recsys.core.topk.TopK;
import dev.recsys.models.CandidateScorer;
import dev.recsys.models.RatingPredictor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The one evaluation path of recsys: ranks every candidate for each query with any
 * {@link CandidateScorer}, predicts ratings with any {@link RatingPredictor}, and returns a
 * {@link Report}. Immutable and reusable.
 *
 * <p>Queries. Per example (the default, the reference notebook's protocol): every test row is a
 * query, its user at its time, with the row's movie as the one relevant candidate. Per user
 * ({@link Builder#perUser(boolean)}): one query per user with test rows, at the time of the user's
 * first test row, all the user's test movies relevant.
 *
 * <p>Ranks come from {@link TopK#select} over the candidates that are not excluded (with
 * {@link Builder#exclude(Examples)}, the movies each user has already seen; a relevant movie the
 * user has seen cannot be recommended and counts as a miss). A non-finite score (NaN, ±infinity)
 * is never ranked, so a relevant candidate with one is a miss at every k; the report counts such
 * scores in {@link Report#nonFiniteScores()}.
 *
 * <p>Metrics, for each cut-off k: {@code factorizedTop@k} (TFRS factorized top-k accuracy per test
 * row: a hit when fewer than k eligible candidates score strictly higher than the row's movie),
 * {@code recall@k}, {@code ndcg@k} (binary gains) and {@code hitrate@k} per query; {@code mrr} (the
 * reciprocal rank of the first relevant candidate within the largest cut-off, 0 beyond it);
 * {@code coverage@10} (the share of the catalogue that appears in any query's top 10); and for a
 * rating predictor {@code rmse} and {@code mae} (NaN when a prediction is not finite; the report
 * counts those in {@link Report#nonFinitePredictions()}).
 *
 * <pre>{@code
 * Evaluator evaluator = Evaluator.builder().perUser(true).exclude(train).build();
 * Report report = evaluator.evaluate(model, test);
 * double ndcg = report.get("ndcg@10");
 * }</pre>
 */
public final class Evaluator {

    /** The cut-offs of the reference notebook: 1, 5, 10, 50, 100. */
    public static final int[] DEFAULT_KS = {1, 5, 10, 50, 100};

    /** Queries scored per {@link CandidateScorer#scores} call: bounds memory at {@code 256 × candidates} floats. */
    private static final int QUERY_BATCH = 256;
    private static final int COVERAGE_K = 10;

    private final int[] ks;
    private final boolean perUser;
    private final Examples seen;

    private Evaluator(Builder b) {
        this.ks = b.ks.clone();
        this.perUser = b.perUser;
        this.seen = b.seen;
    }

    /** Starts an evaluator with the defaults of {@link Builder}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Evaluates a model that scores candidates, predicts ratings, or both.
     *
     * @param model a {@link CandidateScorer}, a {@link RatingPredictor} or both
     * @param test held-out examples, at least one
     * @return the ranking metrics, the rating metrics, or both
     * @throws IllegalArgumentException if the model is neither or {@code test} is empty
     */
    public Report evaluate(Object model, Examples test) {
        Objects.requireNonNull(model, "model");
        CandidateScorer scorer = model instanceof CandidateScorer s ? s : null;
        RatingPredictor predictor = model instanceof RatingPredictor p ? p : null;
        if (scorer == null && predictor == null) {
            throw new IllegalArgumentException("expected a CandidateScorer or a RatingPredictor, found "
                    + model.getClass().getName());
        }
        checkTest(test);
        Report.Builder report = new Report.Builder(ks);
        if (scorer != null) {
            rank(scorer, test, report);
        }
        if (predictor != null) {
            rate(predictor, test, report);
        }
        return report.build();
    }

    /**
     * Ranking metrics only.
     *
     * @param test held-out examples, at least one
     */
    public Report ranking(CandidateScorer scorer, Examples test) {
        Objects.requireNonNull(scorer, "scorer");
        checkTest(test);
        Report.Builder report = new Report.Builder(ks);
        rank(scorer, test, report);
        return report.build();
    }

    /**
     * Rating metrics only.
     *
     * @param test held-out examples with their ratings, at least one
     */
    public Report ratings(RatingPredictor predictor, Examples test) {
        Objects.requireNonNull(predictor, "predictor");
        checkTest(test);
        Report.Builder report = new Report.Builder(ks);
        rate(predictor, test, report);
        return report.build();
    }

    /** The cut-offs, ascending (a copy). */
    public int[] ks() {
        return ks.clone();
    }

    /** Whether queries are per user rather than per test row. */
    public boolean perUser() {
        return perUser;
    }

    private static void checkTest(Examples test) {
        Objects.requireNonNull(test, "test");
        if (test.isEmpty()) {
            throw new IllegalArgumentException("cannot evaluate on an empty example set");
        }
    }

    private void rate(RatingPredictor predictor, Examples test, Report.Builder report) {
        double[] predicted = predictor.predict(test);
        if (predicted.length != test.size()) {
            throw new IllegalStateException("rating predictor returned " + predicted.length + " predictions for "
                    + test.size() + " examples");
        }
        long nonFinite = Arrays.stream(predicted).filter(p -> !Double.isFinite(p)).count();
        report.ratings(test.size(), nonFinite, nonFinite > 0 ? Double.NaN : Metrics.rmse(predicted, test.ratings()),
                nonFinite > 0 ? Double.NaN : Metrics.mae(predicted, test.ratings()));
    }

    private void rank(CandidateScorer scorer, Examples test, Report.Builder report) {
        Catalog candidates = scorer.candidates();
        List<Query> queries = queries(test, candidates);
        Map<Integer, int[]> seenRows = seenRows(candidates);
        int maxK = ks[ks.length - 1];
        boolean[] excluded = new boolean[candidates.size()];
        boolean[] covered = new boolean[candidates.size()];
        RankingSums sums = new RankingSums(ks);
        for (int from = 0; from < queries.size(); from += QUERY_BATCH) {
            List<Query> batch = queries.subList(from, Math.min(queries.size(), from + QUERY_BATCH));
            int[] users = batch.stream().mapToInt(Query::user).toArray();
            long[] times = batch.stream().mapToLong(Query::time).toArray();
            float[][] scores = scorer.scores(users, times);
            if (scores.length != batch.size()) {
                throw new IllegalStateException("candidate scorer returned " + scores.length + " score rows for "
                        + batch.size() + " queries");
            }
            for (int q = 0; q < batch.size(); q++) {
                float[] row = scores[q];
                if (row.length != candidates.size()) {
                    throw new IllegalStateException("candidate scorer returned " + row.length + " scores for "
                            + candidates.size() + " candidates");
                }
                int[] seenByUser = seenRows.getOrDefault(users[q], NONE);
                for (int r : seenByUser) {
                    excluded[r] = true;
                }
                int[] ranked = TopK.select(row, maxK, excluded);
                sums.add(batch.get(q), row, ranked, excluded);
                for (int i = 0; i < Math.min(COVERAGE_K, ranked.length); i++) {
                    covered[ranked[i]] = true;
                }
                for (int r : seenByUser) {
                    excluded[r] = false;
                }
            }
        }
        int coveredCount = 0;
        for (boolean c : covered) {
            coveredCount += c ? 1 : 0;
        }
        report.ranking(queries.size(), sums, maxK >= COVERAGE_K ? (double) coveredCount / candidates.size() : Double.NaN);
    }

    private static final int[] NONE = new int[0];

    /** One ranking query: who, when, and the catalogue rows of its relevant test rows (-1: not a candidate). */
    record Query(int user, long time, int[] relevantRows) {}

    private List<Query> queries(Examples test, Catalog candidates) {
        List<Query> queries = new ArrayList<>();
        if (!perUser) {
            for (int i = 0; i < test.size(); i++) {
                queries.add(new Query(test.userId(i), test.timestamp(i), new int[] {candidates.rowOf(test.movieId(i))}));
            }
            return queries;
        }
        Map<Integer, List<Integer>> rowsByUser = new LinkedHashMap<>();
        Map<Integer, Long> firstTime = new HashMap<>();
        for (int i = 0; i < test.size(); i++) {
            rowsByUser.computeIfAbsent(test.userId(i), u -> new ArrayList<>()).add(candidates.rowOf(test.movieId(i)));
            firstTime.merge(test.userId(i), test.timestamp(i), Math::min);
        }
        rowsByUser.forEach((user, rows) -> queries.add(new Query(user, firstTime.get(user),
                rows.stream().mapToInt(Integer::intValue).toArray())));
        return queries;
    }

    private Map<Integer, int[]> seenRows(Catalog candidates) {
        if (seen == null) {
            return Map.of();
        }
        Map<Integer, List<Integer>> rows = new HashMap<>();
        for (int i = 0; i < seen.size(); i++) {
            int row = candidates.rowOf(seen.movieId(i));
            if (row >= 0) {
                rows.computeIfAbsent(seen.userId(i), u -> new ArrayList<>()).add(row);
            }
        }
        Map<Integer, int[]> out = new HashMap<>(rows.size() * 2);
        rows.forEach((user, list) -> out.put(user, list.stream().mapToInt(Integer::intValue).toArray()));
        return out;
    }

    /** Running sums of the per-query and per-row metrics. */
    static final class RankingSums {
        private final int[] ks;
        final double[] factorized;
        final double[] recall;
        final double[] ndcg;
        final double[] hitRate;
        double reciprocalRank;
        long rows;
        long queries;
        long nonFiniteScores;

        RankingSums(int[] ks) {
            this.ks = ks;
            this.factorized = new double[ks.length];
            this.recall = new double[ks.length];
            this.ndcg = new double[ks.length];
            this.hitRate = new double[ks.length];
        }

        void add(Query query, float[] scores, int[] ranked, boolean[] excluded) {
            queries++;
            for (float s : scores) {
                if (!Float.isFinite(s)) {
                    nonFiniteScores++;
                }
            }
            int maxK = ks[ks.length - 1];
            for (int row : query.relevantRows()) {
                rows++;
                if (row < 0 || excluded[row] || !Float.isFinite(scores[row])) {
                    continue; // not a candidate, already seen, or not a score: a miss at every k
                }
                // Strictly higher eligible candidates, known exactly below maxK: the ranked list holds
                // the maxK best eligible scores, so when all of them beat the row it misses every k.
                int higher = 0;
                for (int r : ranked) {
                    if (scores[r] > scores[row]) {
                        higher++;
                    }
                }
                if (higher >= maxK) {
                    continue;
                }
                for (int c = 0; c < ks.length; c++) {
                    if (higher < ks[c]) {
                        factorized[c]++;
                    }
                }
            }
            int[] relevant = Arrays.stream(query.relevantRows()).filter(r -> r >= 0).distinct().toArray();
            if (relevant.length == 0) {
                return; // nothing to find: every ranking metric of this query is 0
            }
            for (int c = 0; c < ks.length; c++) {
                recall[c] += Metrics.recall(ranked, relevant, ks[c]);
                ndcg[c] += Metrics.ndcg(ranked, relevant, ks[c]);
                hitRate[c] += Metrics.hitRate(ranked, relevant, ks[c]);
            }
            reciprocalRank += Metrics.reciprocalRank(ranked, relevant, maxK);
        }
    }

    /** Settings of an {@link Evaluator}. */
    public static final class Builder {
        private int[] ks = DEFAULT_KS;
        private boolean perUser;
        private Examples seen;

        private Builder() {}

        /** Cut-offs, positive and ascending; default {@link #DEFAULT_KS}. */
        public Builder ks(int... ks) {
            this.ks = Objects.requireNonNull(ks, "ks").clone();
            return this;
        }

        /**
         * One query per user (at the time of the user's first test row, every test movie of the
         * user relevant) instead of one per test row; default false (per row, the TFRS protocol).
         */
        public Builder perUser(boolean perUser) {
            this.perUser = perUser;
            return this;
        }

        /**
         * Never ranks a movie for a user who has it in {@code seen} (e.g. the training part under a
         * per-user protocol); default none (the TFRS protocol ranks every candidate).
         */
        public Builder exclude(Examples seen) {
            this.seen = Objects.requireNonNull(seen, "seen");
            return this;
        }

        /**
         * Creates the evaluator.
         *
         * @throws IllegalArgumentException if the cut-offs are empty, not positive or not ascending
         */
        public Evaluator build() {
            if (ks.length == 0) {
                throw new IllegalArgumentException("expected at least one cut-off k, found none");
            }
            for (int c = 0; c < ks.length; c++) {
                if (ks[c] <= 0 || (c > 0 && ks[c] <= ks[c - 1])) {
                    throw new IllegalArgumentException("cut-offs must be positive and ascending, found "
                            + Arrays.toString(ks));
                }
            }
            return new Evaluator(this);
        }
    }
}
