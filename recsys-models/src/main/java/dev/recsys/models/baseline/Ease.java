package dev.recsys.models.baseline;

import dev.recsys.core.data.Catalog;
import dev.recsys.core.data.Examples;
import dev.recsys.models.CandidateScorer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * EASE (Steck 2019, "Embarrassingly Shallow Autoencoders for Sparse Data"): a closed-form
 * item-item model over the binary user × item matrix {@code X} of the training part. With
 * {@code P = (XᵀX + λI)⁻¹}, the weights are {@code B = I − P · diag(1 / diag(P))}: {@code Bᵢⱼ =
 * −Pᵢⱼ / Pⱼⱼ} off the diagonal, 0 on it. A user's score of item {@code j} is
 * {@code Σ over the user's training items i of Bᵢⱼ}. Famously hard to beat on top-k metrics.
 *
 * <p>Items are the candidates rated in training (at least once); a candidate never rated scores
 * {@code -Float.MAX_VALUE}, below every item the model knows, and a user without training ratings
 * gets 0 everywhere. With fewer users than items, {@code P} comes from the Woodbury identity
 * {@code P = (I − Xᵀ (XXᵀ + λI)⁻¹ X) / λ}, so only a users × users matrix is inverted. Weights take
 * {@code 4 · items²} bytes of heap; fitting takes about twice that in doubles off-heap (ND4J).
 * Immutable and thread-safe.
 *
 * <pre>{@code
 * Ease ease = Ease.builder(catalog).lambda(200).fit(train);
 * Report report = Evaluator.builder().perUser(true).exclude(train).build().ranking(ease, test);
 * }</pre>
 */
public final class Ease implements CandidateScorer {

    private final Catalog candidates;
    private final double lambda;
    private final int[] itemRows;
    private final float[] weights;
    private final Map<Integer, int[]> itemsByUser;

    private Ease(Catalog candidates, double lambda, int[] itemRows, float[] weights, Map<Integer, int[]> itemsByUser) {
        this.candidates = candidates;
        this.lambda = lambda;
        this.itemRows = itemRows;
        this.weights = weights;
        this.itemsByUser = itemsByUser;
    }

    /**
     * Starts an unfitted model.
     *
     * @param candidates the movies to rank
     */
    public static Builder builder(Catalog candidates) {
        return new Builder(Objects.requireNonNull(candidates, "candidates"));
    }

    /** The L2 weight λ the model was fitted with. */
    public double lambda() {
        return lambda;
    }

    /** Items the model knows: candidates rated in training. */
    public int items() {
        return itemRows.length;
    }

    /**
     * The weight {@code B} from one movie to another (0 when either is unknown, and on the diagonal).
     */
    public double weight(int fromMovieId, int toMovieId) {
        int from = itemOf(fromMovieId);
        int to = itemOf(toMovieId);
        return from < 0 || to < 0 ? 0 : weights[from * itemRows.length + to];
    }

    private int itemOf(int movieId) {
        int row = candidates.rowOf(movieId);
        int item = row < 0 ? -1 : Arrays.binarySearch(itemRows, row);
        return Math.max(item, -1);
    }

    @Override
    public Catalog candidates() {
        return candidates;
    }

    /** {@code x_u · B} for each user, {@code -Float.MAX_VALUE} for candidates never rated in training. */
    @Override
    public float[][] scores(int[] userIds, long[] timestamps) {
        CatalogStats.checkQueries(userIds, timestamps);
        int n = itemRows.length;
        float[][] out = new float[userIds.length][];
        float[] itemScores = new float[n];
        for (int q = 0; q < userIds.length; q++) {
            Arrays.fill(itemScores, 0);
            for (int i : itemsByUser.getOrDefault(userIds[q], new int[0])) {
                int offset = i * n;
                for (int j = 0; j < n; j++) {
                    itemScores[j] += weights[offset + j];
                }
            }
            float[] row = new float[candidates.size()];
            Arrays.fill(row, -Float.MAX_VALUE);
            for (int j = 0; j < n; j++) {
                row[itemRows[j]] = itemScores[j];
            }
            out[q] = row;
        }
        return out;
    }

    /** Settings of an {@link Ease} model. */
    public static final class Builder {
        private final Catalog candidates;
        private double lambda = 200;

        private Builder(Catalog candidates) {
            this.candidates = candidates;
        }

        /**
         * The L2 weight λ on the diagonal, positive; default 200 (choose it on validation data:
         * larger datasets want larger values, Steck used 500 on ml-20m).
         */
        public Builder lambda(double lambda) {
            this.lambda = lambda;
            return this;
        }

        /**
         * Fits the weights on the (user, movie) pairs of {@code train}; ratings and times are ignored.
         *
         * @param train at least one rating of a candidate
         * @throws IllegalArgumentException if no training movie is a candidate, λ is not positive,
         *     or the weights would not fit in this JVM's memory (the message says how much they need)
         */
        public Ease fit(Examples train) {
            Objects.requireNonNull(train, "train");
            if (!(lambda > 0) || Double.isInfinite(lambda)) {
                throw new IllegalArgumentException("lambda must be positive and finite, found " + lambda);
            }
            Map<Integer, Integer> itemOfRow = new HashMap<>();
            Map<Integer, List<Integer>> byUser = new LinkedHashMap<>();
            List<Integer> rows = new ArrayList<>();
            for (int r = 0; r < train.size(); r++) {
                int row = candidates.rowOf(train.movieId(r));
                if (row >= 0 && !itemOfRow.containsKey(row)) {
                    itemOfRow.put(row, -1);
                    rows.add(row);
                }
            }
            if (rows.isEmpty()) {
                throw new IllegalArgumentException("EASE needs training ratings of candidates, found none among "
                        + train.size() + " examples");
            }
            int[] itemRows = rows.stream().mapToInt(Integer::intValue).sorted().toArray();
            for (int i = 0; i < itemRows.length; i++) {
                itemOfRow.put(itemRows[i], i);
            }
            for (int r = 0; r < train.size(); r++) {
                Integer item = itemOfRow.get(candidates.rowOf(train.movieId(r)));
                if (item != null) {
                    byUser.computeIfAbsent(train.userId(r), u -> new ArrayList<>()).add(item);
                }
            }
            Map<Integer, int[]> itemsByUser = new HashMap<>(byUser.size() * 2);
            byUser.forEach((user, items) -> itemsByUser.put(user,
                    items.stream().mapToInt(Integer::intValue).distinct().sorted().toArray()));
            int n = itemRows.length;
            checkMemory(n, Math.min(n, itemsByUser.size()));
            double[] p = itemsByUser.size() < n ? woodbury(itemsByUser, n, lambda) : direct(itemsByUser, n, lambda);
            float[] weights = new float[n * n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    weights[i * n + j] = i == j ? 0 : (float) (-p[i * n + j] / p[j * n + j]);
                }
            }
            return new Ease(candidates, lambda, itemRows, weights, itemsByUser);
        }

        /** {@code P = (XᵀX + λI)⁻¹} from the item × item Gram matrix. */
        private static double[] direct(Map<Integer, int[]> itemsByUser, int n, double lambda) {
            double[] gram = new double[n * n];
            for (int[] items : itemsByUser.values()) {
                for (int i : items) {
                    for (int j : items) {
                        gram[i * n + j]++;
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                gram[i * n + i] += lambda;
            }
            return SpdInverse.invert(gram, n);
        }

        /** {@code P = (I − Xᵀ (XXᵀ + λI)⁻¹ X) / λ}: inverts users × users instead of items × items. */
        private static double[] woodbury(Map<Integer, int[]> itemsByUser, int n, double lambda) {
            int users = itemsByUser.size();
            double[] x = new double[users * n];
            int u = 0;
            for (int[] items : itemsByUser.values()) {
                for (int i : items) {
                    x[u * n + i] = 1;
                }
                u++;
            }
            double[] inner;
            try (INDArray xm = Nd4j.create(x, new long[] {users, n}, 'c');
                 INDArray gram = xm.mmul(xm.transpose())) {
                inner = gram.dup('c').data().asDouble();
            }
            for (int i = 0; i < users; i++) {
                inner[i * users + i] += lambda;
            }
            double[] m = SpdInverse.invert(inner, users);
            try (INDArray xm = Nd4j.create(x, new long[] {users, n}, 'c');
                 INDArray mm = Nd4j.create(m, new long[] {users, users}, 'c');
                 INDArray mx = mm.mmul(xm);
                 INDArray t = xm.transpose().mmul(mx)) {
                double[] p = t.dup('c').data().asDouble();
                for (int i = 0; i < p.length; i++) {
                    p[i] = -p[i] / lambda;
                }
                for (int i = 0; i < n; i++) {
                    p[i * n + i] += 1 / lambda;
                }
                return p;
            }
        }

        /** Refuses sizes this JVM cannot hold, before allocating anything large. */
        private static void checkMemory(int items, int inverted) {
            long heap = 12L * items * items + 8L * inverted * items;
            long offHeap = 3 * 8L * items * items;
            long maxHeap = Runtime.getRuntime().maxMemory();
            long maxOffHeap = Pointer.maxBytes();
            if (heap > maxHeap || (maxOffHeap > 0 && offHeap > maxOffHeap)) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "EASE over %,d items needs about %.1f GB of heap and %.1f GB off-heap while fitting"
                                + " (its weights alone take %.1f GB); this JVM allows %.1f GB of heap (-Xmx) and"
                                + " %.1f GB off-heap (-Dorg.bytedeco.javacpp.maxbytes). Keep fewer items (e.g. drop"
                                + " rarely rated ones) or give the JVM more memory.",
                        items, heap / 1e9, offHeap / 1e9, 4.0 * items * items / 1e9, maxHeap / 1e9, maxOffHeap / 1e9));
            }
        }
    }
}
