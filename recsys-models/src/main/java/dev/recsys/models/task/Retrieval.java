package dev.recsys.models.task;

import dev.recsys.core.nn.Ops;
import dev.recsys.core.nn.Tape;
import dev.recsys.core.nn.Variable;
import java.util.Arrays;

/**
 * The retrieval task (TFRS {@code Retrieval}): in-batch softmax over the scores
 * {@code queries · candidatesᵀ / temperature}, where row {@code i}'s positive is candidate
 * {@code i} and the other candidates of the batch are its negatives. Holds settings only; models
 * pass it their tower outputs.
 *
 * <p>Options: removal of accidental hits (a negative with the positive's id gets zero
 * probability); the sampling-probability (logQ) correction, which subtracts {@code log q(c)} from
 * each candidate's logit so that popular candidates, over-represented as in-batch negatives, are
 * not over-penalized; hard-negative mining, which keeps only the {@code k} highest-scoring
 * negatives of each row.
 */
public final class Retrieval {

    private final double temperature;
    private final boolean removeAccidentalHits;
    private final boolean samplingCorrection;
    private final int hardNegatives;

    private Retrieval(Builder b) {
        this.temperature = b.temperature;
        this.removeAccidentalHits = b.removeAccidentalHits;
        this.samplingCorrection = b.samplingCorrection;
        this.hardNegatives = b.hardNegatives;
    }

    /** Starts a task with the defaults of {@link Builder}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A task with every default. */
    public static Retrieval defaults() {
        return builder().build();
    }

    /**
     * The in-batch softmax loss.
     *
     * @param queries {@code [B, D]} query tower output
     * @param candidates {@code [B, D]} candidate tower output, row {@code i} the positive of query {@code i}
     * @param candidateIds {@code [B]} ids of the candidates, for the removal of accidental hits
     * @param candidateLogQ {@code [B]} {@code log q} of each candidate, or {@code null}; used only
     *     when {@link #samplingCorrection()} is on
     * @return scalar mean cross-entropy
     */
    public Variable loss(Tape tape, Variable queries, Variable candidates, int[] candidateIds, double[] candidateLogQ) {
        int batch = (int) queries.shape()[0];
        if (candidateIds.length != batch || candidates.shape()[0] != batch) {
            throw new IllegalArgumentException("retrieval batch mismatch: " + batch + " queries, "
                    + candidates.shape()[0] + " candidates, " + candidateIds.length + " candidate ids");
        }
        Variable scaled = temperature == 1.0 ? queries : Ops.scale(queries, 1.0 / temperature);
        Variable logits = Ops.dotScores(scaled, candidates);
        int[] labels = new int[batch];
        Arrays.setAll(labels, i -> i);
        boolean logQ = samplingCorrection && candidateLogQ != null;
        Variable offsets = null;
        if (hardNegatives > 0 && hardNegatives < batch - 1) {
            offsets = tape.input(hardNegativeOffsets(logits, candidateIds, logQ ? candidateLogQ : null),
                    logits.value().dataType(), batch, batch);
        } else if (logQ) {
            float[] row = new float[batch];
            for (int j = 0; j < batch; j++) {
                row[j] = (float) -candidateLogQ[j];
            }
            offsets = tape.input(row, logits.value().dataType(), 1, batch);
        }
        return Ops.softmaxCrossEntropy(logits, labels, offsets == null ? null : offsets.value(),
                removeAccidentalHits ? candidateIds : null);
    }

    /**
     * Offsets {@code [B, B]}: {@code -log q} of each column (when given), and {@code -1e9} on every
     * negative outside the row's {@code hardNegatives} highest adjusted logits.
     */
    private float[] hardNegativeOffsets(Variable logits, int[] ids, double[] logQ) {
        int batch = ids.length;
        float[][] z = logits.value().toFloatMatrix();
        float[] offsets = new float[batch * batch];
        float[] negatives = new float[batch];
        for (int i = 0; i < batch; i++) {
            int count = 0;
            for (int j = 0; j < batch; j++) {
                float shift = logQ == null ? 0f : (float) -logQ[j];
                offsets[i * batch + j] = shift;
                z[i][j] += shift;
                if (j != i && !(removeAccidentalHits && ids[j] == ids[i])) {
                    negatives[count++] = z[i][j];
                }
            }
            if (count <= hardNegatives) {
                continue;
            }
            float[] sorted = Arrays.copyOf(negatives, count);
            Arrays.sort(sorted);
            float threshold = sorted[count - hardNegatives];
            for (int j = 0; j < batch; j++) {
                if (j != i && z[i][j] < threshold) {
                    offsets[i * batch + j] = -1.0e9f;
                }
            }
        }
        return offsets;
    }

    /** Divisor of the logits. */
    public double temperature() {
        return temperature;
    }

    /** Whether negatives sharing the positive's id are excluded. */
    public boolean removeAccidentalHits() {
        return removeAccidentalHits;
    }

    /** Whether logits are corrected by the candidates' sampling probabilities. */
    public boolean samplingCorrection() {
        return samplingCorrection;
    }

    /** Negatives kept per row, 0 for all. */
    public int hardNegatives() {
        return hardNegatives;
    }

    /** Settings of a {@link Retrieval} task. */
    public static final class Builder {
        private double temperature = 1.0;
        private boolean removeAccidentalHits = true;
        private boolean samplingCorrection = true;
        private int hardNegatives;

        private Builder() {}

        /** Divisor of the logits, positive; default 1 (TFRS's default). */
        public Builder temperature(double temperature) {
            this.temperature = temperature;
            return this;
        }

        /** Exclude negatives with the positive's id; default true. */
        public Builder removeAccidentalHits(boolean remove) {
            this.removeAccidentalHits = remove;
            return this;
        }

        /**
         * Subtract {@code log q(candidate)} from each logit, {@code q} the candidate's frequency in
         * the training set; default true (on the seed protocol's validation part, factorized
         * top-100 0.31 with it, 0.23 without: without it, in-batch softmax learns popularity
         * away).
         */
        public Builder samplingCorrection(boolean correct) {
            this.samplingCorrection = correct;
            return this;
        }

        /** Keep only the {@code k} highest-scoring negatives per row; default 0 (keep all). */
        public Builder hardNegatives(int k) {
            this.hardNegatives = k;
            return this;
        }

        /**
         * Creates the task.
         *
         * @throws IllegalArgumentException if the temperature is not positive and finite or
         *     {@code hardNegatives < 0}
         */
        public Retrieval build() {
            if (!(temperature > 0) || Double.isInfinite(temperature)) {
                throw new IllegalArgumentException("temperature must be positive and finite, found " + temperature);
            }
            if (hardNegatives < 0) {
                throw new IllegalArgumentException("hardNegatives must be >= 0 (0 = all), found " + hardNegatives);
            }
            return new Retrieval(this);
        }
    }
}
