package dev.recsys.core.nn.frozen;

import java.util.List;
import java.util.Objects;

/**
 * A frozen stack of dense layers, {@code [inputDim] -> [outputDim]}: the top of a tower or a
 * rating head. Immutable and safe for concurrent use: callers pass the output array and a
 * workspace from {@link #newWorkspace()} for the hidden activations, so a request that reuses
 * one workspace allocates nothing here.
 */
public final class FrozenMlp {

    private final FrozenDense[] layers;

    private FrozenMlp(FrozenDense[] layers) {
        this.layers = layers;
    }

    /**
     * The layers in order.
     *
     * @throws IllegalArgumentException if there are none or a layer's input width is not the
     *     previous layer's output width
     */
    public static FrozenMlp of(List<FrozenDense> layers) {
        Objects.requireNonNull(layers, "layers");
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("an MLP needs at least one layer, found none");
        }
        for (int i = 1; i < layers.size(); i++) {
            if (layers.get(i).inputDim() != layers.get(i - 1).outputDim()) {
                throw new IllegalArgumentException("layer " + i + " takes width " + layers.get(i).inputDim()
                        + ", but layer " + (i - 1) + " gives " + layers.get(i - 1).outputDim());
            }
        }
        return new FrozenMlp(layers.toArray(FrozenDense[]::new));
    }

    /** Input width. */
    public int inputDim() {
        return layers[0].inputDim();
    }

    /** Output width. */
    public int outputDim() {
        return layers[layers.length - 1].outputDim();
    }

    /** Number of layers. */
    public int depth() {
        return layers.length;
    }

    /** Layer {@code i}, 0 the first. */
    public FrozenDense layer(int i) {
        return layers[i];
    }

    /**
     * Working memory for {@link #apply(float[], int, float[], float[][])}: one array per hidden
     * layer, {@code [depth() - 1][width of that layer]}. Reuse it across calls of one thread.
     */
    public float[][] newWorkspace() {
        float[][] workspace = new float[layers.length - 1][];
        for (int i = 0; i < workspace.length; i++) {
            workspace[i] = new float[layers[i].outputDim()];
        }
        return workspace;
    }

    /**
     * The forward pass of one row.
     *
     * @param x {@code [inputDim]} from {@code xOffset}
     * @param y receives {@code [outputDim]}: exactly {@code outputDim} floats
     * @param workspace from {@link #newWorkspace()}, overwritten
     */
    public void apply(float[] x, int xOffset, float[] y, float[][] workspace) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        Objects.requireNonNull(workspace, "workspace");
        applyFrom(0, x, xOffset, y, workspace);
    }

    /** The forward pass of one row into a new array: {@code [inputDim] -> [outputDim]}. */
    public float[] apply(float[] x) {
        Objects.requireNonNull(x, "x");
        float[] y = new float[outputDim()];
        apply(x, 0, y, newWorkspace());
        return y;
    }

    /** Layers {@code first..} on {@code x}: layer i writes {@code workspace[i]}, the last one {@code y}. */
    void applyFrom(int first, float[] x, int xOffset, float[] y, float[][] workspace) {
        float[] in = x;
        int inOffset = xOffset;
        for (int i = first; i < layers.length; i++) {
            float[] out = i == layers.length - 1 ? y : workspace[i];
            layers[i].apply(in, inOffset, out);
            in = out;
            inOffset = 0;
        }
    }
}
