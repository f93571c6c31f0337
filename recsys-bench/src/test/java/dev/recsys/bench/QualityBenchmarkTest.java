package dev.recsys.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The harness's option parsing (its runs are measurements, not tests). */
class QualityBenchmarkTest {

    @Test
    void historySharedIsAGridOfBooleansDefaultingToAHistoryTableOfItsOwn() {
        assertThat(QualityBenchmark.Settings.from(Map.of()).historyShared).containsExactly(false);
        assertThat(QualityBenchmark.Settings.from(Map.of("--history-shared", "false,true")).historyShared)
                .containsExactly(false, true);
        assertThatThrownBy(() -> QualityBenchmark.Settings.from(Map.of("--history-shared", "yes")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--history-shared takes true, false or both, found yes");
    }
}
