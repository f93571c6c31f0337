package dev.recsys.models;

import dev.recsys.core.nn.Activation;
import dev.recsys.core.nn.Dense;
import dev.recsys.core.nn.ParameterStore;
import dev.recsys.core.nn.Tape;
import dev.recsys.core.nn.Variable;
import java.util.ArrayList;
import java.util.List;

/** Dense ReLU layers followed by a linear projection: the top of a tower or a rating head. */
final class Mlp {

    private final List<Dense> layers = new ArrayList<>();

    Mlp(ParameterStore store, String name, int inputDim, int[] hidden, int outputDim) {
        int width = inputDim;
        for (int i = 0; i < hidden.length; i++) {
            layers.add(Dense.builder(name + "/hidden" + i, width, hidden[i]).activation(Activation.RELU).build(store));
            width = hidden[i];
        }
        layers.add(Dense.builder(name + "/projection", width, outputDim).build(store));
    }

    Variable apply(Tape tape, Variable x) {
        Variable y = x;
        for (Dense layer : layers) {
            y = layer.apply(tape, y);
        }
        return y;
    }

    static int[] checkHidden(int[] hidden, String owner) {
        for (int units : hidden) {
            if (units <= 0) {
                throw new IllegalArgumentException(owner + " hidden layer sizes must be positive, found "
                        + java.util.Arrays.toString(hidden));
            }
        }
        return hidden.clone();
    }

    static void checkDim(int dim, String what) {
        if (dim <= 0) {
            throw new IllegalArgumentException(what + " must be positive, found " + dim);
        }
    }
}
