package dev.recsys.core.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class DiscretizerTest {

    @Test
    void encodingBeforeFittingSaysWhatToCall() {
        Discretizer unfitted = Discretizer.equalWidth(10);
        assertThat(unfitted.isFitted()).isFalse();
        assertThat(unfitted.bucketCount()).isEqualTo(11);
        assertThatThrownBy(() -> unfitted.encode(1.0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Discretizer is not fitted")
                .hasMessageContaining("fit(");
        assertThatThrownBy(() -> unfitted.encode(1L)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> unfitted.encode(new long[] {1})).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(unfitted::boundaries).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void bucketsFollowKerasDiscretizationSemantics() {
        // np.linspace(0, 10, 3) = [0, 5, 10]: v < 0 -> 0, 0 <= v < 5 -> 1, 5 <= v < 10 -> 2, v >= 10 -> 3.
        // Values are first clamped to the training range [0, 10], so bucket 0 (Keras' "below
        // the first boundary") is never given for equal-width boundaries, whose first is the minimum.
        Discretizer d = Discretizer.equalWidth(3).fit(new double[] {10, 0, 5, 2});
        assertThat(d.boundaries()).containsExactly(0, 5, 10);
        assertThat(d.bucketCount()).isEqualTo(4);
        assertThat(d.encode(new double[] {0, 4.999, 5, 9.999, 10}))
                .containsExactly(1, 1, 2, 2, 3);
        assertThat(d.encode(Double.POSITIVE_INFINITY)).isEqualTo(3);
    }

    /**
     * A time before the training minimum lands in the minimum's bucket, not in bucket 0, whose
     * embedding row no training value ever reached; after the maximum, in the maximum's bucket.
     */
    @Test
    void valuesBeyondTheTrainingRangeFallInTheBucketOfTheNearestEdge() {
        Discretizer d = Discretizer.equalWidth(3).fit(new long[] {10, 0, 5, 2});
        assertThat(d.min()).isEqualTo(0.0);
        assertThat(d.max()).isEqualTo(10.0);
        assertThat(d.encode(new long[] {-1, Long.MIN_VALUE})).containsOnly(d.encode(0L));
        assertThat(d.encode(new long[] {11, 4_102_444_800L, Long.MAX_VALUE})).containsOnly(d.encode(10L));
        assertThat(d.encode(new double[] {-1, Double.NEGATIVE_INFINITY})).containsOnly(1);
        // Quantiles of {1, 1, 1, 1, 5, 9} at 1/4, 2/4, 3/4: 1, 1, 4; the minimum 1 is in bucket 2.
        Discretizer q = Discretizer.quantiles(3).fit(new double[] {1, 1, 1, 1, 5, 9});
        assertThat(q.boundaries()).containsExactly(1, 1, 4);
        assertThat(q.encode(new long[] {Long.MIN_VALUE, 0, 1})).containsOnly(2);
        assertThat(q.encode(new long[] {9, Long.MAX_VALUE})).containsOnly(3);
    }

    /** JSON written before the range was kept has no min and max: such a discretizer does not clamp. */
    @Test
    void jsonWithoutTheRangeStillReadsAndDoesNotClamp() {
        Discretizer old = Json.read("{\"strategy\":\"EQUAL_WIDTH\",\"boundaryCount\":3,\"boundaries\":[0.0,5.0,10.0]}",
                Discretizer.class);
        assertThat(old.encode(new long[] {-1, 0, 11})).containsExactly(0, 1, 3);
    }

    @Test
    void equalWidthMatchesNumpyLinspaceOnTheMovieLensTimestampRange() {
        // ml-latest-small's first and last rating times; expected values printed by
        // numpy 2.4.6: np.linspace(828124615, 1537799250, num=1000)[[1, 500, 998, 999]].
        Discretizer d = Discretizer.equalWidth(1000).fit(new long[] {1_537_799_250L, 1_000_000_000L, 828_124_615L});
        double[] b = d.boundaries();
        assertThat(b).hasSize(1000);
        assertThat(d.bucketCount()).isEqualTo(1001);
        assertThat(b[0]).isEqualTo(828_124_615.0);
        assertThat(b[1]).isCloseTo(828_835_000.02002, within(1e-4));
        assertThat(b[500]).isCloseTo(1_183_317_125.01001, within(1e-4));
        assertThat(b[998]).isCloseTo(1_537_088_864.97998, within(1e-4));
        assertThat(b[999]).isEqualTo(1_537_799_250.0);
        assertThat(d.encode(828_124_614L)).isEqualTo(1); // below the minimum: clamped to it
        assertThat(d.encode(828_124_615L)).isEqualTo(1);
        assertThat(d.encode(1_537_799_250L)).isEqualTo(1000);
        assertThat(d.encode(2_000_000_000L)).isEqualTo(1000);
    }

    @Test
    void quantileBoundariesMatchNumpy() {
        // np.quantile(np.arange(100), [0.25, 0.5, 0.75]) = [24.75, 49.5, 74.25]: 25 values per bucket.
        double[] zeroTo99 = IntStream.range(0, 100).asDoubleStream().toArray();
        Discretizer d = Discretizer.quantiles(3).fit(zeroTo99);
        assertThat(d.boundaries()).containsExactly(24.75, 49.5, 74.25);
        int[] perBucket = new int[4];
        for (int bucket : d.encode(zeroTo99)) {
            perBucket[bucket]++;
        }
        assertThat(perBucket).containsExactly(25, 25, 25, 25);

        // np.quantile([3,1,4,1,5,9,2,6,5,3,5], [1/6, 2/6, 3/6, 4/6, 5/6]) = [1.666..., 3, 4, 5, 5.333...].
        Discretizer five = Discretizer.quantiles(5).fit(new long[] {3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5});
        double[] b = five.boundaries();
        assertThat(b[0]).isCloseTo(1.6666666666666665, within(1e-12));
        assertThat(b[1]).isEqualTo(3.0);
        assertThat(b[2]).isEqualTo(4.0);
        assertThat(b[3]).isEqualTo(5.0);
        assertThat(b[4]).isCloseTo(5.333333333333334, within(1e-12));
    }

    @Test
    void constantTrainingDataGivesCoincidingBoundariesNotAnError() {
        for (Discretizer spec : List.of(Discretizer.equalWidth(4), Discretizer.quantiles(4))) {
            Discretizer d = spec.fit(new long[] {7, 7, 7});
            assertThat(d.boundaries()).containsExactly(7, 7, 7, 7);
            assertThat(d.encode(6L)).isEqualTo(4); // clamped to the only training value
            assertThat(d.encode(7L)).isEqualTo(4);
            assertThat(d.bucketCount()).isEqualTo(5);
        }
        assertThat(Discretizer.equalWidth(1).fit(new double[] {3, 8}).boundaries()).containsExactly(3);
    }

    @Test
    void nanAndBadInputAreClearErrors() {
        Discretizer d = Discretizer.equalWidth(3).fit(new double[] {0, 1});
        assertThatThrownBy(() -> d.encode(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
        assertThatThrownBy(() -> d.encode(new double[] {0, Double.NaN}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("index 1");
        assertThatThrownBy(() -> Discretizer.equalWidth(3).fit(new double[] {1, Double.NaN}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("index 1").hasMessageContaining("NaN");
        assertThatThrownBy(() -> Discretizer.quantiles(3).fit(new double[] {Double.POSITIVE_INFINITY}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finite");
        assertThatThrownBy(() -> Discretizer.equalWidth(3).fit(new long[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no values");
        assertThatThrownBy(() -> Discretizer.quantiles(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Property(tries = 300)
    void discretizationIsMonotone(@ForAll @Size(min = 1, max = 200) List<@DoubleRange(min = -1e6, max = 1e6) Double> training,
                                  @ForAll @IntRange(min = 1, max = 50) int boundaries,
                                  @ForAll boolean quantiles,
                                  @ForAll @DoubleRange(min = -2e6, max = 2e6) double a,
                                  @ForAll @DoubleRange(min = -2e6, max = 2e6) double b) {
        Discretizer spec = quantiles ? Discretizer.quantiles(boundaries) : Discretizer.equalWidth(boundaries);
        Discretizer d = spec.fit(training.stream().mapToDouble(Double::doubleValue).toArray());
        double lo = Math.min(a, b);
        double hi = Math.max(a, b);
        assertThat(d.encode(lo)).isLessThanOrEqualTo(d.encode(hi));
        assertThat(d.encode(lo)).isBetween(0, boundaries);
        assertThat(d.encode(hi)).isBetween(0, boundaries);
    }

    @Property(tries = 300)
    void bucketIsTheCountOfBoundariesAtOrBelowTheValue(
            @ForAll @Size(min = 1, max = 100) List<@IntRange(min = -50, max = 50) Integer> training,
            @ForAll @IntRange(min = 1, max = 20) int boundaries,
            @ForAll @IntRange(min = -60, max = 60) int value) {
        // Integer data makes equal boundaries and exact hits on boundaries common. The value is
        // clamped to the training range first.
        long[] values = training.stream().mapToLong(Integer::longValue).toArray();
        Discretizer d = Discretizer.quantiles(boundaries).fit(values);
        double clamped = Math.min(d.max(), Math.max(d.min(), value));
        long atOrBelow = Arrays.stream(d.boundaries()).filter(x -> x <= clamped).count();
        assertThat(d.encode((long) value)).isEqualTo((int) atOrBelow);
        assertThat(d.encode((double) value)).isEqualTo((int) atOrBelow);
        assertThat(d.encode(new long[] {value})).containsExactly((int) atOrBelow);
    }

    @Test
    void jacksonRoundTripGivesAnEqualDiscretizerThatEncodesIdentically() {
        double[] training = {828_124_615, 1_000_000_001.5, 1_537_799_250, 1.25e9};
        for (Discretizer original : List.of(Discretizer.equalWidth(1000).fit(training),
                Discretizer.quantiles(7).fit(training), Discretizer.quantiles(3))) {
            Discretizer copy = Json.roundTrip(original);
            assertThat(copy).isEqualTo(original).hasSameHashCodeAs(original).hasToString(original.toString());
            if (original.isFitted()) {
                assertThat(copy.boundaries()).containsExactly(original.boundaries());
                long[] probe = {0, 828_124_615, 1_100_000_000, 1_250_000_000, 1_537_799_250, 4_000_000_000L};
                assertThat(copy.encode(probe)).containsExactly(original.encode(probe));
            }
        }
        assertThat(Discretizer.equalWidth(3)).isNotEqualTo(Discretizer.quantiles(3));
    }

    @Test
    void malformedJsonIsRejected() {
        String unsorted = "{\"strategy\":\"QUANTILES\",\"boundaryCount\":2,\"boundaries\":[5.0,1.0]}";
        assertThatThrownBy(() -> Json.read(unsorted, Discretizer.class)).hasStackTraceContaining("non-decreasing");
    }
}
