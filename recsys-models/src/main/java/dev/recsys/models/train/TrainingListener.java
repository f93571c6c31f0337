package dev.recsys.models.train;

/** Receives the trainer's progress, e.g. to draw a learning curve. */
@FunctionalInterface
public interface TrainingListener {

    /** Called after every epoch (and its evaluation, if any). */
    void onEpoch(EpochReport report);

    /**
     * Called after every training step, on the training thread, e.g. to draw a live progress
     * line; does nothing by default. Keep it cheap: it runs once per batch.
     *
     * @param epoch the 1-based epoch
     * @param examplesDone examples of this epoch trained so far
     * @param examplesInEpoch examples in an epoch
     * @param meanLoss mean loss over the epoch's examples so far
     */
    default void onStep(int epoch, int examplesDone, int examplesInEpoch, double meanLoss) {
    }
}
