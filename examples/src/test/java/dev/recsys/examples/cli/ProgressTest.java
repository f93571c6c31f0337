package dev.recsys.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recsys.models.train.EpochReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void withoutATerminalEachEpochIsOneLineAndStepsPrintNothing() {
        StringWriter text = new StringWriter();
        Progress progress = new Progress(new PrintWriter(text), false, "retrieval", "recall@10", 5);

        progress.onStep(1, 512, 1024, 4.5);
        progress.onStep(1, 1024, 1024, 4.0);
        progress.onEpoch(new EpochReport(1, 4.0, Map.of("recall@10", 0.25), 2048.4, 0.4, 2.0));
        progress.onEpoch(new EpochReport(2, 3.5, Map.of("recall@10", 0.2), 3000, 1.0, 75.0));

        assertThat(text.toString().lines()).containsExactly(
                "retrieval epoch 1/5: loss 4.0000, validation recall@10 0.25 (best 0.25 at epoch 1), 2,048 examples/s,"
                        + " 0 s elapsed, at most 2 s left",
                // recall is higher-better: 0.2 does not replace the best
                "retrieval epoch 2/5: loss 3.5000, validation recall@10 0.2 (best 0.25 at epoch 1), 3,000 examples/s,"
                        + " 1 s elapsed, at most 1 min 15 s left");
    }

    @Test
    void onATerminalTheLineIsRedrawnInPlaceAndEachEpochEndsItWithANewLine() {
        StringWriter text = new StringWriter();
        Progress progress = new Progress(new PrintWriter(text), true, "ranking", "rmse", 2);

        progress.onStep(1, 100, 200, 1.5);     // the epoch's first step only starts the clock
        progress.onStep(1, 200, 200, 1.2);     // the last step always draws
        progress.onEpoch(new EpochReport(1, 1.2, Map.of("rmse", 0.9), 1000, 0.2, 0.2));

        String out = text.toString();
        assertThat(out).startsWith("\rranking epoch 1/2 100% 200/200 examples, ").contains(", loss 1.2000, at most ")
                .endsWith("\rranking epoch 1/2: loss 1.2000, validation rmse 0.9 (best 0.9 at epoch 1), 1,000"
                        + " examples/s, 0 s elapsed, at most 0 s left" + System.lineSeparator());
    }

    @Test
    void durationsReadAsSecondsMinutesOrHours() {
        assertThat(Progress.duration(41.6)).isEqualTo("42 s");
        assertThat(Progress.duration(185)).isEqualTo("3 min 05 s");     // 3 * 60 + 5
        assertThat(Progress.duration(3720)).isEqualTo("1 h 02 min");    // 3600 + 2 * 60
        assertThat(Progress.duration(-3)).isEqualTo("0 s");
    }
}
