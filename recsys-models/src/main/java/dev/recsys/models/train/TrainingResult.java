package dev.recsys.models.train;

import java.util.List;
import java.util.Map;

/**
 * What a training run did.
 *
 * @param epochs epochs run (fewer than asked when early stopping fired)
 * @param bestEpoch the epoch whose weights the model holds at the end: the best evaluated one
 *     when early stopping restored weights, else the last
 * @param trainSeconds wall time of training, evaluation included
 * @param metrics validation metrics of the final weights, empty without validation data
 * @param history one report per epoch
 */
public record TrainingResult(int epochs, int bestEpoch, double trainSeconds, Map<String, Double> metrics,
        List<EpochReport> history) {

    /** Copies the collections. */
    public TrainingResult {
        metrics = Map.copyOf(metrics);
        history = List.copyOf(history);
    }
}
