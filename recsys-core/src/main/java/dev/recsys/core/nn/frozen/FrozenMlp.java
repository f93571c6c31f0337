package dev.recsys.core.nn.frozen;

import java.util.List;
import java.util.Objects;

/**
 * A frozen stack of dense layers, {@code [inputDim] -> [outputDim]}: the top of a tower or a
 * rating head. Immutable and safe for concurrent use: callers pass the output array and a scratch
 * array of {@link #scratchSize()} floats for the hidden activations, so a request allocates
 * nothing here.
 */
public final class FrozenMlp {

    private final FrozenDense[] layers;
    private final int scratchWidth;

    private FrozenMlp(FrozenDense[] layers) {
        this.layers = layers;
        int widest = 0;
        for (int i = 0; i < layers.length - 1; i++) {
            widest = Math.max(widest, layers[i].outputDim());
        }
        this.scratchWidth = widest;
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

    /** Floats of scratch {@link #apply(float[], int, float[], int, float[])} needs. */
    public int scratchSize() {
        return 2 * scratchWidth;
    }

    /**
     * The forward pass of one row.
     *
     * @param x {@code [inputDim]} from {@code xOffset}
     * @param y receives {@code [outputDim]} from {@code yOffset}; must not overlap {@code x}
     * @param scratch at least {@link #scratchSize()} floats, overwritten
     */
    public void apply(float[] x, int xOffset, float[] y, int yOffset, float[] scratch) {
        applyFrom(0, x, xOffset, y, yOffset, scratch, 0);
    }

    /** The forward pass of one row into a new array: {@code [inputDim] -> [outputDim]}. */
    public float[] apply(float[] x) {
        float[] y = new float[outputDim()];
        apply(x, 0, y, 0, new float[scratchSize()]);
        return y;
    }

    /**
     * Layers {@code first..} on {@code x}, the hidden activations alternating between the two halves
     * of {@code scratch[scratchOffset, scratchOffset + scratchSize())}.
     */
    void applyFrom(int first, float[] x, int xOffset, float[] y, int yOffset, float[] scratch, int scratchOffset) {
        float[] in = x;
        int inOffset = xOffset;
        for (int i = first; i < layers.length; i++) {
            boolean last = i == layers.length - 1;
            float[] out = last ? y : scratch;
            int outOffset = last ? yOffset : scratchOffset + ((i - first) % 2) * scratchWidth;
            layers[i].apply(in, inOffset, out, outOffset);
            in = out;
            inOffset = outOffset;
        }
    }
}
