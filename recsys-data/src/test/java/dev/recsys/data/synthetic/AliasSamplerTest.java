package dev.recsys.data.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AliasSamplerTest {

    @Test
    void drawsInProportionToTheWeights() {
        double[] weights = {1, 0, 2, 3, 4, 0.5};
        int draws = 200_000;
        int[] counts = new int[weights.length];
        AliasSampler sampler = new AliasSampler(weights);
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < draws; i++) {
            counts[sampler.sample(random)]++;
        }
        // Expected share w_i / 10.5; a binomial share has sd <= sqrt(0.25 / 200000) = 0.0011, so 0.006 is > 5 sd.
        for (int i = 0; i < weights.length; i++) {
            assertThat(counts[i] / (double) draws).as("index %d", i).isCloseTo(weights[i] / 10.5, within(0.006));
        }
        assertThat(counts[1]).isZero();
    }
}
