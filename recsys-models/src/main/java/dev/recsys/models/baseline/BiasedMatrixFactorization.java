package dev.recsys.models.baseline;

import dev.recsys.core.data.Catalog;
import dev.recsys.core.data.Examples;
import dev.recsys.models.CandidateScorer;
import dev.recsys.models.RatingPredictor;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Matrix factorization with user and item biases (the Surprise "SVD" model):
 * {@code r̂ = μ + b_u + b_i + p_u·q_i}, trained by stochastic gradient descent on squared error
 * with L2 regularization, one pass over the shuffled training ratings per epoch. Users or movies
 * absent from training get zero bias and factors, so their prediction falls back to
 * {@code μ + b_u} or {@code μ + b_i}. Predictions are clipped to the rating range (by default the
 * training data's {@link dev.recsys.core.data.Examples#scale()}); candidate scores
 * are the unclipped {@code r̂}. Immutable once fitted; reproducible by seed.
 *
 * <pre>{@code
 * BiasedMatrixFactorization mf = BiasedMatrixFactorization.builder(catalog).factors(50).epochs(30).fit(train);
 * }</pre>
 */
public final class BiasedMatrixFactorization implements RatingPredictor, CandidateScorer {

    private final Catalog candidates;
    private final Map<Integer, Integer> userRows;
    private final int factors;
    private final double mean;
    private final float[] userBias;
    private final float[] itemBias;
    private final float[] userFactors;
    private final float[] itemFactors;
    private final float minRating;
    private final float maxRating;

    private BiasedMatrixFactorization(Builder b, float minRating, float maxRating, Map<Integer, Integer> userRows,
            double mean, float[] userBias, float[] itemBias, float[] userFactors, float[] itemFactors) {
        this.candidates = b.candidates;
        this.factors = b.factors;
        this.minRating = minRating;
        this.maxRating = maxRating;
        this.userRows = userRows;
        this.mean = mean;
        this.userBias = userBias;
        this.itemBias = itemBias;
        this.userFactors = userFactors;
        this.itemFactors = itemFactors;
    }

    /**
     * Starts the settings.
     *
     * @param candidates the movies that get biases and factors; ratings of other movies are skipped
     */
    public static Builder builder(Catalog candidates) {
        Objects.requireNonNull(candidates, "candidates");
        return new Builder(candidates);
    }

    /** The unclipped prediction {@code μ + b_u + b_i + p_u·q_i}. */
    private double raw(int userRow, int itemRow) {
        double r = mean;
        if (userRow >= 0) {
            r += userBias[userRow];
        }
        if (itemRow >= 0) {
            r += itemBias[itemRow];
        }
        if (userRow >= 0 && itemRow >= 0) {
            r += dot(userFactors, userRow * factors, itemFactors, itemRow * factors, factors);
        }
        return r;
    }

    private static double dot(float[] a, int aFrom, float[] b, int bFrom, int n) {
        double sum = 0;
        for (int f = 0; f < n; f++) {
            sum += a[aFrom + f] * b[bFrom + f];
        }
        return sum;
    }

    private int userRow(int userId) {
        Integer row = userRows.get(userId);
        return row == null ? -1 : row;
    }

    /** The global mean rating μ of the training set. */
    public double globalMean() {
        return mean;
    }

    /** Predicted ratings, clipped to the rating range; timestamps are ignored. */
    @Override
    public double[] predict(Examples examples) {
        Objects.requireNonNull(examples, "examples");
        double[] out = new double[examples.size()];
        for (int i = 0; i < out.length; i++) {
            double r = raw(userRow(examples.userId(i)), candidates.rowOf(examples.movieId(i)));
            out[i] = Math.min(maxRating, Math.max(minRating, r));
        }
        return out;
    }

    @Override
    public Catalog candidates() {
        return candidates;
    }

    /** Unclipped predicted ratings of every candidate; timestamps are ignored. */
    @Override
    public float[][] scores(int[] userIds, long[] timestamps) {
        CatalogStats.checkQueries(userIds, timestamps);
        float[][] out = new float[userIds.length][candidates.size()];
        for (int q = 0; q < userIds.length; q++) {
            int user = userRow(userIds[q]);
            for (int item = 0; item < out[q].length; item++) {
                out[q][item] = (float) raw(user, item);
            }
        }
        return out;
    }

    /** Settings of a {@link BiasedMatrixFactorization}; {@link #fit} trains and validates. */
    public static final class Builder {
        private final Catalog candidates;
        private int factors = 100;
        private int epochs = 20;
        private double learningRate = 0.005;
        private double regularization = 0.02;
        private double initStd = 0.1;
        /** NaN until {@link #ratingRange} is called: then the training data's scale applies. */
        private float minRating = Float.NaN;
        private float maxRating = Float.NaN;
        private long seed = 42;

        private Builder(Catalog candidates) {
            this.candidates = candidates;
        }

        /** Latent factors per user and movie; default 100 (Surprise's). */
        public Builder factors(int factors) {
            this.factors = factors;
            return this;
        }

        /** Passes over the training ratings; default 20. */
        public Builder epochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /** SGD step size for biases and factors; default 0.005. */
        public Builder learningRate(double learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        /** L2 weight on biases and factors; default 0.02. */
        public Builder regularization(double regularization) {
            this.regularization = regularization;
            return this;
        }

        /** Standard deviation of the normal initial factors; default 0.1 (biases start at 0). */
        public Builder initStd(double initStd) {
            this.initStd = initStd;
            return this;
        }

        /** Range predictions are clipped to; default the training data's scale ({@code train.scale()} in {@link #fit}). */
        public Builder ratingRange(float min, float max) {
            this.minRating = min;
            this.maxRating = max;
            return this;
        }

        /** Seed of the initial factors and the shuffles; default 42. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Trains the model.
         *
         * @param train at least one rating
         * @throws IllegalArgumentException if a setting is out of range or {@code train} is empty
         */
        public BiasedMatrixFactorization fit(Examples train) {
            Objects.requireNonNull(train, "train");
            if (candidates == null || candidates.size() == 0) {
                throw new IllegalArgumentException("expected a non-empty candidate catalog, found "
                        + (candidates == null ? "none" : "an empty one"));
            }
            if (factors <= 0 || epochs < 0) {
                throw new IllegalArgumentException("expected factors > 0 and epochs >= 0, found factors " + factors
                        + ", epochs " + epochs);
            }
            if (!(learningRate > 0) || !(regularization >= 0) || !(initStd >= 0)) {
                throw new IllegalArgumentException("expected learning rate > 0, regularization >= 0 and init std >= 0,"
                        + " found " + learningRate + ", " + regularization + ", " + initStd);
            }
            boolean fromData = Float.isNaN(minRating) && Float.isNaN(maxRating);
            float min = fromData ? (float) train.scale().min() : minRating;
            float max = fromData ? (float) train.scale().max() : maxRating;
            if (!(min < max)) {
                throw new IllegalArgumentException("rating range must have min < max, found " + min + ".." + max);
            }
            double mean = new CatalogStats(train, candidates).globalMean;
            Map<Integer, Integer> userRows = new HashMap<>();
            int n = train.size();
            int[] users = new int[n];
            int[] items = new int[n];
            float[] ratings = train.ratings();
            for (int i = 0; i < n; i++) {
                users[i] = userRows.computeIfAbsent(train.userId(i), id -> userRows.size());
                items[i] = candidates.rowOf(train.movieId(i));
            }
            SplittableRandom random = new SplittableRandom(seed);
            float[] pu = gaussian(userRows.size() * factors, random);
            float[] qi = gaussian(candidates.size() * factors, random);
            float[] bu = new float[userRows.size()];
            float[] bi = new float[candidates.size()];
            boolean[] seen = new boolean[candidates.size()];
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
                if (items[i] >= 0) {
                    seen[items[i]] = true;
                }
            }
            float lr = (float) learningRate;
            float reg = (float) regularization;
            for (int epoch = 0; epoch < epochs; epoch++) {
                shuffle(order, random);
                for (int i : order) {
                    int u = users[i];
                    int item = items[i];
                    if (item < 0) {
                        continue;
                    }
                    int pOff = u * factors;
                    int qOff = item * factors;
                    float error = (float) (ratings[i] - (mean + bu[u] + bi[item] + dot(pu, pOff, qi, qOff, factors)));
                    bu[u] += lr * (error - reg * bu[u]);
                    bi[item] += lr * (error - reg * bi[item]);
                    for (int f = 0; f < factors; f++) {
                        float p = pu[pOff + f];
                        float q = qi[qOff + f];
                        pu[pOff + f] = p + lr * (error * q - reg * p);
                        qi[qOff + f] = q + lr * (error * p - reg * q);
                    }
                }
            }
            // Movies never rated in training keep their random factors otherwise: zero them so they
            // score μ + b_u, the documented fallback.
            for (int item = 0; item < seen.length; item++) {
                if (!seen[item]) {
                    Arrays.fill(qi, item * factors, (item + 1) * factors, 0f);
                }
            }
            return new BiasedMatrixFactorization(this, min, max, Map.copyOf(userRows), mean, bu, bi, pu, qi);
        }

        private float[] gaussian(int size, SplittableRandom random) {
            float[] out = new float[size];
            for (int i = 0; i < size; i += 2) {
                // Box-Muller: two normals from two uniforms.
                double radius = Math.sqrt(-2 * Math.log(1 - random.nextDouble()));
                double angle = 2 * Math.PI * random.nextDouble();
                out[i] = (float) (initStd * radius * Math.cos(angle));
                if (i + 1 < size) {
                    out[i + 1] = (float) (initStd * radius * Math.sin(angle));
                }
            }
            return out;
        }

        private static void shuffle(int[] order, SplittableRandom random) {
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
    }
}
