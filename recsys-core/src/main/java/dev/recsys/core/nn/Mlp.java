package dev.recsys.core.nn;

import dev.recsys.core.nn.frozen.FrozenDense;
import dev.recsys.core.nn.frozen.FrozenMlp;
import dev.recsys.core.nn.frozen.Weights;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Dense ReLU layers followed by a linear projection: the top of a tower or a rating head,
 * {@code [B, inputDim] -> [B, outputDim]}. Parameters are named {@code <name>/hidden<i>} and
 * {@code <name>/projection}.
 */
public final class Mlp {

    private final List<Dense> layers = new ArrayList<>();

    /**
     * Creates the layers' parameters in {@code store}.
     *
     * @param hidden widths of the ReLU layers, possibly none, each positive
     */
    public Mlp(ParameterStore store, String name, int inputDim, int[] hidden, int outputDim) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(hidden, "hidden");
        int width = inputDim;
        for (int i = 0; i < hidden.length; i++) {
            layers.add(Dense.builder(hiddenName(name, i), width, hidden[i]).activation(Activation.RELU).build(store));
            width = hidden[i];
        }
        layers.add(Dense.builder(projectionName(name), width, outputDim).build(store));
    }

    /**
     * The frozen layers stored in {@code weights} by an {@code Mlp} built with these settings.
     *
     * @param hidden widths of the ReLU layers, possibly none
     * @return {@code [inputDim] -> [outputDim]}
     * @throws IllegalArgumentException if a parameter is missing or has another shape
     */
    public static FrozenMlp frozen(Weights weights, String name, int inputDim, int[] hidden, int outputDim) {
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(hidden, "hidden");
        List<FrozenDense> frozen = new ArrayList<>(hidden.length + 1);
        int width = inputDim;
        for (int i = 0; i < hidden.length; i++) {
            frozen.add(Dense.frozen(weights, hiddenName(name, i), width, hidden[i], Activation.RELU));
            width = hidden[i];
        }
        frozen.add(Dense.frozen(weights, projectionName(name), width, outputDim, Activation.LINEAR));
        return FrozenMlp.of(frozen);
    }

    private static String hiddenName(String name, int i) {
        return name + "/hidden" + i;
    }

    private static String projectionName(String name) {
        return name + "/projection";
    }

    /**
     * The forward pass.
     *
     * @param x {@code [B, inputDim]}
     * @return {@code [B, outputDim]}
     */
    public Variable apply(Tape tape, Variable x) {
        Variable y = x;
        for (Dense layer : layers) {
            y = layer.apply(tape, y);
        }
        return y;
    }

    /**
     * Checks hidden layer widths for a builder.
     *
     * @return a copy of {@code hidden}
     * @throws IllegalArgumentException naming {@code owner} if a width is not positive
     */
    public static int[] checkHidden(int[] hidden, String owner) {
        Objects.requireNonNull(hidden, "hidden");
        Objects.requireNonNull(owner, "owner");
        for (int units : hidden) {
            if (units <= 0) {
                throw new IllegalArgumentException(owner + " hidden layer sizes must be positive, found "
                        + java.util.Arrays.toString(hidden));
            }
        }
        return hidden.clone();
    }

    /**
     * Checks one layer or embedding width for a builder.
     *
     * @throws IllegalArgumentException naming {@code what} if {@code dim} is not positive
     */
    public static void checkDim(int dim, String what) {
        Objects.requireNonNull(what, "what");
        if (dim <= 0) {
            throw new IllegalArgumentException(what + " must be positive, found " + dim);
        }
    }
}
