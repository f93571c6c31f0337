package dev.recsys.models.train;

import dev.recsys.core.data.Examples;
import dev.recsys.core.nn.ParameterStore;
import dev.recsys.core.optim.Adagrad;
import dev.recsys.core.optim.Optimizer;
import dev.recsys.models.Model;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fits a {@link Model}: mini-batch epochs over a seeded shuffle, one optimizer per parameter
 * store, validation every few epochs, optional early stopping with the best weights restored, and
 * progress per epoch through slf4j and {@link TrainingListener}s (and every 30 s inside an epoch
 * that lasts longer, with examples/s and the time left, through slf4j). Each batch goes through a
 * {@link TrainingStep}.
 *
 * <pre>{@code
 * Trainer trainer = Trainer.builder()
 *         .epochs(30).batchSize(2048)
 *         .optimizer(() -> Adagrad.builder(0.1).build())
 *         .evaluateEvery(5).earlyStopping(3)
 *         .build();
 * TrainingResult result = trainer.fit(model, train, validation);
 * }</pre>
 */
public final class Trainer {

    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);
    /** Epochs that last longer log their progress this often. */
    private static final long PROGRESS_NANOS = 30_000_000_000L;

    private final int epochs;
    private final int batchSize;
    private final Supplier<? extends Optimizer> optimizer;
    private final long seed;
    private final int evaluateEvery;
    private final int patience;
    private final List<TrainingListener> listeners;

    private Trainer(Builder b) {
        this.epochs = b.epochs;
        this.batchSize = b.batchSize;
        this.optimizer = b.optimizer;
        this.seed = b.seed;
        this.evaluateEvery = b.evaluateEvery;
        this.patience = b.patience;
        this.listeners = List.copyOf(b.listeners);
    }

    /** Starts a trainer with the defaults of {@link Builder}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Trains the model in place.
     *
     * @param model the model
     * @param train training examples, at least one
     * @param validation held-out examples to evaluate on, or {@code null} for none
     * @return what happened; the model holds the best evaluated weights when early stopping is on
     * @throws IllegalArgumentException if the training set is empty
     */
    public TrainingResult fit(Model model, Examples train, Examples validation) {
        if (train == null || train.isEmpty()) {
            throw new IllegalArgumentException("training set is empty: expected at least one example");
        }
        boolean validate = validation != null && !validation.isEmpty();
        List<ParameterStore> stores = model.parameterStores();
        model.beforeTraining(train);
        SplittableRandom random = new SplittableRandom(seed);
        int[] order = new int[train.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        List<EpochReport> history = new ArrayList<>();
        long start = System.nanoTime();
        double trainingNanos = 0;
        double best = Double.NaN;
        int bestEpoch = 0;
        int sinceBest = 0;
        List<Map<String, double[]>> bestWeights = null;
        Map<String, Double> lastMetrics = Map.of();
        int epoch = 0;
        try (TrainingStep step = new TrainingStep(model, optimizer)) {
            while (epoch < epochs) {
                epoch++;
                long epochStart = System.nanoTime();
                shuffle(order, random);
                double lossSum = 0;
                long nextProgress = epochStart + PROGRESS_NANOS;
                for (int from = 0; from < order.length; from += batchSize) {
                    int to = Math.min(order.length, from + batchSize);
                    Examples batch = train.select(java.util.Arrays.copyOfRange(order, from, to));
                    lossSum += step.run(batch) * (to - from);
                    if (System.nanoTime() >= nextProgress) {
                        logProgress(epoch, to, order.length, lossSum / to, epochStart);
                        nextProgress = System.nanoTime() + PROGRESS_NANOS;
                    }
                }
                double epochNanos = System.nanoTime() - epochStart;
                trainingNanos += epochNanos;
                Map<String, Double> metrics = Map.of();
                boolean stop = false;
                if (validate && (epoch % evaluateEvery == 0 || epoch == epochs)) {
                    metrics = model.evaluate(validation);
                    lastMetrics = metrics;
                    double value = metric(metrics, model.validationMetric());
                    boolean improved = Double.isNaN(best) || (model.higherIsBetter() ? value > best : value < best);
                    if (improved) {
                        best = value;
                        bestEpoch = epoch;
                        sinceBest = 0;
                        if (patience > 0) {
                            bestWeights = stores.stream().map(ParameterStore::snapshot).toList();
                        }
                    } else {
                        sinceBest++;
                        stop = patience > 0 && sinceBest >= patience;
                    }
                }
                double elapsed = (System.nanoTime() - start) / 1e9;
                double remaining = stop ? 0 : elapsed / epoch * (epochs - epoch);
                EpochReport report = new EpochReport(epoch, lossSum / order.length, metrics,
                        order.length / (epochNanos / 1e9), elapsed, remaining);
                history.add(report);
                log(report);
                for (TrainingListener listener : listeners) {
                    listener.onEpoch(report);
                }
                if (stop) {
                    LOG.info("early stopping after epoch {}: {} has not improved for {} evaluations (best {} at epoch {})",
                            epoch, model.validationMetric(), patience, format(best), bestEpoch);
                    break;
                }
            }
        }
        int finalEpoch = epoch;
        if (bestWeights != null && bestEpoch != finalEpoch) {
            for (int s = 0; s < stores.size(); s++) {
                stores.get(s).restore(bestWeights.get(s));
            }
            lastMetrics = model.evaluate(validation);
            LOG.info("restored the weights of epoch {}", bestEpoch);
        } else {
            bestEpoch = finalEpoch;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        LOG.info("trained {} epochs in {} s ({} s in training steps)", finalEpoch, format(seconds),
                format(trainingNanos / 1e9));
        return new TrainingResult(finalEpoch, bestEpoch, seconds, lastMetrics, history);
    }

    private static double metric(Map<String, Double> metrics, String name) {
        Double value = metrics.get(name);
        if (value == null) {
            throw new IllegalStateException("model did not report its validation metric '" + name + "'; found "
                    + metrics.keySet());
        }
        return value;
    }

    private static void shuffle(int[] order, SplittableRandom random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    /** Progress inside a long epoch: examples done, rate, loss so far and the epoch's time left. */
    private static void logProgress(int epoch, int done, int total, double loss, long epochStart) {
        double seconds = (System.nanoTime() - epochStart) / 1e9;
        double rate = done / seconds;
        LOG.info("epoch {}: {} of {} examples ({}%), loss so far {}, {} examples/s, epoch ETA {} s", epoch, done,
                total, 100L * done / total, format(loss), Math.round(rate), Math.round((total - done) / rate));
    }

    private static void log(EpochReport r) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        Map<String, String> metrics = new LinkedHashMap<>();
        r.metrics().forEach((k, v) -> metrics.put(k, format(v)));
        LOG.info("epoch {}: loss {}{}, {} examples/s, elapsed {} s, remaining {} s", r.epoch(), format(r.loss()),
                metrics.isEmpty() ? "" : ", " + metrics, Math.round(r.examplesPerSecond()), format(r.elapsedSeconds()),
                format(r.remainingSeconds()));
    }

    private static String format(double value) {
        return String.format(java.util.Locale.ROOT, "%.4f", value);
    }

    /** Settings of a {@link Trainer}. */
    public static final class Builder {
        private int epochs = 10;
        private int batchSize = 2048;
        private Supplier<? extends Optimizer> optimizer = () -> Adagrad.builder(0.1).build();
        private long seed = 42;
        private int evaluateEvery = 1;
        private int patience;
        private final List<TrainingListener> listeners = new ArrayList<>();

        private Builder() {}

        /** Number of passes over the training set; default 10. */
        public Builder epochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /** Examples per step; default 2048 (the reference notebook's). */
        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * A new optimizer per parameter store and run (optimizers carry state); default Adagrad
         * with learning rate 0.1 (the reference notebook's).
         */
        public Builder optimizer(Supplier<? extends Optimizer> optimizer) {
            this.optimizer = optimizer;
            return this;
        }

        /** Seed of the per-epoch shuffle; default 42. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Evaluate on the validation set every {@code n} epochs and after the last; default 1. */
        public Builder evaluateEvery(int n) {
            this.evaluateEvery = n;
            return this;
        }

        /**
         * Stop when the validation metric has not improved for {@code patience} evaluations, and
         * restore the best evaluated weights; default 0 (off).
         */
        public Builder earlyStopping(int patience) {
            this.patience = patience;
            return this;
        }

        /** Adds a progress listener. */
        public Builder listener(TrainingListener listener) {
            if (listener == null) {
                throw new IllegalArgumentException("listener must not be null");
            }
            listeners.add(listener);
            return this;
        }

        /**
         * Creates the trainer.
         *
         * @throws IllegalArgumentException if a count is out of range or the optimizer is missing
         */
        public Trainer build() {
            if (epochs <= 0) {
                throw new IllegalArgumentException("epochs must be positive, found " + epochs);
            }
            if (batchSize <= 0) {
                throw new IllegalArgumentException("batch size must be positive, found " + batchSize);
            }
            if (evaluateEvery <= 0) {
                throw new IllegalArgumentException("evaluateEvery must be positive, found " + evaluateEvery);
            }
            if (patience < 0) {
                throw new IllegalArgumentException("early stopping patience must be >= 0 (0 = off), found " + patience);
            }
            if (optimizer == null) {
                throw new IllegalArgumentException("optimizer supplier must not be null");
            }
            return new Trainer(this);
        }
    }
}
