package dev.recsys.models;

import dev.recsys.core.data.Examples;
import dev.recsys.core.nn.ParameterStore;
import dev.recsys.core.nn.Tape;
import dev.recsys.core.nn.Variable;
import dev.recsys.models.train.Trainer;
import java.util.List;

/** A trainable model: what {@link Trainer} needs to fit it. */
public interface Model {

    /**
     * The training loss of a batch, recorded on {@code tape}.
     *
     * @param batch {@code B >= 1} examples
     * @return scalar
     */
    Variable loss(Tape tape, Examples batch);

    /**
     * The metric early stopping and model selection watch by default, a key of the
     * {@link dev.recsys.models.eval.Report} of an {@link dev.recsys.models.eval.Evaluator}, e.g.
     * {@code factorizedTop@100} or {@code rmse}. The trainer validates a model through the evaluator,
     * so a model that is validated must be a {@link CandidateScorer} or a {@link RatingPredictor}.
     */
    String validationMetric();

    /** Every store of trainable parameters (one optimizer state per store). */
    List<ParameterStore> parameterStores();

    /** Fits data statistics the loss needs (e.g. candidate frequencies); called before the first epoch. */
    default void beforeTraining(Examples train) {}
}
