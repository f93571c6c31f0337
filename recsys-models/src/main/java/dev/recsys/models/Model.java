package dev.recsys.models;

import dev.recsys.core.data.Examples;
import dev.recsys.core.nn.ParameterStore;
import dev.recsys.core.nn.Tape;
import dev.recsys.core.nn.Variable;
import dev.recsys.models.train.Trainer;
import java.util.List;
import java.util.Map;

/** A trainable model: what {@link Trainer} needs to fit and evaluate it. */
public interface Model {

    /**
     * The training loss of a batch, recorded on {@code tape}.
     *
     * @param batch {@code B >= 1} examples
     * @return scalar
     */
    Variable loss(Tape tape, Examples batch);

    /**
     * Metrics on held-out examples, e.g. {@code top100} or {@code rmse}.
     *
     * @param examples at least one example
     * @return metric name to value, in a stable order
     */
    Map<String, Double> evaluate(Examples examples);

    /** The name of the metric early stopping watches; a key of {@link #evaluate}. */
    String validationMetric();

    /** Whether a larger {@link #validationMetric()} is better. */
    boolean higherIsBetter();

    /** Every store of trainable parameters (one optimizer state per store). */
    List<ParameterStore> parameterStores();

    /** Fits data statistics the loss needs (e.g. candidate frequencies); called before the first epoch. */
    default void beforeTraining(Examples train) {}
}
