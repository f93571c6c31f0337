package dev.recsys.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class Nd4jRuntimeTest {

    @Test
    void setsTheThreadsAndReadsThemBack() {
        int before = Nd4jRuntime.threads();
        try {
            Nd4jRuntime.threads(1);
            assertThat(Nd4jRuntime.threads()).isEqualTo(1);
            Nd4jRuntime.threads(3);
            assertThat(Nd4jRuntime.threads()).isEqualTo(3);
        } finally {
            Nd4jRuntime.threads(before);
        }
    }

    @Test
    void rejectsFewerThanOneThread() {
        assertThatThrownBy(() -> Nd4jRuntime.threads(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("threads must be at least 1, found 0");
    }
}
