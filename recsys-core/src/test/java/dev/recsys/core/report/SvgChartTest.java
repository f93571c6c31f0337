package dev.recsys.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SvgChartTest {

    @Test
    void linesDrawOnePolylinePerSeriesWithALegend(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("recall.svg");
        SvgChart.lines(file, "Recall@k", "k", "recall", List.of("a<b", "c"), List.of(new double[] {0, 0.5, 1},
                new double[] {0.2, 0.2, 0.2}));
        String svg = Files.readString(file);
        assertThat(svg).startsWith("<svg").endsWith("</svg>\n").contains("a&lt;b");
        assertThat(svg.split("<polyline", -1)).hasSize(3);
        // series "a<b" peaks at the maximum, 1: its last point is at the plot's top (y = 40), x = 700
        assertThat(svg).contains("700.0,40.0'");
    }

    @Test
    void aShorterSeriesEndsEarlyOnTheSharedAxis(@TempDir Path dir) throws Exception {
        // learning curves of different lengths: x runs to the longest (3 points: x = 70, 385, 700);
        // the 2-point series stops at the middle
        Path file = dir.resolve("curve.svg");
        SvgChart.lines(file, "t", "epoch", "y", List.of("long", "short"), List.of(new double[] {1, 1, 1},
                new double[] {1, 1}));
        String svg = Files.readString(file);
        assertThat(svg).contains("points='70.0,40.0 385.0,40.0 700.0,40.0'").contains("points='70.0,40.0 385.0,40.0'");
    }

    @Test
    void linesRejectMismatchedNamesAndEmptySeries(@TempDir Path dir) {
        assertThatThrownBy(() -> SvgChart.lines(dir.resolve("x.svg"), "t", "x", "y", List.of("a", "b"),
                List.of(new double[] {1, 2}, new double[0]))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("every series needs at least one value, found an empty one");
        assertThatThrownBy(() -> SvgChart.lines(dir.resolve("x.svg"), "t", "x", "y", List.of("a"),
                List.of(new double[] {1, 2}, new double[] {1}))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 names and 2 series");
    }
}
