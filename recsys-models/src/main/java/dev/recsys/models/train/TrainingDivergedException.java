package dev.recsys.models.train;

import java.util.Locale;

/**
 * Training stopped because a batch loss was NaN or infinite: the learning rate is usually too
 * large, or an input is not finite. The model's weights are those of the step before.
 */
public final class TrainingDivergedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The 1-based epoch of the failing step. */
    private final int epoch;
    /** The 1-based step within the epoch. */
    private final int step;
    /** The loss that was not finite. */
    private final double loss;
    /** The loss of the step before, NaN for the first step. */
    private final double lastFiniteLoss;

    TrainingDivergedException(int epoch, int step, double loss, double lastFiniteLoss) {
        super(String.format(Locale.ROOT, "training diverged: loss %s at epoch %d, step %d (last finite loss %s);"
                + " try a smaller learning rate or clipNorm", loss, epoch, step,
                Double.isNaN(lastFiniteLoss) ? "none, the first step" : String.format(Locale.ROOT, "%.6g", lastFiniteLoss)));
        this.epoch = epoch;
        this.step = step;
        this.loss = loss;
        this.lastFiniteLoss = lastFiniteLoss;
    }

    /** The 1-based epoch of the failing step. */
    public int epoch() {
        return epoch;
    }

    /** The 1-based step within the epoch. */
    public int step() {
        return step;
    }

    /** The non-finite loss. */
    public double loss() {
        return loss;
    }

    /** The loss of the step before, NaN when the first step failed. */
    public double lastFiniteLoss() {
        return lastFiniteLoss;
    }
}
