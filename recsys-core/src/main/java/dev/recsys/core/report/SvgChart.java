package dev.recsys.core.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A minimal SVG chart writer, no dependency: a bar chart of labelled values, a line of values over
 * their 1-based position with an optional log-scaled y axis, or several named lines with a legend
 * (e.g. Recall@k per model).
 */
public final class SvgChart {
    private static final int WIDTH = 720;
    private static final int HEIGHT = 400;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 40;
    private static final int BOTTOM = 60;

    private SvgChart() {
    }

    private static final String[] COLORS = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
        "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};

    /**
     * Writes a bar chart with one bar per label.
     *
     * @param labels {@code [n]} bar labels
     * @param values {@code [n]} bar heights, {@code >= 0}
     * @throws IOException if the file cannot be written
     */
    public static void bars(Path file, String title, String yLabel, List<String> labels, double[] values) throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(yLabel, "yLabel");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(values, "values");
        double max = max(values);
        double plotWidth = WIDTH - LEFT - RIGHT;
        double slot = plotWidth / values.length;
        StringBuilder svg = header(title, yLabel);
        axisTicks(svg, 0, max, false);
        int labelEvery = Math.max(1, values.length / 20); // keep labels readable on long axes
        for (int i = 0; i < values.length; i++) {
            double h = y(0, max, 0, false) - y(values[i], max, 0, false);
            double x = LEFT + i * slot;
            svg.append(fmt("<rect x='%.1f' y='%.1f' width='%.1f' height='%.1f' fill='#4e79a7'><title>%s: %s</title></rect>%n",
                    x + slot * 0.1, y(values[i], max, 0, false), slot * 0.8, h, escape(labels.get(i)), number(values[i])));
            if (i % labelEvery == 0) {
                svg.append(fmt("<text x='%.1f' y='%d' font-size='11' text-anchor='middle'>%s</text>%n",
                        x + slot / 2, HEIGHT - BOTTOM + 16, escape(labels.get(i))));
            }
        }
        write(file, svg);
    }

    /**
     * Writes values as a line over their 1-based position.
     *
     * @param values {@code [n]}
     * @param logY whether the y axis is log10 (values must then be positive)
     * @throws IOException if the file cannot be written
     */
    public static void line(Path file, String title, String xLabel, String yLabel, double[] values, boolean logY)
            throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(xLabel, "xLabel");
        Objects.requireNonNull(yLabel, "yLabel");
        Objects.requireNonNull(values, "values");
        double max = max(values);
        double min = logY ? Math.max(1e-9, min(values)) : 0;
        StringBuilder svg = header(title, yLabel);
        axisTicks(svg, min, max, logY);
        StringBuilder points = new StringBuilder();
        double plotWidth = WIDTH - LEFT - RIGHT;
        for (int i = 0; i < values.length; i++) {
            double x = LEFT + (values.length == 1 ? 0 : plotWidth * i / (values.length - 1));
            points.append(fmt("%.1f,%.1f ", x, y(values[i], max, min, logY)));
        }
        svg.append(fmt("<polyline fill='none' stroke='#e15759' stroke-width='1.5' points='%s'/>%n", points.toString().trim()));
        svg.append(fmt("<text x='%d' y='%d' font-size='12' text-anchor='middle'>%s</text>%n",
                LEFT + (WIDTH - LEFT - RIGHT) / 2, HEIGHT - 15, escape(xLabel)));
        write(file, svg);
    }

    /**
     * Writes several named lines over a shared 1-based x axis (position i is x = i + 1, up to the
     * longest series; a shorter series ends early), y from 0 to the largest value, with a legend.
     *
     * @param names {@code [lines]} legend entries
     * @param series {@code [lines]} value arrays, at least one value each
     * @throws IllegalArgumentException if the counts differ or a series is empty
     * @throws IOException if the file cannot be written
     */
    public static void lines(Path file, String title, String xLabel, String yLabel, List<String> names,
            List<double[]> series) throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(xLabel, "xLabel");
        Objects.requireNonNull(yLabel, "yLabel");
        Objects.requireNonNull(names, "names");
        Objects.requireNonNull(series, "series");
        if (names.size() != series.size() || series.isEmpty()) {
            throw new IllegalArgumentException("expected one name per series and at least one series, found "
                    + names.size() + " names and " + series.size() + " series");
        }
        int n = 0;
        double max = 0;
        for (double[] values : series) {
            if (values.length == 0) {
                throw new IllegalArgumentException("every series needs at least one value, found an empty one");
            }
            n = Math.max(n, values.length);
            max = Math.max(max, max(values));
        }
        StringBuilder svg = header(title, yLabel);
        axisTicks(svg, 0, max, false);
        double plotWidth = WIDTH - LEFT - RIGHT;
        for (int s = 0; s < series.size(); s++) {
            double[] values = series.get(s);
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < values.length; i++) {
                double x = LEFT + (n == 1 ? 0 : plotWidth * i / (n - 1));
                points.append(fmt("%.1f,%.1f ", x, y(values[i], max, 0, false)));
            }
            String color = COLORS[s % COLORS.length];
            svg.append(fmt("<polyline fill='none' stroke='%s' stroke-width='1.5' points='%s'><title>%s</title></polyline>%n",
                    color, points.toString().trim(), escape(names.get(s))));
            int legendY = TOP + 6 + 16 * s;
            svg.append(fmt("<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='%s' stroke-width='3'/>%n",
                    LEFT + 10, legendY, LEFT + 30, legendY, color));
            svg.append(fmt("<text x='%d' y='%d' font-size='12'>%s</text>%n", LEFT + 36, legendY + 4, escape(names.get(s))));
        }
        svg.append(fmt("<text x='%d' y='%d' font-size='11' text-anchor='middle'>1</text>%n", LEFT, HEIGHT - BOTTOM + 16));
        svg.append(fmt("<text x='%d' y='%d' font-size='11' text-anchor='middle'>%d</text>%n", WIDTH - RIGHT,
                HEIGHT - BOTTOM + 16, n));
        svg.append(fmt("<text x='%d' y='%d' font-size='12' text-anchor='middle'>%s</text>%n",
                LEFT + (WIDTH - LEFT - RIGHT) / 2, HEIGHT - 15, escape(xLabel)));
        write(file, svg);
    }

    private static StringBuilder header(String title, String yLabel) {
        StringBuilder svg = new StringBuilder();
        svg.append(fmt("<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' font-family='sans-serif'>%n", WIDTH, HEIGHT));
        svg.append(fmt("<rect width='100%%' height='100%%' fill='white'/>%n"));
        svg.append(fmt("<text x='%d' y='24' font-size='16' text-anchor='middle'>%s</text>%n", WIDTH / 2, escape(title)));
        svg.append(fmt("<text x='16' y='%d' font-size='12' text-anchor='middle' transform='rotate(-90 16 %d)'>%s</text>%n",
                HEIGHT / 2, HEIGHT / 2, escape(yLabel)));
        svg.append(fmt("<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='black'/>%n", LEFT, TOP, LEFT, HEIGHT - BOTTOM));
        svg.append(fmt("<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='black'/>%n",
                LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM));
        return svg;
    }

    private static void axisTicks(StringBuilder svg, double min, double max, boolean logY) {
        int ticks = 5;
        for (int t = 0; t <= ticks; t++) {
            double value = logY
                    ? Math.pow(10, Math.log10(min) + (Math.log10(max) - Math.log10(min)) * t / ticks)
                    : min + (max - min) * t / ticks;
            double y = y(value, max, min, logY);
            svg.append(fmt("<line x1='%d' y1='%.1f' x2='%d' y2='%.1f' stroke='#ddd'/>%n", LEFT, y, WIDTH - RIGHT, y));
            svg.append(fmt("<text x='%d' y='%.1f' font-size='11' text-anchor='end'>%s</text>%n", LEFT - 6, y + 4, number(value)));
        }
    }

    private static double y(double value, double max, double min, boolean logY) {
        double plotHeight = HEIGHT - TOP - BOTTOM;
        double fraction;
        if (logY) {
            double lo = Math.log10(min);
            double hi = Math.log10(max);
            fraction = hi == lo ? 1 : (Math.log10(Math.max(value, min)) - lo) / (hi - lo);
        } else {
            fraction = max == min ? 0 : (value - min) / (max - min);
        }
        return HEIGHT - BOTTOM - fraction * plotHeight;
    }

    private static double max(double[] values) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            m = Math.max(m, v);
        }
        return values.length == 0 ? 1 : m;
    }

    private static double min(double[] values) {
        double m = Double.POSITIVE_INFINITY;
        for (double v : values) {
            m = Math.min(m, v);
        }
        return m;
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : fmt("%.3g", v);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&apos;");
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    private static void write(Path file, StringBuilder svg) throws IOException {
        svg.append("</svg>\n");
        Files.writeString(file, svg, StandardCharsets.UTF_8);
    }
}
