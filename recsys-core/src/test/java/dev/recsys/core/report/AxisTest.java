package dev.recsys.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

class AxisTest {

    @Test
    void linearAxesStepOnOneTwoOrFiveTimesAPowerOfTen() {
        // 10,061 / 5 = 2,012: nearest nice step 2,000; 0 to 12,000
        assertThat(Axis.linear(0, 10_061).labels).containsExactly("0", "2,000", "4,000", "6,000", "8,000", "10,000",
                "12,000");
        // 0.12 to 0.3262: (0.2062) / 5 = 0.041, nearest nice step 0.05; 0.10 to 0.35 with 2 decimals
        assertThat(Axis.linear(0.12, 0.3262).labels).containsExactly("0.10", "0.15", "0.20", "0.25", "0.30", "0.35");
        // 0 to 3.19: 0.638 -> 0.5
        assertThat(Axis.linear(0, 3.19).labels).containsExactly("0.0", "0.5", "1.0", "1.5", "2.0", "2.5", "3.0", "3.5");
        // negative values and no "-0"
        // -1 to 1: 0.4 -> 0.5
        assertThat(Axis.linear(-1, 1).labels).containsExactly("-1.0", "-0.5", "0.0", "0.5", "1.0");
        assertThat(Axis.linear(-0.5, 0.5).labels).contains("0.0").doesNotContain("-0.0");
    }

    @Test
    void aSingleValueGetsARangeAroundIt() {
        assertThat(Axis.linear(0, 0).labels).containsExactly("0.0", "0.2", "0.4", "0.6", "0.8", "1.0");
        Axis five = Axis.linear(5, 5);
        assertThat(five.min).isLessThan(5);
        assertThat(five.max).isGreaterThan(5);
    }

    @Test
    void logAxesTickOnPowersOfTenAndOnTwoAndFiveTimesThemOverTwoDecadesOrLess() {
        assertThat(Axis.log(1, 329).labels).containsExactly("1", "10", "100", "1,000");
        assertThat(Axis.log(3, 40).labels).containsExactly("1", "2", "5", "10", "20", "50", "100");
        assertThat(Axis.log(0.002, 0.5).labels).containsExactly("0.001", "0.01", "0.1", "1");
        // more than 8 decades: every other power of ten
        assertThat(Axis.log(1, 1e10).labels).containsExactly("1", "100", "10,000", "1,000,000", "100,000,000",
                "10,000,000,000");
    }

    @Test
    void positionsTickAtOneAndAtWholeNiceSteps() {
        assertThat(Axis.positions(9742).labels).containsExactly("1", "2,000", "4,000", "6,000", "8,000");
        assertThat(Axis.positions(12).labels).containsExactly("1", "2", "4", "6", "8", "10", "12");
        assertThat(Axis.positions(100).labels).containsExactly("1", "20", "40", "60", "80", "100");
        assertThat(Axis.positions(3).labels).containsExactly("1", "2", "3");
        assertThat(Axis.positions(1).fraction(1)).isEqualTo(0.5);
    }

    @Test
    void numbersAreNeverScientific() {
        assertThat(Axis.format(1e9, 0)).isEqualTo("1,000,000,000");
        assertThat(Axis.plain(8050.5)).isEqualTo("8,050.5");
        assertThat(Axis.plain(0.00012345)).isEqualTo("0.00012345");
        assertThat(Axis.plain(2.0 / 3)).isEqualTo("0.666667");
        assertThat(Axis.plain(3)).isEqualTo("3");
    }

    @Test
    void labelsThinOnOneTwoFiveSteps() {
        assertThat(SvgChart.labelEvery(40, 36)).isEqualTo(1);
        assertThat(SvgChart.labelEvery(26.8, 36)).isEqualTo(2);
        assertThat(SvgChart.labelEvery(10, 36)).isEqualTo(5);
        assertThat(SvgChart.labelEvery(2, 36)).isEqualTo(20);
    }

    @Property(tries = 300)
    void aLinearAxisCoversItsDataWithFourToElevenTicks(@ForAll @DoubleRange(min = -1e9, max = 1e9) double a,
            @ForAll @DoubleRange(min = 0, max = 1e9) double span) {
        Axis axis = Axis.linear(a, a + span);
        double slack = 1e-9 * Math.max(1, Math.abs(a) + span); // rounding of the step multiples
        assertThat(axis.min).isLessThanOrEqualTo(a + slack);
        assertThat(axis.max).isGreaterThanOrEqualTo(a + span - slack);
        assertThat(axis.ticks.length).isBetween(2, 11);
        assertThat(Arrays.stream(axis.labels).noneMatch(l -> l.contains("E") || l.contains("e"))).isTrue();
        assertThat(Arrays.stream(axis.labels).distinct().count()).isEqualTo(axis.labels.length);
    }
}
