package dev.recsys.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SvgChartTest {

    /** A number in scientific notation in a text node (colours such as #4e79a7 are attributes). */
    private static final Pattern SCIENTIFIC = Pattern.compile(">[^<]*\\d[eE][+-]?\\d[^<]*<");
    private static final Pattern TICK_LABEL = Pattern.compile("<text x='([0-9.]+)' y='[0-9.]+' font-size='11'"
            + " text-anchor='end'>([^<]*)</text>");

    @Test
    void linesDrawOnePolylinePerSeriesWithALegendAboveThePlot(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("recall.svg");
        SvgChart.lines(file, "Recall@k", "k", "recall", List.of("a<b", "c"), List.of(new double[] {0, 0.5, 1},
                new double[] {0.2, 0.2, 0.2}));
        String svg = Files.readString(file);
        assertThat(svg).startsWith("<svg").endsWith("</svg>\n").contains("a&lt;b");
        assertThat(svg.split("<polyline", -1)).hasSize(3);
        // y axis 0 to 1 in steps of 0.2 (labels "0.0".."1.0", 3 characters): left = 30 + 3 * 7 + 8 = 59;
        // one legend row lifts the plot's top from 40 to 58; right edge 720 - 24 = 696.
        // "a<b" ends at 1, the top of the axis: x = 696, y = 58; it starts at 0 at x = 59, y = 400 + 18 - 56 = 362
        assertThat(svg).contains("points='59.0,362.0 377.5,210.0 696.0,58.0'");
    }

    @Test
    void aShorterSeriesEndsEarlyOnTheSharedAxis(@TempDir Path dir) throws Exception {
        // learning curves of different lengths: x runs to the longest (3 points: x = 59, 377.5, 696);
        // the 2-point series stops at the middle
        Path file = dir.resolve("curve.svg");
        SvgChart.lines(file, "t", "epoch", "y", List.of("long", "short"), List.of(new double[] {1, 1, 1},
                new double[] {1, 1}));
        String svg = Files.readString(file);
        assertThat(svg).contains("points='59.0,58.0 377.5,58.0 696.0,58.0'").contains("points='59.0,58.0 377.5,58.0'");
    }

    @Test
    void linesRejectMismatchedNamesEmptyAndInfiniteSeries(@TempDir Path dir) {
        assertThatThrownBy(() -> SvgChart.lines(dir.resolve("x.svg"), "t", "x", "y", List.of("a", "b"),
                List.of(new double[] {1, 2}, new double[0]))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("every series needs at least one value, found an empty one");
        assertThatThrownBy(() -> SvgChart.lines(dir.resolve("x.svg"), "t", "x", "y", List.of("a"),
                List.of(new double[] {1, 2}, new double[] {1}))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 names and 2 series");
        assertThatThrownBy(() -> SvgChart.lines(dir.resolve("x.svg"), "t", "x", "y", List.of("a"),
                List.of(new double[] {1, Double.POSITIVE_INFINITY}))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("finite");
    }

    @Test
    void manyLegendEntriesWrapIntoRowsAboveThePlot(@TempDir Path dir) throws Exception {
        List<String> names = IntStream.range(0, 10).mapToObj(i -> "model-number-" + i).toList();
        List<double[]> series = names.stream().map(n -> new double[] {1, 2}).toList();
        Path file = dir.resolve("many.svg");
        SvgChart.lines(file, "t", "x", "y", names, series);
        String svg = Files.readString(file);
        // an entry is 30 + 14 * 7 + 16 = 144 px wide; from x = 59 to 696 four fit in a row: 3 rows,
        // so the plot starts at 40 + 3 * 18 = 94 and the chart is 400 + 54 = 454 px high
        assertThat(svg).contains("height='454'").contains("<line x1='59' y1='94' x2='59' y2='398' stroke='black'/>");
    }

    @Test
    void barLabelsAreThinnedSoThatTheyDoNotOverlap(@TempDir Path dir) throws Exception {
        List<String> years = IntStream.rangeClosed(1996, 2018).mapToObj(String::valueOf).toList();
        double[] counts = IntStream.rangeClosed(1996, 2018).mapToDouble(y -> 10061).toArray();
        Path file = dir.resolve("years.svg");
        SvgChart.bars(file, "Ratings per year", "ratings", years, counts);
        String svg = Files.readString(file);
        // 23 slots over 720 - 24 - 80 = 616 px (left 30 + 6 * 7 + 8 = 80 for "12,000") are 26.8 px;
        // a year label is 4 * 7 + 8 = 36 px: every 2nd label
        assertThat(svg).contains(">1996</text>").contains(">1998</text>").contains(">2018</text>")
                .doesNotContain(">1997</text>").doesNotContain(">2017</text>");
        // 10,061 on 1-2-5 steps: 0 to 12,000 by 2,000, never 8.05e+03
        assertThat(tickLabels(svg)).containsExactly("0", "2,000", "4,000", "6,000", "8,000", "10,000", "12,000");
        assertThat(SCIENTIFIC.matcher(svg).find()).isFalse();
    }

    @Test
    void aLogAxisTicksOnPowersOfTenAndTheYTitleClearsTheTickLabels(@TempDir Path dir) throws Exception {
        double[] perMovie = IntStream.range(0, 9742).mapToDouble(i -> Math.max(1, 329.0 / (1 + i / 10.0))).toArray();
        Path file = dir.resolve("log.svg");
        SvgChart.line(file, "Ratings per movie", "movies", "ratings", perMovie, true);
        String svg = Files.readString(file);
        assertThat(tickLabels(svg)).containsExactly("1", "10", "100", "1,000");
        assertThat(svg).contains(">2,000</text>").contains(">8,000</text>"); // x: 1-2-5 steps of positions
        assertThat(SCIENTIFIC.matcher(svg).find()).isFalse();
        // the y title is 12 px high, centred at x = 16 (so it ends by x = 22); every tick label,
        // right-aligned at its x and 7 px per character wide, starts right of it
        Matcher m = TICK_LABEL.matcher(svg);
        while (m.find()) {
            assertThat(Double.parseDouble(m.group(1)) - 7 * m.group(2).length()).isGreaterThan(22);
        }
    }

    @Test
    void aLogAxisNeedsPositiveValues(@TempDir Path dir) {
        assertThatThrownBy(() -> SvgChart.line(dir.resolve("x.svg"), "t", "x", "y", new double[] {0, 1}, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a log axis needs positive values, found 0");
    }

    @Test
    void aLearningCurveHasAMetricPanelALossPanelAndTheBestEpoch(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("learning.svg");
        double[] metric = {Double.NaN, 0.21, Double.NaN, 0.30};
        double[] loss = {6.2, 5.6, 5.3, 5.1};
        SvgChart.learningCurve(file, "retrieval", "factorizedTop@100", metric, loss, 4);
        String svg = Files.readString(file);
        assertThat(svg).contains("validation factorizedTop@100").contains("training loss").contains("best epoch 4")
                .contains("stroke-dasharray");
        assertThat(svg.split("<polyline", -1)).hasSize(3);
        // epochs not evaluated are gaps: the metric line has 2 points, the loss line 4
        List<Integer> pointCounts = new ArrayList<>();
        Matcher m = Pattern.compile("points='([^']*)'").matcher(svg);
        while (m.find()) {
            pointCounts.add(m.group(1).split(" ").length);
        }
        assertThat(pointCounts).containsExactly(2, 4);
        // metric 0.21 to 0.30: raw step 0.018 rounds to 0.02, ticks 0.20 to 0.30; loss 5.1 to 6.2: step 0.2
        assertThat(tickLabels(svg)).containsExactly("0.20", "0.22", "0.24", "0.26", "0.28", "0.30",
                "5.0", "5.2", "5.4", "5.6", "5.8", "6.0", "6.2");
    }

    @Test
    void aLearningCurveWithoutValidationDrawsTheLossAlone(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("loss.svg");
        SvgChart.learningCurve(file, "t", "rmse", new double[0], new double[] {0.9, 0.8}, 0);
        String svg = Files.readString(file);
        assertThat(svg.split("<polyline", -1)).hasSize(2);
        assertThat(svg).doesNotContain("validation").doesNotContain("best epoch");
        assertThatThrownBy(() -> SvgChart.learningCurve(file, "t", "m", new double[] {1}, new double[] {1, 2}, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected one metric value per epoch (2), found 1");
        assertThatThrownBy(() -> SvgChart.learningCurve(file, "t", "m", new double[0], new double[] {1}, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("best epoch must be in [0, 1], found 2");
    }

    private static List<String> tickLabels(String svg) {
        List<String> labels = new ArrayList<>();
        Matcher m = TICK_LABEL.matcher(svg);
        while (m.find()) {
            labels.add(m.group(2));
        }
        return labels;
    }
}
