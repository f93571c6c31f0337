package dev.recsys.data.split;

import dev.recsys.data.Interactions;
import java.util.Objects;

/**
 * A train / validation / test partition of one set of interactions; the parts share its user
 * index, catalogue and rating scale. Settings, epochs and early stopping are chosen on
 * {@code validation}; {@code test} is evaluated once, at the end. A two-way split has an empty
 * validation part.
 *
 * @param train rows to fit encoders and models on
 * @param validation rows to choose settings and epochs on; empty for a two-way split
 * @param test rows held out for the final evaluation
 */
public record Split(Interactions train, Interactions validation, Interactions test) {

    /** Checks the three parts are present. */
    public Split {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(validation, "validation");
        Objects.requireNonNull(test, "test");
    }

    /** A two-way split: {@code train} and {@code test}, with an empty validation part. */
    public Split(Interactions train, Interactions test) {
        this(train, Objects.requireNonNull(train, "train").select(new int[0]), test);
    }

    /** Whether the validation part has rows. */
    public boolean hasValidation() {
        return validation.size() > 0;
    }

    /**
     * The train rows, then the validation rows: the data to retrain on once the settings are
     * chosen. For {@link Splits#randomByCount(Interactions, int, int, long)} this is exactly the
     * train part of the two-way split with {@code trainCount + validationCount} train rows.
     */
    public Interactions trainAndValidation() {
        return validation.size() == 0 ? train : Interactions.concat(train, validation);
    }
}
