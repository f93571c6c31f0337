package dev.recsys.models.tower;

import dev.recsys.core.nn.Mlp;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The settings {@link UserTower.Builder} and {@link MovieTower.Builder} share: the layers between
 * the concatenated features and the output, the output width, and the seed of the parameters.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract sealed class TowerBuilder<B extends TowerBuilder<B>> permits UserTower.Builder, MovieTower.Builder {
    int[] hidden = new int[0];
    int outputDim;
    long seed;
    DataType dataType = DataType.FLOAT;

    TowerBuilder(long defaultSeed) {
        this.seed = defaultSeed;
    }

    abstract B self();

    /** Hidden ReLU layer widths before the projection, in order; default none. */
    public B hidden(int... units) {
        this.hidden = units.clone();
        return self();
    }

    /** Output width; default the id embedding width. */
    public B outputDim(int outputDim) {
        this.outputDim = outputDim;
        return self();
    }

    /** Seed of the initial parameters; default 42 for the user tower, 43 for the movie tower. */
    public B seed(long seed) {
        this.seed = seed;
        return self();
    }

    /** Parameter type; default FLOAT (DOUBLE for gradient checks). */
    B dataType(DataType dataType) {
        this.dataType = dataType;
        return self();
    }

    /** Checks the hidden and output widths of the tower named {@code tower}, e.g. "user tower". */
    static void checkTop(int[] hidden, int outputDim, String tower) {
        if (hidden == null) {
            throw new IllegalArgumentException(tower + " hidden layer sizes must not be null");
        }
        Mlp.checkHidden(hidden, tower);
        if (outputDim != 0) {
            Mlp.checkDim(outputDim, tower + " output dim");
        }
    }
}
