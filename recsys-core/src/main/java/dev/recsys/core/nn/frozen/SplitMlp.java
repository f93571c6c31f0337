package dev.recsys.core.nn.frozen;

import java.util.Arrays;
import java.util.Objects;

/**
 * A frozen MLP over the concatenation {@code [a, b]} whose first layer is split by input:
 * {@code x · W + bias = (a · W_a + bias) + b · W_b}. When one side takes few values and the other
 * many (a rating head over one user and a hundred candidate movies), each side's part is computed
 * once per value, and a pair costs only the sum, the first activation and the remaining layers.
 *
 * <pre>{@code
 * SplitMlp head = SplitMlp.of(mlp, userDim);
 * float[] userPart = new float[head.partWidth()];
 * head.left(user, 0, userPart);                       // once per request
 * head.right(movie, 0, movieParts[row]);              // once per movie, ahead of time
 * float[][] workspace = head.newWorkspace();
 * head.finish(userPart, movieParts[row], rating, workspace);
 * }</pre>
 *
 * <p>The result equals {@link FrozenMlp#apply} on the concatenation up to float rounding (the
 * first layer's products are added in another order). Immutable and safe for concurrent use.
 */
public final class SplitMlp {

    private final FrozenMlp mlp;
    private final FrozenDense first;
    private final int leftWidth;

    private SplitMlp(FrozenMlp mlp, int leftWidth) {
        this.mlp = mlp;
        this.first = mlp.layer(0);
        this.leftWidth = leftWidth;
    }

    /**
     * Splits {@code mlp}'s input after its first {@code leftWidth} columns.
     *
     * @throws IllegalArgumentException unless {@code 0 < leftWidth < mlp.inputDim()}
     */
    public static SplitMlp of(FrozenMlp mlp, int leftWidth) {
        Objects.requireNonNull(mlp, "mlp");
        if (leftWidth <= 0 || leftWidth >= mlp.inputDim()) {
            throw new IllegalArgumentException("split point must lie inside the input width " + mlp.inputDim()
                    + ", found " + leftWidth);
        }
        return new SplitMlp(mlp, leftWidth);
    }

    /** Width of {@code a}. */
    public int leftWidth() {
        return leftWidth;
    }

    /** Width of {@code b}. */
    public int rightWidth() {
        return mlp.inputDim() - leftWidth;
    }

    /** Width of each side's part: the first layer's output width. */
    public int partWidth() {
        return first.outputDim();
    }

    /** Output width. */
    public int outputDim() {
        return mlp.outputDim();
    }

    /**
     * Working memory for {@link #finish}: the first layer's sum, then one array per later hidden
     * layer. Reuse it across calls of one thread.
     */
    public float[][] newWorkspace() {
        return mlp.depth() == 1 ? new float[0][] : mlp.newWorkspace();
    }

    /**
     * The left side's part, bias included: {@code part = a · W_a + bias}.
     *
     * @param a {@code [leftWidth]} from {@code aOffset}
     * @param part receives exactly {@link #partWidth()} floats
     */
    public void left(float[] a, int aOffset, float[] part) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(part, "part");
        FrozenDense.checkOutput(part, partWidth());
        Arrays.fill(part, 0f);
        first.addBias(part);
        first.addPartial(a, aOffset, 0, leftWidth, part);
    }

    /**
     * The right side's part: {@code part = b · W_b}.
     *
     * @param b {@code [rightWidth]} from {@code bOffset}
     * @param part receives exactly {@link #partWidth()} floats
     */
    public void right(float[] b, int bOffset, float[] part) {
        Objects.requireNonNull(b, "b");
        Objects.requireNonNull(part, "part");
        FrozenDense.checkOutput(part, partWidth());
        Arrays.fill(part, 0f);
        first.addPartial(b, bOffset, leftWidth, rightWidth(), part);
    }

    /**
     * The output for one pair from its two parts: the first activation of their sum, then the
     * remaining layers.
     *
     * @param y receives exactly {@link #outputDim()} floats
     * @param workspace from {@link #newWorkspace()}, overwritten
     */
    public void finish(float[] leftPart, float[] rightPart, float[] y, float[][] workspace) {
        Objects.requireNonNull(leftPart, "leftPart");
        Objects.requireNonNull(rightPart, "rightPart");
        Objects.requireNonNull(y, "y");
        Objects.requireNonNull(workspace, "workspace");
        int width = partWidth();
        float[] sum = mlp.depth() == 1 ? y : workspace[0];
        for (int o = 0; o < width; o++) {
            sum[o] = leftPart[o] + rightPart[o];
        }
        FrozenDense.activate(first.activation(), sum, 0, width);
        if (mlp.depth() > 1) {
            mlp.applyFrom(1, sum, 0, y, workspace);
        }
    }
}
