package dev.recsys.core.nn.frozen;

import dev.recsys.core.nn.Activation;
import dev.recsys.core.topk.internal.Kernels;
import dev.recsys.core.topk.internal.VectorKernels;
import java.util.Arrays;
import java.util.Objects;

/**
 * A frozen causal self-attention encoder with the computation of {@link
 * dev.recsys.core.nn.CausalSelfAttention#applyLast} without dropout: one left-padded sequence in,
 * the encoding of its newest position out. Padded positions are skipped (they never influence
 * an item's output), so the cost grows with the number of items, not with the padded length.
 * Immutable and safe for concurrent use; a call allocates its working arrays ({@code O(T·D)}
 * floats).
 */
public final class FrozenCausalSelfAttention {

    /** Epsilon of the layer norms, as {@code Ops.layerNorm}. */
    private static final double EPSILON = 1.0e-5;

    /** A layer norm's gain and bias. */
    private record Norm(float[] gain, float[] bias) {
        static Norm of(Weights weights, String name, int dim) {
            return new Norm(weights.require(name + "/gain", 1, dim).clone(), weights.require(name + "/bias", 1, dim).clone());
        }

        /** Normalizes {@code x[from, from + dim)} into {@code y[to, to + dim)}. */
        void apply(float[] x, int from, float[] y, int to) {
            int dim = gain.length;
            double mean = 0;
            for (int i = 0; i < dim; i++) {
                mean += x[from + i];
            }
            mean /= dim;
            double variance = 0;
            for (int i = 0; i < dim; i++) {
                double c = x[from + i] - mean;
                variance += c * c;
            }
            double inverse = 1.0 / Math.sqrt(variance / dim + EPSILON);
            for (int i = 0; i < dim; i++) {
                y[to + i] = (float) ((x[from + i] - mean) * inverse * gain[i] + bias[i]);
            }
        }
    }

    /** The weights of one layer. */
    private record Layer(Norm attentionNorm, FrozenDense query, FrozenDense key, FrozenDense value, FrozenDense output,
            Norm feedForwardNorm, FrozenDense feedForward0, FrozenDense feedForward1) {}

    private final float[] positions;
    private final Layer[] layers;
    private final Norm outputNorm;
    private final int dim;
    private final int maxLength;
    private final int heads;
    private final VectorKernels kernels;

    private FrozenCausalSelfAttention(float[] positions, Layer[] layers, Norm outputNorm, int dim, int maxLength,
            int heads) {
        this.positions = positions;
        this.layers = layers;
        this.outputNorm = outputNorm;
        this.dim = dim;
        this.maxLength = maxLength;
        this.heads = heads;
        this.kernels = Kernels.get();
    }

    /**
     * The encoder stored in {@code weights} by a {@code CausalSelfAttention.builder(name, dim,
     * maxLength).layers(layers).heads(heads)} (see its parameter names).
     *
     * @throws IllegalArgumentException if a setting is out of range, or a parameter is missing or
     *     has another shape
     */
    public static FrozenCausalSelfAttention of(Weights weights, String name, int dim, int maxLength, int layers,
            int heads) {
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(name, "name");
        if (dim <= 0 || maxLength <= 0 || layers < 1 || heads < 1 || dim % heads != 0) {
            throw new IllegalArgumentException("attention '" + name + "' needs positive dim and maxLength, at least one"
                    + " layer and heads dividing dim; found dim " + dim + ", maxLength " + maxLength + ", layers "
                    + layers + ", heads " + heads);
        }
        Layer[] stack = new Layer[layers];
        for (int i = 0; i < layers; i++) {
            String prefix = name + "/layer" + i;
            stack[i] = new Layer(Norm.of(weights, prefix + "/attentionNorm", dim),
                    dense(weights, prefix + "/query", dim, Activation.LINEAR),
                    dense(weights, prefix + "/key", dim, Activation.LINEAR),
                    dense(weights, prefix + "/value", dim, Activation.LINEAR),
                    dense(weights, prefix + "/output", dim, Activation.LINEAR),
                    Norm.of(weights, prefix + "/feedForwardNorm", dim),
                    dense(weights, prefix + "/feedForward0", dim, Activation.RELU),
                    dense(weights, prefix + "/feedForward1", dim, Activation.LINEAR));
        }
        return new FrozenCausalSelfAttention(weights.require(name + "/positions", maxLength, dim).clone(), stack,
                Norm.of(weights, name + "/outputNorm", dim), dim, maxLength, heads);
    }

    private static FrozenDense dense(Weights weights, String name, int dim, Activation activation) {
        return FrozenDense.of(weights, name + "/kernel", name + "/bias", dim, dim, activation);
    }

    /** Width {@code D} of the items and of the output. */
    public int outputDim() {
        return dim;
    }

    /** Longest sequence accepted. */
    public int maxLength() {
        return maxLength;
    }

    /**
     * Encodes one left-padded sequence into its newest position; zeros when it holds no item.
     *
     * @param x {@code [steps, D]} row-major from {@code xOffset}: the item embeddings, padding first
     * @param mask {@code [steps]} from {@code maskOffset}: 0 for padding, then 1 for items
     * @param steps the sequence length {@code T}, in {@code [1, maxLength]}
     * @param out receives {@code [D]} from {@code outOffset}
     * @throws IllegalArgumentException if {@code steps} is out of range or the mask is not 0s then 1s
     */
    public void encodeLast(float[] x, int xOffset, float[] mask, int maskOffset, int steps, float[] out, int outOffset) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(mask, "mask");
        Objects.requireNonNull(out, "out");
        if (steps < 1 || steps > maxLength) {
            throw new IllegalArgumentException("attention steps out of range: expected 1.." + maxLength + ", found "
                    + steps);
        }
        int padding = 0;
        while (padding < steps && mask[maskOffset + padding] == 0f) {
            padding++;
        }
        for (int s = padding; s < steps; s++) {
            if (mask[maskOffset + s] != 1f) {
                throw new IllegalArgumentException("attention mask must be 0 (padding) then 1 (items), left-padded; found "
                        + Arrays.toString(Arrays.copyOfRange(mask, maskOffset, maskOffset + steps)));
            }
        }
        int n = steps - padding;
        if (n == 0) {
            Arrays.fill(out, outOffset, outOffset + dim, 0f);
            return;
        }
        // h: the items only, oldest first; position rows aligned at the end of the table.
        float[] h = new float[n * dim];
        for (int i = 0; i < n; i++) {
            int step = padding + i;
            int row = (maxLength - steps + step) * dim;
            for (int d = 0; d < dim; d++) {
                h[i * dim + d] = x[xOffset + step * dim + d] + positions[row + d];
            }
        }
        for (int l = 0; l < layers.length; l++) {
            h = layer(layers[l], h, n, l == layers.length - 1);
        }
        float[] y = new float[dim];
        outputNorm.apply(h, h.length - dim, y, 0);
        System.arraycopy(y, 0, out, outOffset, dim);
    }

    /**
     * One layer over {@code n} items {@code h [n, D]}: every position, or only the newest when
     * {@code lastOnly}.
     *
     * @return {@code [n, D]}, or {@code [1, D]} when {@code lastOnly}
     */
    private float[] layer(Layer layer, float[] h, int n, boolean lastOnly) {
        int width = dim / heads;
        double scale = 1.0 / Math.sqrt(width);
        float[] a = new float[n * dim];
        float[] keys = new float[n * dim];
        float[] values = new float[n * dim];
        float[] row = new float[dim];
        for (int i = 0; i < n; i++) {
            layer.attentionNorm.apply(h, i * dim, a, i * dim);
            layer.key.apply(a, i * dim, row);
            System.arraycopy(row, 0, keys, i * dim, dim);
            layer.value.apply(a, i * dim, row);
            System.arraycopy(row, 0, values, i * dim, dim);
        }
        int first = lastOnly ? n - 1 : 0;
        float[] result = new float[(n - first) * dim];
        float[] query = new float[dim];
        float[] context = new float[dim];
        float[] weights = new float[n];
        float[] hidden = new float[dim];
        for (int s = first; s < n; s++) {
            layer.query.apply(a, s * dim, query);
            Arrays.fill(context, 0f);
            for (int j = 0; j < heads; j++) {
                int offset = j * width;
                // softmax over the keys 0..s (all items): causal, and padding is not among them
                float max = Float.NEGATIVE_INFINITY;
                for (int u = 0; u <= s; u++) {
                    weights[u] = (float) (kernels.dot(query, offset, keys, u * dim + offset, width) * scale);
                    max = Math.max(max, weights[u]);
                }
                double total = 0;
                for (int u = 0; u <= s; u++) {
                    weights[u] = (float) Math.exp(weights[u] - max);
                    total += weights[u];
                }
                for (int u = 0; u <= s; u++) {
                    float p = (float) (weights[u] / total);
                    for (int d = offset; d < offset + width; d++) {
                        context[d] += p * values[u * dim + d];
                    }
                }
            }
            int at = (s - first) * dim;
            layer.output.apply(context, 0, row);
            for (int d = 0; d < dim; d++) {
                result[at + d] = h[s * dim + d] + row[d];
            }
            layer.feedForwardNorm.apply(result, at, row, 0);
            layer.feedForward0.apply(row, 0, hidden);
            layer.feedForward1.apply(hidden, 0, row);
            for (int d = 0; d < dim; d++) {
                result[at + d] += row[d];
            }
        }
        return result;
    }
}
