package dev.recsys.core.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.stream.LongStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class NormalizerTest {

    @Test
    void encodingBeforeFittingSaysWhatToCall() {
        Normalizer unfitted = Normalizer.create();
        assertThat(unfitted.isFitted()).isFalse();
        assertThatThrownBy(() -> unfitted.encode(1.0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Normalizer is not fitted")
                .hasMessageContaining("fit(");
        assertThatThrownBy(() -> unfitted.encode(new long[] {1})).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(unfitted::mean).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void zScoreWithPopulationStd() {
        // [1, 2, 3, 4]: mean 2.5, population variance (2.25 + 0.25 + 0.25 + 2.25) / 4 = 1.25.
        Normalizer n = Normalizer.create().fit(new double[] {1, 2, 3, 4});
        assertThat(n.mean()).isEqualTo(2.5);
        assertThat(n.std()).isCloseTo(Math.sqrt(1.25), within(1e-15));
        assertThat(n.encode(2.5)).isZero();
        assertThat(n.encode(4.0)).isCloseTo((float) (1.5 / Math.sqrt(1.25)), within(1e-6f));
        assertThat(n.encode(new double[] {1, 2.5})).containsExactly((float) (-1.5 / Math.sqrt(1.25)), 0f);
    }

    @Test
    void timestampStatisticsStayAccurate() {
        // 1.5e9 + {0..9}: mean 1,500,000,004.5; population variance of 10 consecutive integers is
        // (10² − 1) / 12 = 8.25. A naive E[x²] − E[x]² in double loses this entirely.
        long[] t = LongStream.range(1_500_000_000L, 1_500_000_010L).toArray();
        Normalizer n = Normalizer.create().fit(t);
        assertThat(n.mean()).isEqualTo(1_500_000_004.5);
        assertThat(n.std()).isCloseTo(Math.sqrt(8.25), within(1e-9));
        assertThat(n.encode(new long[] {1_500_000_009L})[0]).isCloseTo((float) (4.5 / Math.sqrt(8.25)), within(1e-6f));
    }

    /**
     * Serving happens after training: a time outside the training range must not extrapolate.
     * [10, 20, 30]: mean 20, population std sqrt(200 / 3) = 8.165, so the edges encode as
     * -10 / 8.165 = -1.2247 and +1.2247, and so does everything beyond them.
     */
    @Test
    void valuesBeyondTheTrainingRangeEncodeAsTheNearestEdge() {
        Normalizer n = Normalizer.create().fit(new long[] {30, 10, 20});
        assertThat(n.min()).isEqualTo(10.0);
        assertThat(n.max()).isEqualTo(30.0);
        float low = n.encode(10.0);
        float high = n.encode(30.0);
        assertThat(low).isCloseTo((float) (-10 / Math.sqrt(200.0 / 3)), within(1e-6f));
        assertThat(n.encode(new long[] {9, 0, -1, Long.MIN_VALUE})).containsOnly(low);
        assertThat(n.encode(new long[] {31, 4_102_444_800L, Long.MAX_VALUE})).containsOnly(high);
        assertThat(n.encode(new double[] {-1e300, 1e300})).containsExactly(low, high);
        assertThat(n.encode(15.0)).isCloseTo((float) (-5 / Math.sqrt(200.0 / 3)), within(1e-6f));
    }

    /** JSON written before the range was kept has mean and std only: such a normalizer does not clamp. */
    @Test
    void jsonWithoutTheRangeStillReadsAndDoesNotClamp() {
        Normalizer old = Json.read("{\"mean\":20.0,\"std\":10.0}", Normalizer.class);
        assertThat(old.encode(new long[] {40, -10})).containsExactly(2f, -3f);
        assertThat(old.toString()).isEqualTo("Normalizer{mean=20.0, std=10.0, range=unknown}");
    }

    @Test
    void constantColumnEncodesAsZeroNotNaN() {
        Normalizer n = Normalizer.create().fit(new long[] {7, 7, 7});
        assertThat(n.std()).isZero();
        assertThat(n.encode(7.0)).isZero();
        assertThat(n.encode(100.0)).isZero();
        assertThat(n.encode(new long[] {-5, 7})).containsExactly(0f, 0f);
    }

    @Test
    void nanAndBadInputAreClearErrors() {
        Normalizer n = Normalizer.create().fit(new double[] {0, 1});
        assertThatThrownBy(() -> n.encode(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
        assertThatThrownBy(() -> n.encode(new double[] {1, Double.POSITIVE_INFINITY}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("index 1");
        assertThatThrownBy(() -> Normalizer.create().fit(new double[] {1, Double.NaN}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("index 1").hasMessageContaining("NaN");
        assertThatThrownBy(() -> Normalizer.create().fit(new double[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no values");
    }

    @Property(tries = 300)
    void encodedTrainingDataHasMeanZeroAndStdOne(
            @ForAll @Size(min = 2, max = 300) List<@DoubleRange(min = -1e6, max = 1e6) Double> values) {
        double[] x = values.stream().mapToDouble(Double::doubleValue).toArray();
        Normalizer n = Normalizer.create().fit(x);
        float[] z = n.encode(x);
        double mean = 0;
        for (float v : z) {
            mean += v;
        }
        mean /= z.length;
        double variance = 0;
        for (float v : z) {
            variance += (v - mean) * (v - mean);
        }
        variance /= z.length;
        assertThat(mean).isCloseTo(0, within(1e-5));
        if (n.std() > 1e-3) {
            assertThat(variance).isCloseTo(1, within(1e-4));
        }
        for (float v : z) {
            assertThat(Float.isFinite(v)).isTrue();
        }
    }

    @Test
    void jacksonRoundTripGivesAnEqualNormalizerThatEncodesIdentically() {
        for (Normalizer original : List.of(Normalizer.create().fit(new double[] {0.1, 0.7, 1e9 + 0.3}),
                Normalizer.create().fit(new long[] {3, 3}), Normalizer.create())) {
            Normalizer copy = Json.roundTrip(original);
            assertThat(copy).isEqualTo(original).hasSameHashCodeAs(original).hasToString(original.toString());
            if (original.isFitted()) {
                double[] probe = {-1e9, 0.1, 0.7, 3, 1e9};
                assertThat(copy.encode(probe)).containsExactly(original.encode(probe));
            }
        }
    }

    @Test
    void malformedJsonIsRejected() {
        assertThatThrownBy(() -> Json.read("{\"mean\":1.0,\"std\":-2.0}", Normalizer.class))
                .hasStackTraceContaining("std >= 0");
        assertThatThrownBy(() -> Json.read("{\"mean\":1.0}", Normalizer.class))
                .hasStackTraceContaining("both");
    }
}
