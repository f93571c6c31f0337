package dev.recsys.models.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Progress after one epoch: a point of the learning curve.
 *
 * @param epoch 1-based epoch number
 * @param loss mean training loss over the epoch's examples
 * @param metrics validation metrics in report order when evaluated this epoch, else empty
 * @param examplesPerSecond training throughput of the epoch (evaluation excluded)
 * @param elapsedSeconds wall time since training started
 * @param remainingSeconds estimated time to the last epoch
 */
public record EpochReport(int epoch, double loss, Map<String, Double> metrics, double examplesPerSecond,
        double elapsedSeconds, double remainingSeconds) {

    /** Copies the metrics, keeping their order. */
    public EpochReport {
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }
}
