package dev.recsys.data.split;

import dev.recsys.data.Interactions;
import java.util.Objects;

/**
 * A train/test partition of one set of interactions; both parts share its user index and
 * catalogue.
 *
 * @param train rows to fit encoders and models on
 * @param test rows held out for evaluation
 */
public record Split(Interactions train, Interactions test) {
    /** Checks both parts are present. */
    public Split {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
    }
}
