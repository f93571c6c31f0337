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
    void linesRejectMismatchedSeries(@TempDir Path dir) {
        assertThatThrownBy(() -> SvgChart.lines(dir.resolve("x.svg"), "t", "x", "y", List.of("a", "b"),
                List.of(new double[] {1, 2}, new double[] {1}))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected 2 values, found 1");
    }
}
