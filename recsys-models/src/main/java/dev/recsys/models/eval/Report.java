package dev.recsys.models.eval;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What an {@link Evaluator} measured: metrics by name, in a stable order (each metric for k
 * ascending, then {@code mrr}, {@code coverage@10}, {@code rmse}, {@code mae}), and the counts they
 * are averaged over. Immutable. {@link #toString()} prints a table with 4 significant digits;
 * Jackson writes the counts and the metrics as one flat object,
 * {@code {"queries":610,…,"factorizedTop@1":0.0044,…,"rmse":0.83}}.
 */
@JsonPropertyOrder({"queries", "relevantRows", "ratedExamples", "nonFiniteScores", "nonFinitePredictions"})
public final class Report {

    private final int[] ks;
    private final long queries;
    private final long relevantRows;
    private final long ratedExamples;
    private final long nonFiniteScores;
    private final long nonFinitePredictions;
    private final Map<String, Double> metrics;

    private Report(Builder b) {
        this.ks = b.ks;
        this.queries = b.queries;
        this.relevantRows = b.relevantRows;
        this.ratedExamples = b.ratedExamples;
        this.nonFiniteScores = b.nonFiniteScores;
        this.nonFinitePredictions = b.nonFinitePredictions;
        Map<String, Double> ordered = new LinkedHashMap<>();
        for (String name : new String[] {"factorizedTop@", "recall@", "ndcg@", "hitrate@"}) {
            for (int k : ks) {
                putIfPresent(ordered, b.metrics, name + k);
            }
        }
        for (String name : new String[] {"mrr", "coverage@10", "rmse", "mae"}) {
            putIfPresent(ordered, b.metrics, name);
        }
        this.metrics = Collections.unmodifiableMap(ordered);
    }

    private static void putIfPresent(Map<String, Double> to, Map<String, Double> from, String name) {
        Double value = from.get(name);
        if (value != null) {
            to.put(name, value);
        }
    }

    /** Whether a larger value of the metric is better: true for every metric but {@code rmse} and {@code mae}. */
    public static boolean higherIsBetter(String metric) {
        return !metric.equals("rmse") && !metric.equals("mae");
    }

    /** Every metric by name, in the report's order (unmodifiable). */
    @JsonAnyGetter
    public Map<String, Double> metrics() {
        return metrics;
    }

    /**
     * One metric.
     *
     * @param metric e.g. {@code "ndcg@10"} or {@code "rmse"}
     * @throws IllegalArgumentException if the report does not hold it, naming those it holds
     */
    public double get(String metric) {
        Double value = metrics.get(metric);
        if (value == null) {
            throw new IllegalArgumentException("no metric '" + metric + "' in this report; it holds " + metrics.keySet());
        }
        return value;
    }

    /** Ranking queries: test rows, or users under a per-user protocol; 0 without ranking metrics. */
    @JsonProperty("queries")
    public long queries() {
        return queries;
    }

    /** Test rows behind {@code factorizedTop@k}; 0 without ranking metrics. */
    @JsonProperty("relevantRows")
    public long relevantRows() {
        return relevantRows;
    }

    /** Examples behind {@code rmse} and {@code mae}; 0 without rating metrics. */
    @JsonProperty("ratedExamples")
    public long ratedExamples() {
        return ratedExamples;
    }

    /** Candidate scores that were NaN or infinite, over all queries; each is a miss, never a hit. */
    @JsonProperty("nonFiniteScores")
    public long nonFiniteScores() {
        return nonFiniteScores;
    }

    /** Rating predictions that were NaN or infinite; with any, {@code rmse} and {@code mae} are NaN. */
    @JsonProperty("nonFinitePredictions")
    public long nonFinitePredictions() {
        return nonFinitePredictions;
    }

    /** A table: one line per k with the per-k metrics, then the others, 4 significant digits. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        if (queries > 0) {
            out.append(String.format(Locale.ROOT, "%d queries, %d relevant rows, %d non-finite scores%n", queries,
                    relevantRows, nonFiniteScores));
            out.append(String.format(Locale.ROOT, "%6s %14s %10s %10s %10s%n", "k", "factorizedTop", "recall", "ndcg",
                    "hitrate"));
            for (int k : ks) {
                out.append(String.format(Locale.ROOT, "%6d %14s %10s %10s %10s%n", k, format(metrics.get("factorizedTop@" + k)),
                        format(metrics.get("recall@" + k)), format(metrics.get("ndcg@" + k)),
                        format(metrics.get("hitrate@" + k))));
            }
            out.append("mrr ").append(format(metrics.get("mrr")));
            if (metrics.containsKey("coverage@10")) {
                out.append(", coverage@10 ").append(format(metrics.get("coverage@10")));
            }
            out.append(System.lineSeparator());
        }
        if (ratedExamples > 0) {
            out.append(String.format(Locale.ROOT, "rmse %s, mae %s over %d examples (%d non-finite predictions)%n",
                    format(metrics.get("rmse")), format(metrics.get("mae")), ratedExamples, nonFinitePredictions));
        }
        return out.toString().stripTrailing();
    }

    /**
     * A metric value as reports print it: 4 significant digits, no exponent, no trailing zeros;
     * {@code "-"} for null, {@code "NaN"} and {@code "Infinity"} as Java prints them.
     */
    public static String format(Double value) {
        if (value == null) {
            return "-";
        }
        if (!Double.isFinite(value)) {
            return value.toString();
        }
        if (value == 0) {
            return "0";
        }
        return new BigDecimal(value).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }

    /** Collects the figures of one evaluation. */
    static final class Builder {
        private final int[] ks;
        private final Map<String, Double> metrics = new LinkedHashMap<>();
        private long queries;
        private long relevantRows;
        private long ratedExamples;
        private long nonFiniteScores;
        private long nonFinitePredictions;

        Builder(int[] ks) {
            this.ks = ks.clone();
        }

        void ranking(long queryCount, Evaluator.RankingSums sums, double coverage) {
            queries = queryCount;
            relevantRows = sums.rows;
            nonFiniteScores = sums.nonFiniteScores;
            for (int c = 0; c < ks.length; c++) {
                metrics.put("factorizedTop@" + ks[c], sums.rows == 0 ? 0 : sums.factorized[c] / sums.rows);
                metrics.put("recall@" + ks[c], sums.recall[c] / queryCount);
                metrics.put("ndcg@" + ks[c], sums.ndcg[c] / queryCount);
                metrics.put("hitrate@" + ks[c], sums.hitRate[c] / queryCount);
            }
            metrics.put("mrr", sums.reciprocalRank / queryCount);
            if (!Double.isNaN(coverage)) {
                metrics.put("coverage@10", coverage);
            }
        }

        void ratings(long count, long nonFinite, double rmse, double mae) {
            ratedExamples = count;
            nonFinitePredictions = nonFinite;
            metrics.put("rmse", rmse);
            metrics.put("mae", mae);
        }

        Report build() {
            return new Report(this);
        }
    }
}
