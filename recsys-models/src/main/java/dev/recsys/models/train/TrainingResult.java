package dev.recsys.models.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a training run did, with its learning curve.
 *
 * @param epochs epochs run (fewer than asked when early stopping fired)
 * @param bestEpoch the epoch whose weights the model holds at the end: the best evaluated one
 *     when early stopping restored weights, else the last
 * @param trainSeconds time spent in training steps, evaluation excluded
 * @param totalSeconds wall time of the whole run, evaluation included
 * @param metrics validation metrics of the final weights in report order, empty without
 *     validation data
 * @param history the learning curve: one report per epoch (training loss, and validation metrics
 *     on evaluated epochs)
 */
public record TrainingResult(int epochs, int bestEpoch, double trainSeconds, double totalSeconds,
        Map<String, Double> metrics, List<EpochReport> history) {

    /** Copies the collections, keeping the metrics' order. */
    public TrainingResult {
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        history = List.copyOf(history);
    }
}
