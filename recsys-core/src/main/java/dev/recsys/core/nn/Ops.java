package dev.recsys.core.nn;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The differentiable operations of the engine. Each records its output on the inputs' {@link
 * Tape} together with an explicit backward pass; every operation works on whole batches (one or
 * a few ND4J calls), in the data type of its inputs.
 *
 * <p>Shapes use {@code B} for the batch, {@code T} for sequence length and {@code D} for feature
 * width. Array arguments that are not variables (masks, targets, offsets) are constants: no
 * gradient flows into them and the caller keeps ownership.
 */
public final class Ops {

    /** Logit given to excluded entries of {@link #softmaxCrossEntropy}: exp underflows to 0. */
    static final double EXCLUDED_LOGIT = -1.0e9;

    /** Epsilon of {@link #layerNorm(Variable, Variable, Variable)}, PyTorch's default. */
    static final double LAYER_NORM_EPSILON = 1.0e-5;

    /** Added to the squared norm in {@link #l2Normalize} so zero rows stay finite. */
    static final double L2_EPSILON = 1.0e-12;

    private Ops() {}

    /**
     * Matrix product.
     *
     * @param a {@code [n, k]}
     * @param b {@code [k, m]}
     * @return {@code [n, m]}
     */
    public static Variable matmul(Variable a, Variable b) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        requireRank(a, 2, "matmul left operand");
        requireRank(b, 2, "matmul right operand");
        if (a.value().size(1) != b.value().size(0)) {
            throw new IllegalArgumentException("matmul inner dimension mismatch: left "
                    + Arrays.toString(a.shape()) + ", right " + Arrays.toString(b.shape()));
        }
        Tape tape = a.tape();
        return tape.record(Nd4j.gemm(a.value(), b.value(), false, false), g -> {
            if (a.requiresGradient()) {
                a.accumulate(tape.track(Nd4j.gemm(g, b.value(), false, true)), true);
            }
            if (b.requiresGradient()) {
                b.accumulate(tape.track(Nd4j.gemm(a.value(), g, true, false)), true);
            }
        }, a, b);
    }

    /**
     * Adds a bias row to every row.
     *
     * @param x {@code [n, m]}
     * @param bias {@code [1, m]}
     * @return {@code [n, m]}
     */
    public static Variable addBias(Variable x, Variable bias) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(bias, "bias");
        requireRank(x, 2, "addBias input");
        if (bias.value().rank() != 2 || bias.value().size(0) != 1 || bias.value().size(1) != x.value().size(1)) {
            throw new IllegalArgumentException("bias shape mismatch: expected [1, " + x.value().size(1)
                    + "], found " + Arrays.toString(bias.shape()));
        }
        Tape tape = x.tape();
        return tape.record(x.value().addRowVector(bias.value()), g -> {
            x.accumulate(g, false);
            if (bias.requiresGradient()) {
                bias.accumulate(columnSum(tape, g), true);
            }
        }, x, bias);
    }

    /**
     * Elementwise sum of two arrays of the same shape (e.g. weighted losses of a joint model).
     */
    public static Variable add(Variable a, Variable b) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        requireSameShape(a, b, "add");
        return a.tape().record(a.value().add(b.value()), g -> {
            a.accumulate(g, false);
            b.accumulate(g, false);
        }, a, b);
    }

    /** Elementwise product of two arrays of the same shape. */
    public static Variable mul(Variable a, Variable b) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        requireSameShape(a, b, "mul");
        Tape tape = a.tape();
        return tape.record(a.value().mul(b.value()), g -> {
            if (a.requiresGradient()) {
                a.accumulate(tape.track(g.mul(b.value())), true);
            }
            if (b.requiresGradient()) {
                b.accumulate(tape.track(g.mul(a.value())), true);
            }
        }, a, b);
    }

    /**
     * Multiplies by a constant, e.g. {@code 1 / temperature} or a loss weight. Scaling the
     * {@code [B, D]} queries instead of the {@code [B, B]} scores is the cheaper way to apply a
     * temperature.
     */
    public static Variable scale(Variable x, double factor) {
        Objects.requireNonNull(x, "x");
        Tape tape = x.tape();
        return tape.record(x.value().mul(factor), g -> x.accumulate(tape.track(g.mul(factor)), true), x);
    }

    /** Sum of all elements, as a scalar. */
    public static Variable sum(Variable x) {
        Objects.requireNonNull(x, "x");
        Tape tape = x.tape();
        return tape.record(x.value().sum(), g -> x.accumulate(tape.track(x.value().ulike().assign(g.getDouble(0))), true), x);
    }

    /** Elementwise {@code max(x, 0)}. */
    public static Variable relu(Variable x) {
        Objects.requireNonNull(x, "x");
        Tape tape = x.tape();
        INDArray y = Transforms.relu(x.value(), true);
        return tape.record(y, g -> {
            INDArray active = tape.track(Transforms.sign(y, true)); // 1 where y > 0, else 0
            x.accumulate(active.muli(g), true);
        }, x);
    }

    /** Elementwise hyperbolic tangent. */
    public static Variable tanh(Variable x) {
        Objects.requireNonNull(x, "x");
        Tape tape = x.tape();
        INDArray y = Transforms.tanh(x.value(), true);
        return tape.record(y, g -> x.accumulate(tape.track(y.mul(y).rsubi(1.0).muli(g)), true), x);
    }

    /** Elementwise logistic sigmoid {@code 1 / (1 + exp(-x))}. */
    public static Variable sigmoid(Variable x) {
        Objects.requireNonNull(x, "x");
        Tape tape = x.tape();
        INDArray y = Transforms.sigmoid(x.value(), true);
        return tape.record(y, g -> x.accumulate(tape.track(y.rsub(1.0).muli(y).muli(g)), true), x);
    }

    /**
     * Concatenates along columns.
     *
     * @param parts {@code [n, m_i]} each, at least one
     * @return {@code [n, sum m_i]}
     */
    public static Variable concat(Variable... parts) {
        Objects.requireNonNull(parts, "parts");
        if (parts.length == 0) {
            throw new IllegalArgumentException("concat needs at least one input");
        }
        long rows = parts[0].value().size(0);
        INDArray[] values = new INDArray[parts.length];
        for (int i = 0; i < parts.length; i++) {
            requireRank(parts[i], 2, "concat input " + i);
            if (parts[i].value().size(0) != rows) {
                throw new IllegalArgumentException("concat row count mismatch: input 0 has " + rows
                        + " rows, input " + i + " has " + parts[i].value().size(0));
            }
            values[i] = parts[i].value();
        }
        if (parts.length == 1) {
            return parts[0];
        }
        return parts[0].tape().record(Nd4j.concat(1, values), g -> {
            long offset = 0;
            for (Variable part : parts) {
                long width = part.value().size(1);
                part.accumulate(g.get(NDArrayIndex.all(), NDArrayIndex.interval(offset, offset + width)), false);
                offset += width;
            }
        }, parts);
    }

    /**
     * Same elements, new shape (row-major), e.g. {@code [B*T, D]} to {@code [B, T, D]}.
     *
     * @throws IllegalArgumentException if the element counts differ
     */
    public static Variable reshape(Variable x, long... shape) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(shape, "shape");
        long length = 1;
        for (long dimension : shape) {
            length *= dimension;
        }
        if (length != x.value().length()) {
            throw new IllegalArgumentException("reshape element count mismatch: input "
                    + Arrays.toString(x.shape()) + ", target " + Arrays.toString(shape));
        }
        long[] original = x.shape();
        if (Arrays.equals(original, shape)) {
            return x;
        }
        return x.tape().record(x.value().reshape('c', shape), g -> x.accumulate(g.reshape('c', original), false), x);
    }

    /**
     * Gathers embedding rows. The gradient goes to the table as a sparse gradient of the
     * touched rows (summed over repeated ids).
     *
     * @param tape the tape of this step
     * @param table {@code [vocabularySize, dim]}
     * @param ids row ids, length {@code n >= 1}, each in {@code [0, vocabularySize)}
     * @return {@code [n, dim]}
     */
    public static Variable lookup(Tape tape, EmbeddingTable table, int[] ids) {
        Objects.requireNonNull(tape, "tape");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(ids, "ids");
        if (ids.length == 0) {
            throw new IllegalArgumentException("lookup needs at least one id for '" + table.name() + "'");
        }
        table.checkIds(ids);
        int[] rows = ids.clone();
        INDArray value = Nd4j.pullRows(table.value(), 1, rows);
        return tape.recordLeaf(value, g -> table.accumulate(rows, contiguous(tape, g)));
    }

    /**
     * Weighted mean of the steps of each sequence, {@code Σ mask·x / Σ mask}: with a 0/1 mask, the
     * mean of the unmasked steps; a fully masked sequence gives zeros.
     *
     * @param x {@code [B, T, D]}
     * @param mask {@code [B, T]}, non-negative weights: 1 for tokens and 0 for padding, or any
     *     weights for a weighted mean
     * @return {@code [B, D]}
     */
    public static Variable maskedMeanPool(Variable x, INDArray mask) {
        Objects.requireNonNull(mask, "mask");
        Objects.requireNonNull(x, "x");
        requireRank(x, 3, "maskedMeanPool input");
        long b = x.value().size(0);
        long t = x.value().size(1);
        requireMask(mask, b, t, "maskedMeanPool");
        Tape tape = x.tape();
        DataType type = x.value().dataType();
        INDArray weights = tape.track(mask.dataType() == type ? mask.dup('c') : mask.castTo(type));
        INDArray counts = tape.track(Transforms.max(weights.sum(true, 1), 1e-12, false)); // 0/0 -> 0
        weights.diviColumnVector(counts);
        INDArray weights3 = weights.reshape('c', b, t, 1);
        INDArray weighted = tape.track(x.value().mul(weights3));
        return tape.record(weighted.sum(1), g -> {
            long d = x.value().size(2);
            x.accumulate(tape.track(weights3.mul(tape.track(g.reshape('c', b, 1, d)))), true);
        }, x);
    }

    /**
     * Scales each row to unit Euclidean norm: {@code y = x / sqrt(|x|^2 + 1e-12)}.
     *
     * @param x {@code [n, d]}
     * @return {@code [n, d]}
     */
    public static Variable l2Normalize(Variable x) {
        Objects.requireNonNull(x, "x");
        requireRank(x, 2, "l2Normalize input");
        Tape tape = x.tape();
        INDArray squares = tape.track(x.value().mul(x.value()));
        INDArray inverseNorm = tape.track(Transforms.pow(squares.sum(true, 1).addi(L2_EPSILON), -0.5, false));
        return tape.record(x.value().mulColumnVector(inverseNorm), g -> {
            // dx = g * s - x * s^3 * sum(g * x) with s = 1 / norm
            INDArray projection = tape.track(tape.track(g.mul(x.value())).sum(true, 1));
            projection.muli(inverseNorm).muli(inverseNorm).muli(inverseNorm);
            INDArray dx = tape.track(g.mulColumnVector(inverseNorm));
            dx.subi(tape.track(x.value().mulColumnVector(projection)));
            x.accumulate(dx, true);
        }, x);
    }

    /**
     * All-pairs dot products {@code queries · candidatesᵀ}: the in-batch retrieval logits.
     *
     * @param queries {@code [B, D]}
     * @param candidates {@code [N, D]}
     * @return {@code [B, N]}
     */
    public static Variable dotScores(Variable queries, Variable candidates) {
        Objects.requireNonNull(queries, "queries");
        Objects.requireNonNull(candidates, "candidates");
        requireRank(queries, 2, "dotScores queries");
        requireRank(candidates, 2, "dotScores candidates");
        if (queries.value().size(1) != candidates.value().size(1)) {
            throw new IllegalArgumentException("embedding dim mismatch: queries " + queries.value().size(1)
                    + ", candidates " + candidates.value().size(1));
        }
        Tape tape = queries.tape();
        INDArray scores = tape.allocate(queries.value().dataType(), queries.value().size(0), candidates.value().size(0));
        Nd4j.gemm(queries.value(), candidates.value(), scores, false, true, 1.0, 0.0);
        return tape.record(scores, g -> {
            if (queries.requiresGradient()) {
                queries.accumulate(tape.track(Nd4j.gemm(g, candidates.value(), false, false)), true);
            }
            if (candidates.requiresGradient()) {
                candidates.accumulate(tape.track(Nd4j.gemm(g, queries.value(), true, false)), true);
            }
        }, queries, candidates);
    }

    /**
     * Row-wise dot products {@code sum_k a[i,k] * b[i,k]}.
     *
     * @param a {@code [n, d]}
     * @param b {@code [n, d]}
     * @return {@code [n, 1]}
     */
    public static Variable rowDot(Variable a, Variable b) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        requireRank(a, 2, "rowDot left operand");
        requireSameShape(a, b, "rowDot");
        Tape tape = a.tape();
        return tape.record(tape.track(a.value().mul(b.value())).sum(true, 1), g -> {
            if (a.requiresGradient()) {
                a.accumulate(tape.track(b.value().mulColumnVector(g)), true);
            }
            if (b.requiresGradient()) {
                b.accumulate(tape.track(a.value().mulColumnVector(g)), true);
            }
        }, a, b);
    }

    /**
     * Mean softmax cross-entropy of each row's logits against its label.
     *
     * @param logits {@code [B, C]}
     * @param labels the correct column of each row, length {@code B}; {@code i} for in-batch
     *     retrieval where row {@code i}'s candidate is column {@code i}
     * @return scalar {@code mean_i(logsumexp(z_i) - z_i[label_i])}
     */
    public static Variable softmaxCrossEntropy(Variable logits, int[] labels) {
        Objects.requireNonNull(logits, "logits");
        Objects.requireNonNull(labels, "labels");
        return softmaxCrossEntropy(logits, labels, null, null);
    }

    /**
     * Mean softmax cross-entropy with constant logit adjustments, for in-batch retrieval: the
     * loss uses {@code z = logits + offsets}, with entries excluded as accidental hits set to
     * {@code -1e9} (zero probability, zero gradient).
     *
     * @param logits {@code [B, C]}
     * @param labels the correct column of each row, length {@code B}
     * @param offsets {@code [1, C]} (the same for every row, e.g. {@code -log q} of each
     *     candidate for the sampling-probability correction) or {@code [B, C]}; {@code null} for
     *     none
     * @param columnIds the item id of each column, length {@code C}, or {@code null}: when given,
     *     in row {@code i} every column other than {@code labels[i]} with the same id as
     *     {@code labels[i]} is excluded (removal of accidental hits)
     * @return scalar {@code mean_i(logsumexp(z_i) - z_i[label_i])}
     */
    public static Variable softmaxCrossEntropy(Variable logits, int[] labels, INDArray offsets, int[] columnIds) {
        Objects.requireNonNull(logits, "logits");
        Objects.requireNonNull(labels, "labels");
        requireRank(logits, 2, "softmaxCrossEntropy logits");
        INDArray values = logits.value();
        int rows = (int) values.size(0);
        int columns = (int) values.size(1);
        if (labels.length != rows) {
            throw new IllegalArgumentException("label count mismatch: logits have " + rows + " rows, found "
                    + labels.length + " labels");
        }
        for (int label : labels) {
            if (label < 0 || label >= columns) {
                throw new IllegalArgumentException("label out of range: expected 0.." + (columns - 1) + ", found " + label);
            }
        }
        if (columnIds != null && columnIds.length != columns) {
            throw new IllegalArgumentException("column id count mismatch: logits have " + columns
                    + " columns, found " + columnIds.length + " ids");
        }
        Tape tape = logits.tape();
        INDArray z = adjusted(tape, values, offsets);
        if (columnIds != null) {
            excludeAccidentalHits(z, labels, columnIds);
        }
        // Stable log-sum-exp: subtract each row's maximum before exponentiating.
        INDArray rowMax = tape.track(z.max(true, 1));
        double[] picked = new double[rows];
        for (int i = 0; i < rows; i++) {
            picked[i] = z.getDouble(i, labels[i]) - rowMax.getDouble(i, 0);
        }
        z.subiColumnVector(rowMax);
        Transforms.exp(z, false);
        INDArray rowSum = tape.track(z.sum(true, 1));
        double total = 0;
        for (int i = 0; i < rows; i++) {
            total += Math.log(rowSum.getDouble(i, 0)) - picked[i];
        }
        INDArray probabilities = z.diviColumnVector(rowSum);
        INDArray loss = Nd4j.scalar(values.dataType(), total / rows);
        int[] labelsCopy = labels.clone();
        return tape.record(loss, g -> {
            // d loss / d z = (softmax(z) - onehot(label)) / B
            for (int i = 0; i < rows; i++) {
                probabilities.putScalar(i, labelsCopy[i], probabilities.getDouble(i, labelsCopy[i]) - 1.0);
            }
            logits.accumulate(probabilities.muli(g.getDouble(0) / rows), true);
        }, logits);
    }

    /**
     * Mean squared error {@code mean((predictions - targets)^2)} over all elements.
     *
     * @param predictions {@code [B, k]}
     * @param targets {@code [B, k]}, constant
     * @return scalar
     */
    public static Variable meanSquaredError(Variable predictions, INDArray targets) {
        Objects.requireNonNull(predictions, "predictions");
        Objects.requireNonNull(targets, "targets");
        if (!Arrays.equals(predictions.shape(), targets.shape())) {
            throw new IllegalArgumentException("target shape mismatch: predictions " + Arrays.toString(predictions.shape())
                    + ", targets " + Arrays.toString(targets.shape()));
        }
        Tape tape = predictions.tape();
        INDArray difference = tape.track(predictions.value().sub(constantAs(tape, targets, predictions.value().dataType())));
        long n = difference.length();
        double total = tape.track(difference.mul(difference)).sumNumber().doubleValue();
        INDArray loss = Nd4j.scalar(difference.dataType(), total / n);
        return tape.record(loss, g -> predictions.accumulate(tape.track(difference.mul(2.0 * g.getDouble(0) / n)), true),
                predictions);
    }

    /**
     * Batched matrix product, one product per leading index: {@code c[i] = op(a[i]) · op(b[i])},
     * where {@code op} swaps the last two axes when its flag is set. With {@code transposeB} it
     * gives attention scores {@code Q·Kᵀ} without materializing {@code Kᵀ}.
     *
     * @param a {@code [B, T, K]}, or {@code [B, K, T]} when {@code transposeA}
     * @param b {@code [B, K, S]}, or {@code [B, S, K]} when {@code transposeB}
     * @param transposeA whether to use {@code a[i]ᵀ}
     * @param transposeB whether to use {@code b[i]ᵀ}
     * @return {@code [B, T, S]}
     */
    public static Variable batchMatmul(Variable a, Variable b, boolean transposeA, boolean transposeB) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        requireRank(a, 3, "batchMatmul left operand");
        requireRank(b, 3, "batchMatmul right operand");
        long[] left = a.shape();
        long[] right = b.shape();
        if (left[0] != right[0] || left[transposeA ? 1 : 2] != right[transposeB ? 2 : 1]) {
            throw new IllegalArgumentException("batchMatmul shape mismatch: expected equal batch and inner dimension, found left "
                    + Arrays.toString(left) + (transposeA ? " (transposed)" : "") + ", right " + Arrays.toString(right)
                    + (transposeB ? " (transposed)" : ""));
        }
        Tape tape = a.tape();
        return tape.record(Nd4j.matmul(a.value(), b.value(), transposeA, transposeB, false), g -> {
            if (a.requiresGradient()) {
                // d op(a) = g · op(b)ᵀ; transposed back when a enters transposed.
                INDArray da = transposeA
                        ? Nd4j.matmul(b.value(), g, transposeB, true, false)
                        : Nd4j.matmul(g, b.value(), false, !transposeB, false);
                a.accumulate(tape.track(da), true);
            }
            if (b.requiresGradient()) {
                // d op(b) = op(a)ᵀ · g; transposed back when b enters transposed.
                INDArray db = transposeB
                        ? Nd4j.matmul(g, a.value(), true, transposeA, false)
                        : Nd4j.matmul(a.value(), g, !transposeA, false, false);
                b.accumulate(tape.track(db), true);
            }
        }, a, b);
    }

    /**
     * Softmax over the last axis restricted to the entries the mask keeps: masked entries get
     * probability 0, and a row whose entries are all masked gives all zeros (not NaN), with zero
     * gradient. Attention uses it with a mask that combines causality and key padding.
     *
     * @param scores {@code [..., S]}, rank at least 2, e.g. attention scores {@code [B, T, S]}
     * @param mask the shape of {@code scores}, 1 where an entry takes part and 0 where it is masked
     * @return {@code [..., S]}: each row sums to 1 over its kept entries, or is all zeros
     */
    public static Variable maskedSoftmax(Variable scores, INDArray mask) {
        Objects.requireNonNull(scores, "scores");
        Objects.requireNonNull(mask, "mask");
        if (scores.value().rank() < 2) {
            throw new IllegalArgumentException("maskedSoftmax scores must have rank at least 2, found shape "
                    + Arrays.toString(scores.shape()));
        }
        if (!Arrays.equals(mask.shape(), scores.shape())) {
            throw new IllegalArgumentException("maskedSoftmax mask shape mismatch: expected " + Arrays.toString(scores.shape())
                    + ", found " + Arrays.toString(mask.shape()));
        }
        Tape tape = scores.tape();
        long[] shape = scores.shape();
        long width = shape[shape.length - 1];
        long rows = scores.value().length() / width;
        INDArray keep = tape.track(constantAs(tape, mask, scores.value().dataType()).reshape('c', rows, width));
        // z = scores where kept and -1e9 where masked, whatever the masked score: the row maximum
        // is a kept entry, and exp(z - rowMax) is exactly 0 at masked ones.
        INDArray z = tape.track(tape.track(scores.value().reshape('c', rows, width)).mul(keep));
        z.addi(tape.track(keep.sub(1.0)).muli(-EXCLUDED_LOGIT));
        INDArray rowMax = tape.track(z.max(true, 1));
        z.subiColumnVector(rowMax);
        Transforms.exp(z, false);
        z.muli(keep); // a fully masked row is all zeros from here on
        // A row with a kept entry sums to at least 1 (its maximum contributes exp(0)); a fully
        // masked row sums to 0 and is divided by 1.
        INDArray rowSum = tape.track(Transforms.max(z.sum(true, 1), 1.0, false));
        INDArray probabilities = z.diviColumnVector(rowSum);
        return tape.record(probabilities.reshape('c', shape), g -> {
            // dz = p ⊙ (g - sum(g ⊙ p)); zero wherever p is zero, masked entries included.
            INDArray g2 = tape.track(g.reshape('c', rows, width));
            INDArray projection = tape.track(tape.track(g2.mul(probabilities)).sum(true, 1));
            INDArray dz = tape.track(g2.subColumnVector(projection)).muli(probabilities);
            scores.accumulate(dz.reshape('c', shape), true);
        }, scores);
    }

    /**
     * Layer normalization over the last axis with epsilon {@code 1e-5} (PyTorch's default):
     * see {@link #layerNorm(Variable, Variable, Variable, double)}.
     */
    public static Variable layerNorm(Variable x, Variable gain, Variable bias) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(gain, "gain");
        Objects.requireNonNull(bias, "bias");
        return layerNorm(x, gain, bias, LAYER_NORM_EPSILON);
    }

    /**
     * Layer normalization over the last axis: {@code y = gain ⊙ (x - mean) / sqrt(var +
     * epsilon) + bias} with the mean and (biased) variance of each row of {@code D} values.
     *
     * @param x {@code [..., D]}, rank at least 2, e.g. {@code [B, T, D]} or {@code [B*T, D]}
     * @param gain {@code [1, D]} (usually initialized to ones)
     * @param bias {@code [1, D]} (usually initialized to zeros)
     * @param epsilon added to the variance, positive; keeps constant rows (zero variance) finite
     * @return the shape of {@code x}
     */
    public static Variable layerNorm(Variable x, Variable gain, Variable bias, double epsilon) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(gain, "gain");
        Objects.requireNonNull(bias, "bias");
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("layerNorm epsilon must be positive and finite, found " + epsilon);
        }
        if (x.value().rank() < 2) {
            throw new IllegalArgumentException("layerNorm input must have rank at least 2, found shape "
                    + Arrays.toString(x.shape()));
        }
        long[] shape = x.shape();
        long d = shape[shape.length - 1];
        requireRowVector(gain, d, "layerNorm gain");
        requireRowVector(bias, d, "layerNorm bias");
        Tape tape = x.tape();
        long rows = x.value().length() / d;
        INDArray x2 = tape.track(x.value().reshape('c', rows, d));
        INDArray centered = tape.track(x2.subColumnVector(tape.track(x2.mean(true, 1))));
        INDArray variance = tape.track(tape.track(centered.mul(centered)).mean(true, 1));
        INDArray inverse = Transforms.pow(variance.addi(epsilon), -0.5, false);
        INDArray normalized = centered.muliColumnVector(inverse);
        INDArray y = tape.track(normalized.mulRowVector(gain.value())).addiRowVector(bias.value());
        return tape.record(y.reshape('c', shape), g -> {
            INDArray g2 = tape.track(g.reshape('c', rows, d));
            if (gain.requiresGradient()) {
                gain.accumulate(columnSum(tape, tape.track(g2.mul(normalized))), true);
            }
            if (bias.requiresGradient()) {
                bias.accumulate(columnSum(tape, g2), true);
            }
            if (x.requiresGradient()) {
                // dx = s ⊙ (dn - mean(dn) - n ⊙ mean(dn ⊙ n)), n = normalized, dn = g ⊙ gain, s = 1/sqrt(var + eps)
                INDArray dn = tape.track(g2.mulRowVector(gain.value()));
                INDArray meanDn = tape.track(dn.mean(true, 1));
                INDArray meanDnN = tape.track(tape.track(dn.mul(normalized)).mean(true, 1));
                INDArray dx = tape.track(normalized.mulColumnVector(meanDnN)).rsubi(dn);
                dx.subiColumnVector(meanDn).muliColumnVector(inverse);
                x.accumulate(dx.reshape('c', shape), true);
            }
        }, x, gain, bias);
    }

    /**
     * Inverted dropout with a given keep mask: {@code y = x ⊙ keep / (1 - rate)}. The op draws
     * nothing: the caller draws the mask (from a seeded generator) so that a step is reproducible
     * and a gradient check can hold the mask fixed.
     *
     * @param x any shape
     * @param keep the shape of {@code x}, 1 for kept and 0 for dropped elements
     * @param rate the drop probability the mask was drawn with, in {@code [0, 1)}
     * @return the shape of {@code x}
     */
    public static Variable dropout(Variable x, INDArray keep, double rate) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(keep, "keep");
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("dropout rate must be in [0, 1), found " + rate);
        }
        if (!Arrays.equals(keep.shape(), x.shape())) {
            throw new IllegalArgumentException("dropout keep mask shape mismatch: expected " + Arrays.toString(x.shape())
                    + ", found " + Arrays.toString(keep.shape()));
        }
        Tape tape = x.tape();
        INDArray scaled = tape.track(constantAs(tape, keep, x.value().dataType()).mul(1.0 / (1.0 - rate)));
        return tape.record(x.value().mul(scaled), g -> x.accumulate(tape.track(g.mul(scaled)), true), x);
    }

    /**
     * Adds a positional table to every sequence, aligned at the end: step {@code t} of a
     * sequence of length {@code T} gets row {@code P - T + t}, so the last step always gets the
     * last row (with left-padded sequences, the newest item always has the same position
     * whatever {@code T}).
     *
     * @param x {@code [B, T, D]}
     * @param positions {@code [P, D]} with {@code P >= T}
     * @return {@code [B, T, D]}
     */
    public static Variable addPositional(Variable x, Variable positions) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(positions, "positions");
        requireRank(x, 3, "addPositional input");
        requireRank(positions, 2, "addPositional table");
        long b = x.value().size(0);
        long t = x.value().size(1);
        long d = x.value().size(2);
        long p = positions.value().size(0);
        if (positions.value().size(1) != d || p < t) {
            throw new IllegalArgumentException("addPositional table shape mismatch: expected [P >= " + t + ", " + d
                    + "] for input " + Arrays.toString(x.shape()) + ", found " + Arrays.toString(positions.shape()));
        }
        Tape tape = x.tape();
        INDArray rows = positions.value().get(NDArrayIndex.interval(p - t, p), NDArrayIndex.all());
        INDArray flatRows = tape.track(rows.reshape('c', 1, t * d));
        INDArray sum = tape.track(tape.track(x.value().reshape('c', b, t * d)).addRowVector(flatRows));
        return tape.record(sum.reshape('c', b, t, d), g -> {
            x.accumulate(g, false);
            if (positions.requiresGradient()) {
                INDArray rowGradient = columnSum(tape, tape.track(g.reshape('c', b, t * d))).reshape('c', t, d);
                INDArray full = rowGradient;
                if (p > t) {
                    full = tape.track(Nd4j.zeros(rowGradient.dataType(), p, d));
                    full.get(NDArrayIndex.interval(p - t, p), NDArrayIndex.all()).assign(rowGradient);
                }
                positions.accumulate(full, true);
            }
        }, x, positions);
    }

    /**
     * Reorders the axes, e.g. {@code [B, T, H, d]} to {@code [B, H, T, d]} with axes {@code (0,
     * 2, 1, 3)} to split attention heads. The result is a C-ordered copy, so a following {@link
     * #reshape} is free.
     *
     * @param x any rank
     * @param axes a permutation of {@code 0 .. rank-1}: output axis {@code i} is input axis
     *     {@code axes[i]}
     * @return the permuted array
     */
    public static Variable permute(Variable x, int... axes) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(axes, "axes");
        int rank = x.value().rank();
        int[] inverse = new int[rank];
        Arrays.fill(inverse, -1);
        boolean valid = axes.length == rank;
        for (int i = 0; valid && i < rank; i++) {
            valid = axes[i] >= 0 && axes[i] < rank && inverse[axes[i]] < 0;
            if (valid) {
                inverse[axes[i]] = i;
            }
        }
        if (!valid) {
            throw new IllegalArgumentException("permute axes must be a permutation of 0.." + (rank - 1) + " for shape "
                    + Arrays.toString(x.shape()) + ", found " + Arrays.toString(axes));
        }
        // A permuted array shares its input's buffer without counting as a view, so the tape
        // would free the input with it: record a C-ordered copy instead.
        INDArray permuted = x.value().permute(axes.clone()).dup('c');
        return x.tape().record(permuted, g -> x.accumulate(g.permute(inverse), false), x);
    }

    /**
     * One step of every sequence, e.g. the last position of a left-padded history.
     *
     * @param x {@code [B, T, D]}
     * @param step in {@code [0, T)}
     * @return {@code [B, D]}
     */
    public static Variable selectStep(Variable x, int step) {
        Objects.requireNonNull(x, "x");
        requireRank(x, 3, "selectStep input");
        long t = x.value().size(1);
        if (step < 0 || step >= t) {
            throw new IllegalArgumentException("selectStep step out of range: expected 0.." + (t - 1) + ", found " + step);
        }
        Tape tape = x.tape();
        INDArray value = tape.track(x.value().get(NDArrayIndex.all(), NDArrayIndex.point(step), NDArrayIndex.all()).dup('c'));
        return tape.record(value, g -> {
            INDArray full = tape.track(Nd4j.zeros(x.value().dataType(), x.shape()));
            full.get(NDArrayIndex.all(), NDArrayIndex.point(step), NDArrayIndex.all()).assign(g);
            x.accumulate(full, true);
        }, x);
    }

    /**
     * Zeros the masked steps of every sequence (and their gradient).
     *
     * @param x {@code [B, T, D]}
     * @param mask {@code [B, T]}, 1 for steps to keep and 0 for steps to zero
     * @return {@code [B, T, D]}
     */
    public static Variable maskSteps(Variable x, INDArray mask) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(mask, "mask");
        requireRank(x, 3, "maskSteps input");
        long b = x.value().size(0);
        long t = x.value().size(1);
        long d = x.value().size(2);
        requireMask(mask, b, t, "maskSteps");
        Tape tape = x.tape();
        INDArray column = tape.track(constantAs(tape, mask, x.value().dataType()).reshape('c', b * t, 1));
        INDArray flat = tape.track(x.value().reshape('c', b * t, d));
        INDArray masked = tape.track(flat.mulColumnVector(column));
        return tape.record(masked.reshape('c', b, t, d), g -> {
            INDArray g2 = tape.track(g.reshape('c', b * t, d));
            x.accumulate(tape.track(g2.mulColumnVector(column)).reshape('c', b, t, d), true);
        }, x);
    }

    /** {@code logits + offsets} in a fresh (pooled) array. */
    private static INDArray adjusted(Tape tape, INDArray logits, INDArray offsets) {
        boolean rowOffsets = offsets != null && offsets.rank() == 2 && offsets.size(0) == 1
                && offsets.size(1) == logits.size(1);
        if (offsets != null && !rowOffsets && !Arrays.equals(offsets.shape(), logits.shape())) {
            throw new IllegalArgumentException("logit offsets shape mismatch: expected [1, " + logits.size(1) + "] or "
                    + Arrays.toString(logits.shape()) + ", found " + Arrays.toString(offsets.shape()));
        }
        INDArray z = tape.allocate(logits.dataType(), logits.shape()).assign(logits);
        if (offsets != null) {
            INDArray cast = constantAs(tape, offsets, logits.dataType());
            if (rowOffsets) {
                z.addiRowVector(cast);
            } else {
                z.addi(cast);
            }
        }
        return z;
    }

    private static void excludeAccidentalHits(INDArray z, int[] labels, int[] columnIds) {
        Map<Integer, int[]> columnsById = new HashMap<>();
        for (int column = 0; column < columnIds.length; column++) {
            columnsById.merge(columnIds[column], new int[] {column}, Ops::append);
        }
        for (int row = 0; row < labels.length; row++) {
            int[] sameId = columnsById.get(columnIds[labels[row]]);
            if (sameId.length > 1) {
                for (int column : sameId) {
                    if (column != labels[row]) {
                        z.putScalar(row, column, EXCLUDED_LOGIT);
                    }
                }
            }
        }
    }

    private static int[] append(int[] columns, int[] more) {
        int[] merged = Arrays.copyOf(columns, columns.length + more.length);
        System.arraycopy(more, 0, merged, columns.length, more.length);
        return merged;
    }

    /**
     * Sum over the rows, {@code [n, d] -> [1, d]}, as the product of a ones row with {@code a}:
     * ND4J's reduction along dimension 0 took about 2.5 times as long at {@code [25600, 32]}
     * (1.9 ms against 0.7 ms, float32, one OpenMP thread).
     */
    static INDArray columnSum(Tape tape, INDArray a) {
        INDArray ones = tape.track(Nd4j.ones(a.dataType(), 1, a.size(0)));
        return tape.track(Nd4j.gemm(ones, a, false, false));
    }

    /** A C-ordered, non-view copy of {@code a} unless it already is one. */
    static INDArray contiguous(Tape tape, INDArray a) {
        if (!a.isView() && a.ordering() == 'c') {
            return a;
        }
        return tape.track(a.dup('c'));
    }

    static void requireRank(Variable x, int rank, String what) {
        if (x.value().rank() != rank) {
            throw new IllegalArgumentException(what + " must have rank " + rank + ", found shape "
                    + Arrays.toString(x.shape()));
        }
    }

    private static void requireRowVector(Variable v, long width, String what) {
        if (v.value().rank() != 2 || v.value().size(0) != 1 || v.value().size(1) != width) {
            throw new IllegalArgumentException(what + " shape mismatch: expected [1, " + width + "], found "
                    + Arrays.toString(v.shape()));
        }
    }

    static void requireMask(INDArray mask, long batch, long steps, String what) {
        if (mask.rank() != 2 || mask.size(0) != batch || mask.size(1) != steps) {
            throw new IllegalArgumentException(what + " mask shape mismatch: expected [" + batch + ", " + steps
                    + "], found " + Arrays.toString(mask.shape()));
        }
    }

    private static void requireSameShape(Variable a, Variable b, String what) {
        if (!Arrays.equals(a.shape(), b.shape())) {
            throw new IllegalArgumentException(what + " shape mismatch: " + Arrays.toString(a.shape()) + " vs "
                    + Arrays.toString(b.shape()));
        }
    }

    /** The caller's constant itself when it already has {@code type}, else a tracked cast copy. */
    static INDArray constantAs(Tape tape, INDArray constant, DataType type) {
        return constant.dataType() == type ? constant : tape.track(constant.castTo(type));
    }
}
