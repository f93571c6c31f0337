package dev.recsys.core.nn;

import dev.recsys.core.nn.frozen.FrozenCausalSelfAttention;
import dev.recsys.core.nn.frozen.Weights;
import java.nio.DoubleBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A causal self-attention sequence encoder in the shape of SASRec (Kang &amp; McAuley 2018): a
 * learned positional embedding and a stack of pre-LN Transformer layers (causal multi-head
 * self-attention and a point-wise feed-forward, each with residual connection, layer
 * normalization and dropout). It turns a user's history {@code [B, T, D]} into one vector per
 * position; the last position summarizes the whole history (see {@link #applyLast}).
 *
 * <p>Sequences are <em>left-padded</em>: padding first, then the items from oldest to newest, so
 * position {@code T-1} always holds the newest item. With {@code mask[b, t]} 1 for items and 0 for
 * padding, {@code P} the positional table {@code [maxLength, D]}, {@code H} heads of width
 * {@code d = D / H} and {@code LN} a layer norm with its own gain and bias (epsilon 1e-5):
 *
 * <pre>
 * h = Dropout(x + P[maxLength-T .. maxLength-1])       positions aligned at the end: the newest item
 *                                                       always gets row maxLength-1, whatever T
 * for each layer:
 *   a = LN(h)
 *   Q = a W_q + b_q,  K = a W_k + b_k,  V = a W_v + b_v    (every position, split into H heads)
 *   A_j = maskedSoftmax(Q_j K_jᵀ / sqrt(d), M) V_j         M[b, s, t] = 1 iff t &lt;= s and mask[b, t] = 1
 *   h = h + Dropout(concat(A_1 .. A_H) W_o + b_o)
 *   f = LN(h)
 *   h = h + Dropout(Dropout(relu(f W_1 + b_1)) W_2 + b_2)  (feed-forward width D, as SASRec)
 * y = LN(h) ⊙ mask                                      [B, T, D]
 * </pre>
 *
 * <p>Why pre-LN (normalize each sublayer's input, add its output to the un-normalized stream):
 * it is the form of the SASRec paper (section 3.4: {@code g(x) = x + Dropout(g(LayerNorm(x)))})
 * and its reference code; it keeps gradients well scaled at initialization without learning-rate
 * warm-up (Xiong et al. 2020); and the final {@code LN} bounds the scale of the output that
 * is dotted with candidate embeddings. Differences from the reference code: keys and values are
 * computed from the normalized input like the queries (the reference code normalizes queries
 * only), dropout acts on the attention output rather than on the attention weights, and an
 * output projection {@code W_o} mixes the heads. Item embeddings are used as given; SASRec
 * multiplies them by {@code sqrt(D)} before adding positions ({@link Ops#scale} does that).
 *
 * <p>Masking: a position attends to itself and earlier positions that are not padding, so
 * padding and later items never influence an output. A padding position has no key to attend to
 * (all earlier positions are padding too); its output is exactly zero, and so is the gradient
 * reaching padded inputs. A sequence that is all padding encodes to zeros at every position. The
 * inputs at padded positions must be finite; their values do not matter.
 *
 * <p>Dropout acts only when {@code training} is set: the layer draws each keep mask from the
 * caller's {@link SplittableRandom} (in a fixed order: input, then per layer attention output,
 * feed-forward hidden, feed-forward output), so a seeded generator makes a step reproducible.
 *
 * <p>Parameters in the store, for layer {@code i} from 0:
 * <ul>
 *   <li>{@code name/positions} {@code [maxLength, D]}, Glorot uniform;
 *   <li>{@code name/layer<i>/attentionNorm/gain} and {@code /bias} {@code [1, D]}, ones and zeros;
 *   <li>{@code name/layer<i>/query}, {@code /key}, {@code /value}, {@code /output}: each a
 *       {@link Dense} with {@code /kernel} {@code [D, D]} (Glorot uniform) and {@code /bias}
 *       {@code [1, D]} (zeros);
 *   <li>{@code name/layer<i>/feedForwardNorm/gain} and {@code /bias} {@code [1, D]};
 *   <li>{@code name/layer<i>/feedForward0} (ReLU) and {@code /feedForward1} (linear): each a
 *       {@link Dense} {@code [D, D]};
 *   <li>{@code name/outputNorm/gain} and {@code /bias} {@code [1, D]}.
 * </ul>
 */
public final class CausalSelfAttention {

    /** A layer norm's gain and bias. */
    private record Norm(DenseParameter gain, DenseParameter bias) {
        static Norm create(ParameterStore store, String name, int dim) {
            return new Norm(store.dense(name + "/gain", Initializer.constant(1.0), 1, dim),
                    store.dense(name + "/bias", Initializer.zeros(), 1, dim));
        }

        Variable apply(Tape tape, Variable x) {
            return Ops.layerNorm(x, tape.parameter(gain), tape.parameter(bias));
        }
    }

    /** The parameters of one layer. */
    private record Layer(Norm attentionNorm, Dense query, Dense key, Dense value, Dense output, Norm feedForwardNorm,
            Dense feedForward0, Dense feedForward1) {}

    private final String name;
    private final int dim;
    private final int maxLength;
    private final int heads;
    private final double dropout;
    private final DenseParameter positions;
    private final List<Layer> layers;
    private final Norm outputNorm;

    private CausalSelfAttention(Builder builder, ParameterStore store) {
        this.name = builder.name;
        this.dim = builder.dim;
        this.maxLength = builder.maxLength;
        this.heads = builder.heads;
        this.dropout = builder.dropout;
        this.positions = store.dense(name + "/positions", Initializer.glorotUniform(), maxLength, dim);
        List<Layer> created = new ArrayList<>();
        for (int i = 0; i < builder.layers; i++) {
            String prefix = name + "/layer" + i;
            created.add(new Layer(
                    Norm.create(store, prefix + "/attentionNorm", dim),
                    Dense.builder(prefix + "/query", dim, dim).build(store),
                    Dense.builder(prefix + "/key", dim, dim).build(store),
                    Dense.builder(prefix + "/value", dim, dim).build(store),
                    Dense.builder(prefix + "/output", dim, dim).build(store),
                    Norm.create(store, prefix + "/feedForwardNorm", dim),
                    Dense.builder(prefix + "/feedForward0", dim, dim).activation(Activation.RELU).build(store),
                    Dense.builder(prefix + "/feedForward1", dim, dim).build(store)));
        }
        this.layers = List.copyOf(created);
        this.outputNorm = Norm.create(store, name + "/outputNorm", dim);
    }

    /**
     * Starts an attention encoder.
     *
     * @param name parameter name prefix, unique in the store
     * @param dim width {@code D} of the items and of the output, divisible by the number of heads
     * @param maxLength longest sequence {@code T} accepted, the rows of the positional table
     */
    public static Builder builder(String name, int dim, int maxLength) {
        Objects.requireNonNull(name, "name");
        return new Builder(name, dim, maxLength);
    }

    /**
     * The frozen encoder (plain Java, for serving) stored in {@code weights} by an encoder built
     * as {@code builder(name, dim, maxLength).layers(layers).heads(heads)}: {@link #applyLast}
     * without dropout, one sequence at a time.
     *
     * @throws IllegalArgumentException if a setting is out of range, or a parameter is missing or
     *     has another shape
     */
    public static FrozenCausalSelfAttention frozen(Weights weights, String name, int dim, int maxLength, int layers,
            int heads) {
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(name, "name");
        return FrozenCausalSelfAttention.of(weights, name, dim, maxLength, layers, heads);
    }

    /** Output width {@code D} (the input width). */
    public int outputDim() {
        return dim;
    }

    /** Longest sequence accepted. */
    public int maxLength() {
        return maxLength;
    }

    /**
     * Encodes a batch of left-padded sequences, one output per position.
     *
     * @param tape the tape of this step
     * @param x {@code [B, T, D]} with {@code 1 <= T <= maxLength}: the item embeddings, padding first
     * @param mask {@code [B, T]}, 0 for padding then 1 for items in every row (a row may be all 0
     *     or all 1)
     * @param training whether to apply dropout
     * @param random draws the dropout masks; required when {@code training}, may be {@code null}
     *     otherwise
     * @return {@code [B, T, D]}: position {@code t} encodes the items up to {@code t}; zeros at
     *     padding
     * @throws IllegalArgumentException if a shape does not fit, a mask value is not 0 or 1, or a
     *     mask row has an item before padding
     */
    public Variable apply(Tape tape, Variable x, INDArray mask, boolean training, SplittableRandom random) {
        Objects.requireNonNull(tape, "tape");
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(mask, "mask");
        return encode(tape, x, mask, training, random, false);
    }

    /**
     * Encodes a batch of left-padded sequences into their last position: the representation of
     * each whole history, zeros for an empty one. Arguments as {@link #apply}.
     *
     * <p>Equal to the last position of {@link #apply} without dropout, and cheaper: the last
     * layer computes queries, attention, feed-forward and normalization for the last position
     * only (keys and values still cover every position). With dropout the masks are drawn for
     * the smaller arrays, so a training step differs from {@code apply}'s in its draws.
     *
     * @return {@code [B, D]}
     */
    public Variable applyLast(Tape tape, Variable x, INDArray mask, boolean training, SplittableRandom random) {
        Objects.requireNonNull(tape, "tape");
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(mask, "mask");
        return encode(tape, x, mask, training, random, true);
    }

    private Variable encode(Tape tape, Variable x, INDArray mask, boolean training, SplittableRandom random,
            boolean lastOnly) {
        if (training) {
            Objects.requireNonNull(random, "random must not be null when training");
        }
        Ops.requireRank(x, 3, "attention '" + name + "' input");
        long[] shape = x.shape();
        if (shape[2] != dim || shape[1] < 1 || shape[1] > maxLength) {
            throw new IllegalArgumentException("attention '" + name + "' input shape mismatch: expected [B, 1.."
                    + maxLength + ", " + dim + "], found " + Arrays.toString(shape));
        }
        int b = Math.toIntExact(shape[0]);
        int t = (int) shape[1];
        Ops.requireMask(mask, b, t, "attention '" + name + "'");
        float[] keys = checkedKeys(mask, b, t);
        DataType type = x.value().dataType();
        SplittableRandom draws = training && dropout > 0 ? random : null;
        int fullLayers = lastOnly ? layers.size() - 1 : layers.size();
        INDArray fullMask = fullLayers > 0 ? attentionMask(tape, keys, b, t, t, type) : null;
        Variable h = Ops.reshape(dropout(tape, Ops.addPositional(x, tape.parameter(positions)), draws), (long) b * t, dim);
        for (int i = 0; i < fullLayers; i++) {
            h = layer(tape, layers.get(i), h, b, t, t, fullMask, draws);
        }
        if (!lastOnly) {
            return Ops.maskSteps(Ops.reshape(outputNorm.apply(tape, h), b, t, dim), mask);
        }
        INDArray lastMask = attentionMask(tape, keys, b, t, 1, type);
        Variable last = layer(tape, layers.get(layers.size() - 1), h, b, t, 1, lastMask, draws);
        INDArray hasItems = mask.get(NDArrayIndex.all(), NDArrayIndex.interval(t - 1, t));
        return Ops.reshape(Ops.maskSteps(Ops.reshape(outputNorm.apply(tape, last), b, 1, dim), hasItems), b, dim);
    }

    /**
     * One layer for the queries at the last {@code queries} positions ({@code T} or 1); keys and
     * values cover all {@code T}.
     *
     * @param h {@code [B*T, D]}
     * @param attentionMask {@code [B*H, queries, T]}
     * @return {@code [B*queries, D]}
     */
    private Variable layer(Tape tape, Layer layer, Variable h, int b, int t, int queries, INDArray attentionMask,
            SplittableRandom draws) {
        Variable a = layer.attentionNorm.apply(tape, h);
        Variable k = splitHeads(layer.key.apply(tape, a), b, t);
        Variable v = splitHeads(layer.value.apply(tape, a), b, t);
        Variable residual = h;
        Variable queryInput = a;
        if (queries == 1) {
            residual = Ops.selectStep(Ops.reshape(h, b, t, dim), t - 1);
            queryInput = Ops.selectStep(Ops.reshape(a, b, t, dim), t - 1);
        }
        double queryScale = 1.0 / Math.sqrt((double) dim / heads);
        Variable q = splitHeads(Ops.scale(layer.query.apply(tape, queryInput), queryScale), b, queries);
        Variable weights = Ops.maskedSoftmax(Ops.batchMatmul(q, k, false, true), attentionMask);
        Variable context = mergeHeads(Ops.batchMatmul(weights, v, false, false), b, queries);
        Variable out = Ops.add(residual, dropout(tape, layer.output.apply(tape, context), draws));
        Variable f = layer.feedForwardNorm.apply(tape, out);
        f = dropout(tape, layer.feedForward0.apply(tape, f), draws);
        return Ops.add(out, dropout(tape, layer.feedForward1.apply(tape, f), draws));
    }

    /** {@code [B*T, D]} to {@code [B*H, T, D/H]}: head {@code j} of sequence {@code b} at {@code b*H + j}. */
    private Variable splitHeads(Variable x, int b, int t) {
        if (heads == 1) {
            return Ops.reshape(x, b, t, dim);
        }
        Variable split = Ops.permute(Ops.reshape(x, b, t, heads, dim / heads), 0, 2, 1, 3);
        return Ops.reshape(split, (long) b * heads, t, dim / heads);
    }

    /** Inverse of {@link #splitHeads}: {@code [B*H, T, D/H]} to {@code [B*T, D]}. */
    private Variable mergeHeads(Variable x, int b, int t) {
        if (heads == 1) {
            return Ops.reshape(x, (long) b * t, dim);
        }
        Variable merged = Ops.permute(Ops.reshape(x, b, heads, t, dim / heads), 0, 2, 1, 3);
        return Ops.reshape(merged, (long) b * t, dim);
    }

    /** The padding mask as row-major floats, checked to be 0/1 and left-padded. */
    private float[] checkedKeys(INDArray mask, int b, int t) {
        // INDArray.toFloatMatrix() takes about 45 ms for a [512, 50] mask here; a C-ordered copy
        // read as one buffer takes well under 1 ms.
        INDArray copy = mask.dup('c');
        float[] keys = copy.data().asFloat();
        copy.close();
        for (int row = 0; row < b; row++) {
            int start = row * t;
            for (int s = 0; s < t; s++) {
                float value = keys[start + s];
                if ((value != 0 && value != 1) || (s > 0 && value < keys[start + s - 1])) {
                    throw new IllegalArgumentException("attention '" + name + "' mask row " + row
                            + " must be 0 (padding) then 1 (items), left-padded; found "
                            + Arrays.toString(Arrays.copyOfRange(keys, start, start + t)));
                }
            }
        }
        return keys;
    }

    /**
     * The {@code [B*H, queries, T]} attention mask for the last {@code queries} query positions:
     * 1 where query {@code s} may attend key {@code u}, that is {@code u <= s} and key {@code u} is
     * an item.
     */
    private INDArray attentionMask(Tape tape, float[] keys, int b, int t, int queries, DataType type) {
        int block = queries * t;
        float[] rows = new float[heads * block];
        INDArray mask = tape.allocate(type, (long) b * heads, queries, t);
        for (int row = 0; row < b; row++) {
            Arrays.fill(rows, 0, block, 0f);
            for (int i = 0; i < queries; i++) {
                int s = t - queries + i;
                System.arraycopy(keys, row * t, rows, i * t, s + 1);
            }
            for (int j = 1; j < heads; j++) {
                System.arraycopy(rows, 0, rows, j * block, block);
            }
            write(mask, (long) row * rows.length, rows, rows.length);
        }
        return mask;
    }

    /** {@code x} unchanged when {@code random} is null, else inverted dropout with a fresh mask. */
    private Variable dropout(Tape tape, Variable x, SplittableRandom random) {
        if (random == null) {
            return x;
        }
        INDArray keep = tape.allocate(x.value().dataType(), x.shape());
        fillKeepMask(keep, random, dropout);
        // Scale by the quantized keep probability, so that the expectation is exactly x.
        double keptShare = keepThreshold(dropout) / 65536.0;
        return Ops.dropout(x, keep, 1.0 - keptShare);
    }

    /** The keep probability in 1/65536 units: {@code 1 - rate} rounded, at least 1. */
    private static long keepThreshold(double rate) {
        return Math.max(1, Math.round((1.0 - rate) * 65536));
    }

    /**
     * Fills {@code target} with a keep mask, {@code P(1) = 1 - rate} quantized to 1/65536: each
     * element compares 16 random bits with the threshold, four elements per {@code nextLong}.
     * The values go straight into the native buffer in chunks: a Java array of {@code B*T*D}
     * floats copied in by {@code Nd4j.create} cost about three times as much.
     *
     * @param target C-ordered, not a view, FLOAT or DOUBLE
     */
    static void fillKeepMask(INDArray target, SplittableRandom random, double rate) {
        long threshold = keepThreshold(rate);
        long length = target.length();
        float[] chunk = new float[(int) Math.min(length, 4096)]; // a multiple of 4: whole draws per chunk
        long bits = 0;
        for (long start = 0; start < length; start += chunk.length) {
            int n = (int) Math.min(chunk.length, length - start);
            for (int i = 0; i < n; i++) {
                if ((i & 3) == 0) {
                    bits = random.nextLong();
                }
                chunk[i] = (bits & 0xFFFF) < threshold ? 1f : 0f;
                bits >>>= 16;
            }
            write(target, start, chunk, n);
        }
    }

    /** Copies {@code values[0, n)} into {@code target}'s buffer from element {@code offset}. */
    private static void write(INDArray target, long offset, float[] values, int n) {
        int at = Math.toIntExact(offset);
        if (target.dataType() == DataType.FLOAT) {
            target.data().asNioFloat().put(at, values, 0, n);
        } else {
            DoubleBuffer out = target.data().asNioDouble();
            for (int i = 0; i < n; i++) {
                out.put(at + i, values[i]);
            }
        }
    }

    /** Settings of a {@link CausalSelfAttention}. */
    public static final class Builder {
        private final String name;
        private final int dim;
        private final int maxLength;
        private int layers = 2;
        private int heads = 1;
        private double dropout = 0.2;

        private Builder(String name, int dim, int maxLength) {
            this.name = name;
            this.dim = dim;
            this.maxLength = maxLength;
        }

        /**
         * Number of stacked layers, at least 1; default 2, the SASRec paper's setting. One layer
         * costs about half as much and may do as well on short histories: choose on validation.
         */
        public Builder layers(int layers) {
            this.layers = layers;
            return this;
        }

        /**
         * Number of attention heads, at least 1 and dividing {@code dim}; default 1, as SASRec
         * (in its ablation two heads did slightly worse than one, which the authors put down to
         * the small widths of recommenders).
         */
        public Builder heads(int heads) {
            this.heads = heads;
            return this;
        }

        /**
         * Drop probability of every dropout site, in {@code [0, 1)}; default 0.2, SASRec's rate on
         * MovieLens-1M (it uses 0.5 on sparse data). MovieLens users have long, dense histories
         * like ML-1M's.
         */
        public Builder dropout(double rate) {
            this.dropout = rate;
            return this;
        }

        /**
         * Creates the encoder's parameters in {@code store}.
         *
         * @throws IllegalArgumentException if a setting is out of range or the names are taken
         */
        public CausalSelfAttention build(ParameterStore store) {
            Objects.requireNonNull(store, "store");
            String what = "attention '" + name + "' ";
            if (dim <= 0 || maxLength <= 0) {
                throw new IllegalArgumentException(what + "needs positive dimensions, found dim " + dim
                        + ", maxLength " + maxLength);
            }
            if (layers < 1) {
                throw new IllegalArgumentException(what + "needs at least 1 layer, found " + layers);
            }
            if (heads < 1 || dim % heads != 0) {
                throw new IllegalArgumentException(what + "heads must be positive and divide dim " + dim + ", found "
                        + heads);
            }
            if (!(dropout >= 0 && dropout < 1)) {
                throw new IllegalArgumentException(what + "dropout must be in [0, 1), found " + dropout);
            }
            return new CausalSelfAttention(this, store);
        }
    }
}
