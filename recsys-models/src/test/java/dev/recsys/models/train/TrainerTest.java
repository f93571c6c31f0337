package dev.recsys.models.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.recsys.core.data.Examples;
import dev.recsys.core.nn.DenseParameter;
import dev.recsys.core.nn.Initializer;
import dev.recsys.core.nn.Ops;
import dev.recsys.core.nn.ParameterStore;
import dev.recsys.core.nn.Tape;
import dev.recsys.core.nn.Variable;
import dev.recsys.core.optim.Sgd;
import dev.recsys.models.Model;
import dev.recsys.models.RatingPredictor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** The training loop on a scripted model, and its configuration errors. */
class TrainerTest {

    private static final Examples FOUR = Examples.of(new int[] {1, 2, 3, 4}, new long[4], new int[] {5, 6, 7, 8},
            new float[] {1, 2, 3, 4});

    /**
     * One parameter {@code p} (start 1) with loss {@code p}: SGD at rate 0.1 over one batch per
     * epoch lowers it by exactly 0.1 per epoch, so {@code p} tells how many epochs it has seen. Its
     * predictions miss every rating by a scripted error indexed by that count, so the validation
     * RMSE is the script's value; from epoch {@code divergeAt} on, the loss is NaN.
     */
    private static final class ScriptedModel implements Model, RatingPredictor {
        final ParameterStore store = new ParameterStore(1, DataType.DOUBLE);
        final DenseParameter p = store.dense("p", Initializer.constant(1.0), 1, 1);
        final double[] script;
        int divergeAt = Integer.MAX_VALUE;

        ScriptedModel(double... script) {
            this.script = script;
        }

        int epochsSeen() {
            return (int) Math.round((1.0 - p.value().getDouble(0)) / 0.1);
        }

        @Override
        public Variable loss(Tape tape, Examples batch) {
            Variable loss = Ops.sum(tape.parameter(p));
            if (epochsSeen() + 1 < divergeAt) {
                return loss;
            }
            // (ND4J's scalar ops turn a NaN operand into 1e-5, so the NaN comes in as an array)
            return Ops.mul(loss, tape.input(Nd4j.scalar(DataType.DOUBLE, Double.NaN)));
        }

        @Override
        public double[] predict(Examples examples) {
            double[] out = new double[examples.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = examples.rating(i) + script[epochsSeen()];
            }
            return out;
        }

        @Override
        public String validationMetric() {
            return "rmse";
        }

        @Override
        public List<ParameterStore> parameterStores() {
            return List.of(store);
        }
    }

    private static Trainer.Builder sgd() {
        return Trainer.builder().batchSize(4).optimizer(() -> Sgd.builder(0.1).build());
    }

    @Test
    void earlyStoppingStopsAfterPatienceAndRestoresTheBestWeights() {
        // Validation RMSE after epochs 1..4 is 0.3, 0.1, 0.2, 0.15: best at epoch 2, then two
        // evaluations without improvement, so patience 2 stops after epoch 4 and restores p = 0.8.
        ScriptedModel model = new ScriptedModel(0, 0.3, 0.1, 0.2, 0.15, 0.01, 0.01);
        TrainingResult result = sgd().epochs(6).earlyStopping(2).build().fit(model, FOUR, FOUR);

        assertThat(result.epochs()).isEqualTo(4);
        assertThat(result.bestEpoch()).isEqualTo(2);
        assertThat(model.p.value().getDouble(0)).isCloseTo(0.8, within(1e-12));
        assertThat(result.metrics().get("rmse")).isCloseTo(0.1, within(1e-12));
        assertThat(result.history()).hasSize(4);
    }

    @Test
    void listenersSeeEveryEpochWithMetricsOnlyWhenEvaluated() {
        List<EpochReport> seen = new ArrayList<>();
        ScriptedModel model = new ScriptedModel(0, 1, 2, 3, 4, 5);
        sgd().epochs(5).evaluateEvery(2).listener(seen::add).build().fit(model, FOUR, FOUR);

        assertThat(seen).extracting(EpochReport::epoch).containsExactly(1, 2, 3, 4, 5);
        // Evaluated at epochs 2 and 4, and after the last epoch.
        assertThat(seen).extracting(r -> r.metrics().isEmpty()).containsExactly(true, false, true, false, false);
        assertThat(seen.get(0).loss()).isCloseTo(1.0, within(1e-12));   // p before the first step
        assertThat(seen.get(4).remainingSeconds()).isZero();
    }

    @Test
    void listenersSeeEveryStepWithTheExamplesDoneAndTheMeanLossSoFar() {
        List<String> steps = new ArrayList<>();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onEpoch(EpochReport report) {
                steps.add("end " + report.epoch());
            }

            @Override
            public void onStep(int epoch, int done, int total, double meanLoss) {
                steps.add(String.format(java.util.Locale.ROOT, "%d:%d/%d %.1f", epoch, done, total, meanLoss));
            }
        };
        // batches of 3 over 4 examples: steps after 3 and 4 examples; the loss is p: 1.0, then 0.9 (mean
        // (3 * 1.0 + 1 * 0.9) / 4 = 0.975, printed 1.0); in epoch 2, 0.8 then 0.7 (mean 0.775, printed 0.8)
        Trainer.builder().batchSize(3).optimizer(() -> Sgd.builder(0.1).build()).epochs(2).listener(listener)
                .build().fit(new ScriptedModel(0, 0, 0, 0, 0), FOUR, null);

        assertThat(steps).containsExactly("1:3/4 1.0", "1:4/4 1.0", "end 1", "2:3/4 0.8", "2:4/4 0.8", "end 2");
    }

    @Test
    void aMonitoredMetricThatRisesIsBetterUnlessItIsAnError() {
        // monitoring mae (lower is better) on the same script: 0.3, 0.1, 0.2 -> best epoch 2
        ScriptedModel model = new ScriptedModel(0, 0.3, 0.1, 0.2, 0.2, 0.2);
        TrainingResult result = sgd().epochs(5).monitor("mae").earlyStopping(2).build().fit(model, FOUR, FOUR);
        assertThat(result.bestEpoch()).isEqualTo(2);
        assertThat(result.history().get(1).metrics()).containsOnlyKeys("rmse", "mae");
    }

    @Test
    void aMonitoredMetricTheEvaluationDoesNotReportIsAnError() {
        ScriptedModel model = new ScriptedModel(0, 0.3, 0.1);
        assertThatThrownBy(() -> sgd().epochs(1).monitor("ndcg@10").build().fit(model, FOUR, FOUR))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("validation does not report the monitored metric 'ndcg@10'; it reports [rmse, mae]");
    }

    @Test
    void aNonFiniteLossStopsTrainingNamingEpochStepAndTheLastFiniteLoss() {
        // p = 1.0, 0.9 after epochs 0, 1; the loss of epoch 3's only step is NaN, epoch 2's was 0.9
        ScriptedModel model = new ScriptedModel(0, 0.3, 0.1, 0.2, 0.2);
        model.divergeAt = 3;
        assertThatThrownBy(() -> sgd().epochs(4).build().fit(model, FOUR, null))
                .isInstanceOfSatisfying(TrainingDivergedException.class, e -> {
                    assertThat(e.epoch()).isEqualTo(3);
                    assertThat(e.step()).isEqualTo(1);
                    assertThat(e.loss()).isNaN();
                    assertThat(e.lastFiniteLoss()).isCloseTo(0.9, within(1e-12));
                })
                .hasMessageStartingWith("training diverged: loss NaN at epoch 3, step 1 (last finite loss 0.900000)");
        assertThat(model.epochsSeen()).as("the diverged step is not applied").isEqualTo(2);
    }

    @Test
    void withoutEarlyStoppingTheLastWeightsStay() {
        ScriptedModel model = new ScriptedModel(0, 0.5, 0.1, 0.1);
        TrainingResult result = sgd().epochs(3).build().fit(model, FOUR, FOUR);
        assertThat(model.epochsSeen()).isEqualTo(3);
        assertThat(result.bestEpoch()).isEqualTo(3);
    }

    @Test
    void badConfigurationIsRejectedWithWhatWasFound() {
        assertThatThrownBy(() -> Trainer.builder().batchSize(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("batch size must be positive, found 0");
        assertThatThrownBy(() -> Trainer.builder().epochs(-1).build()).hasMessage("epochs must be positive, found -1");
        assertThatThrownBy(() -> Trainer.builder().evaluateEvery(0).build())
                .hasMessage("evaluateEvery must be positive, found 0");
        Examples empty = Examples.of(new int[0], new long[0], new int[0], new float[0]);
        assertThatThrownBy(() -> Trainer.builder().build().fit(new ScriptedModel(0), empty, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("training set is empty: expected at least one example");
    }
}
