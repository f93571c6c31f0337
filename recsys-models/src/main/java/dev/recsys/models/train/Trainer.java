package dev.recsys.models.train;

import dev.recsys.core.data.Examples;
import dev.recsys.core.nn.ParameterStore;
import dev.recsys.core.optim.Adam;
import dev.recsys.core.optim.Optimizer;
import dev.recsys.models.Model;
import dev.recsys.models.eval.Evaluator;
import dev.recsys.models.eval.Report;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fits a {@link Model}: mini-batch epochs over a seeded shuffle, one optimizer per parameter
 * store, validation through an {@link Evaluator} every few epochs, optional early stopping with
 * the best weights restored, and progress per epoch through slf4j and {@link TrainingListener}s
 * (and every 30 s inside an epoch that lasts longer, with examples/s and the time left, through
 * slf4j). Each batch goes through a {@link TrainingStep}. A loss that stops being finite ends
 * training with a {@link TrainingDivergedException}.
 *
 * <p>Pass a validation part carved out of the training data (never the test part): it chooses the
 * epoch, and the test part is evaluated once afterwards.
 *
 * <pre>{@code
 * Trainer trainer = Trainer.builder()
 *         .epochs(30)
 *         .evaluator(Evaluator.builder().perUser(true).exclude(train).build())
 *         .monitor("ndcg@10").earlyStopping(3)
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
    private final Evaluator evaluator;
    private final String monitor;

    private Trainer(Builder b) {
        this.epochs = b.epochs;
        this.batchSize = b.batchSize;
        this.optimizer = b.optimizer;
        this.seed = b.seed;
        this.evaluateEvery = b.evaluateEvery;
        this.patience = b.patience;
        this.listeners = List.copyOf(b.listeners);
        this.evaluator = b.evaluator;
        this.monitor = b.monitor;
    }

    /** Starts a trainer with the defaults of {@link Builder}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Trains the model in place.
     *
     * @param model the model; a {@link dev.recsys.models.CandidateScorer} or
     *     {@link dev.recsys.models.RatingPredictor} when there is validation data
     * @param train training examples, at least one
     * @param validation held-out examples to evaluate on, or {@code null} for none
     * @return what happened; the model holds the best evaluated weights when early stopping is on
     * @throws IllegalArgumentException if the training set is empty
     * @throws TrainingDivergedException if the loss becomes NaN or infinite
     */
    public TrainingResult fit(Model model, Examples train, Examples validation) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(train, "train");
        if (train.isEmpty()) {
            throw new IllegalArgumentException("training set is empty: expected at least one example");
        }
        boolean validate = validation != null && !validation.isEmpty();
        String watched = monitor != null ? monitor : model.validationMetric();
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
        double lastFiniteLoss = Double.NaN;
        double best = Double.NaN;
        int bestEpoch = 0;
        int sinceBest = 0;
        List<Map<String, double[]>> bestWeights = null;
        Map<String, Double> lastMetrics = Map.of();
        int epoch = 0;
        try (TrainingStep trainingStep = new TrainingStep(model, optimizer)) {
            while (epoch < epochs) {
                epoch++;
                long epochStart = System.nanoTime();
                shuffle(order, random);
                double lossSum = 0;
                long nextProgress = epochStart + PROGRESS_NANOS;
                int step = 0;
                for (int from = 0; from < order.length; from += batchSize) {
                    int to = Math.min(order.length, from + batchSize);
                    step++;
                    Examples batch = train.select(Arrays.copyOfRange(order, from, to));
                    double value = trainingStep.run(batch);
                    if (!Double.isFinite(value)) {
                        throw new TrainingDivergedException(epoch, step, value, lastFiniteLoss);
                    }
                    lastFiniteLoss = value;
                    lossSum += value * (to - from);
                    for (TrainingListener listener : listeners) {
                        listener.onStep(epoch, to, order.length, lossSum / to);
                    }
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
                    metrics = evaluator.evaluate(model, validation).metrics();
                    lastMetrics = metrics;
                    double value = metric(metrics, watched);
                    boolean improved = Double.isNaN(best)
                            || (Report.higherIsBetter(watched) ? value > best : value < best);
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
                log(report, watched, best, bestEpoch);
                for (TrainingListener listener : listeners) {
                    listener.onEpoch(report);
                }
                if (stop) {
                    LOG.info("early stopping after epoch {}: {} has not improved for {} evaluations (best {} at epoch {})",
                            epoch, watched, patience, format(best), bestEpoch);
                    break;
                }
            }
        }
        int finalEpoch = epoch;
        if (bestWeights != null && bestEpoch != finalEpoch) {
            for (int s = 0; s < stores.size(); s++) {
                stores.get(s).restore(bestWeights.get(s));
            }
            lastMetrics = evaluator.evaluate(model, validation).metrics();
            LOG.info("restored the weights of epoch {}", bestEpoch);
        } else {
            bestEpoch = finalEpoch;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        LOG.info("trained {} epochs in {} s ({} s in training steps)", finalEpoch, format(seconds),
                format(trainingNanos / 1e9));
        return new TrainingResult(finalEpoch, bestEpoch, trainingNanos / 1e9, seconds, lastMetrics, history);
    }

    private static double metric(Map<String, Double> metrics, String name) {
        Double value = metrics.get(name);
        if (value == null) {
            throw new IllegalStateException("validation does not report the monitored metric '" + name
                    + "'; it reports " + metrics.keySet() + " (set Trainer.Builder.monitor or the evaluator's ks)");
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

    /** One line per epoch: the loss, the watched metric when evaluated (the full report is at DEBUG). */
    private static void log(EpochReport r, String watched, double best, int bestEpoch) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        String validation = r.metrics().isEmpty() ? ""
                : String.format(java.util.Locale.ROOT, ", validation %s %s (best %s at epoch %d)", watched,
                        Report.format(r.metrics().get(watched)), Report.format(best), bestEpoch);
        LOG.info("epoch {}: loss {}{}, {} examples/s, elapsed {} s, remaining {} s", r.epoch(), format(r.loss()),
                validation, Math.round(r.examplesPerSecond()), format(r.elapsedSeconds()), format(r.remainingSeconds()));
        LOG.debug("epoch {} validation: {}", r.epoch(), r.metrics());
    }

    private static String format(double value) {
        return String.format(java.util.Locale.ROOT, "%.4f", value);
    }

    /** Settings of a {@link Trainer}. */
    public static final class Builder {
        private int epochs = 5;
        private int batchSize = 512;
        private Supplier<? extends Optimizer> optimizer = () -> Adam.builder(0.005).build();
        private long seed = 42;
        private int evaluateEvery = 1;
        private int patience;
        private final List<TrainingListener> listeners = new ArrayList<>();
        private Evaluator evaluator = Evaluator.builder().build();
        private String monitor;

        private Builder() {}

        /**
         * Number of passes over the training set; default 5 (with the other defaults, both the
         * retrieval and the rating model of the seed protocol peak on validation at epochs 4 to 5,
         * then overfit; with validation data, {@link #earlyStopping} finds the epoch).
         */
        public Builder epochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /**
         * Examples per step; default 512 (as good on validation as the reference notebook's 2048
         * with four times the steps per epoch, and the in-batch softmax costs {@code O(batch²)}).
         */
        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * A new optimizer per parameter store and run (optimizers carry state); default Adam with
         * learning rate 0.005, chosen on validation data (see the README's results). Losses here
         * are batch means, so TFRS's Adagrad 0.1 (tuned for a summed loss) barely moves.
         */
        public Builder optimizer(Supplier<? extends Optimizer> optimizer) {
            this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
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

        /**
         * How validation data is evaluated; default {@code Evaluator.builder().build()} (every
         * validation row a query, nothing excluded: the reference notebook's protocol).
         */
        public Builder evaluator(Evaluator evaluator) {
            this.evaluator = Objects.requireNonNull(evaluator, "evaluator");
            return this;
        }

        /**
         * The validation metric early stopping watches, a key of the evaluator's
         * {@link Report}; default the model's {@link Model#validationMetric()}. Larger is better
         * except for {@code rmse} and {@code mae}.
         */
        public Builder monitor(String metric) {
            this.monitor = Objects.requireNonNull(metric, "metric");
            return this;
        }

        /** Adds a progress listener. */
        public Builder listener(TrainingListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
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
            return new Trainer(this);
        }
    }
}
