package dev.recsys.core.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A minimal SVG chart writer, no dependency: a bar chart of labelled values, a line of values over
 * their 1-based position with an optional log-scaled y axis, several named lines with a legend
 * (e.g. Recall@k per model), and a learning curve (a validation metric and the training loss per
 * epoch, in two panels).
 *
 * <p>Made to be read: linear axes tick on steps of 1, 2 or 5 times a power of ten, log axes on
 * powers of ten; numbers print as plain decimals with thousands separators ({@code 10,000},
 * {@code 0.25}), never in scientific notation; category labels are thinned so that they do not
 * run into each other; the margin grows with the widest tick label so that the y-axis title never
 * touches it; legends sit above the plot, not on the lines.
 */
public final class SvgChart {
    private static final int WIDTH = 720;
    private static final int HEIGHT = 400;
    private static final int RIGHT = 24;
    private static final int TOP = 40;
    private static final int BOTTOM = 56;
    private static final int TICK_FONT = 11;
    /** Width of a character of an 11 px sans-serif label, rounded up (DejaVu Sans digits are 7.0 px). */
    private static final double CHAR_WIDTH = 7.0;
    private static final int LEGEND_ROW = 18;
    private static final String[] COLORS = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
        "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};

    private SvgChart() {
    }

    /**
     * Writes a bar chart with one bar per label, the y axis from 0.
     *
     * @param labels {@code [n]} bar labels, shown as many as fit without overlapping
     * @param values {@code [n]} bar heights, {@code >= 0}
     * @throws IllegalArgumentException if the counts differ or a value is negative or not finite
     * @throws IOException if the file cannot be written
     */
    public static void bars(Path file, String title, String yLabel, List<String> labels, double[] values) throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(yLabel, "yLabel");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(values, "values");
        if (labels.size() != values.length) {
            throw new IllegalArgumentException("expected one label per value, found " + labels.size() + " labels and "
                    + values.length + " values");
        }
        for (double v : values) {
            if (!(v >= 0 && v < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("bar values must be finite and >= 0, found " + v);
            }
        }
        Axis y = Axis.linear(0, max(values, 0));
        Frame frame = new Frame(y, TOP, HEIGHT - BOTTOM);
        StringBuilder svg = document(HEIGHT, title);
        frame.drawY(svg, yLabel);
        double slot = frame.width() / Math.max(1, values.length);
        int widest = labels.stream().mapToInt(String::length).max().orElse(0);
        int every = labelEvery(slot, widest * CHAR_WIDTH + 8);
        for (int i = 0; i < values.length; i++) {
            double x = frame.left + i * slot;
            double top = frame.y(values[i]);
            svg.append(fmt("<rect x='%.1f' y='%.1f' width='%.1f' height='%.1f' fill='%s'><title>%s: %s</title></rect>%n",
                    x + slot * 0.1, top, slot * 0.8, frame.bottom - top, COLORS[0], escape(labels.get(i)),
                    Axis.plain(values[i])));
            if (i % every == 0) {
                svg.append(fmt("<text x='%.1f' y='%d' font-size='%d' text-anchor='middle'>%s</text>%n", x + slot / 2,
                        frame.bottom + 16, TICK_FONT, escape(labels.get(i))));
            }
        }
        frame.drawBaseline(svg);
        write(file, svg);
    }

    /**
     * Writes values as a line over their 1-based position, the y axis from 0 (linear) or around
     * the values (log).
     *
     * @param values {@code [n]}, at least one, finite
     * @param logY whether the y axis is log10 (values must then be positive)
     * @throws IllegalArgumentException if there is no value, one is not finite, or one is not
     *     positive on a log axis
     * @throws IOException if the file cannot be written
     */
    public static void line(Path file, String title, String xLabel, String yLabel, double[] values, boolean logY)
            throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(xLabel, "xLabel");
        Objects.requireNonNull(yLabel, "yLabel");
        Objects.requireNonNull(values, "values");
        checkSeries(values);
        if (logY && min(values) <= 0) {
            throw new IllegalArgumentException("a log axis needs positive values, found " + Axis.plain(min(values)));
        }
        Axis y = logY ? Axis.log(min(values), max(values, 0)) : Axis.linear(0, max(values, 0));
        Frame frame = new Frame(y, TOP, HEIGHT - BOTTOM);
        StringBuilder svg = document(HEIGHT, title);
        frame.drawY(svg, yLabel);
        Axis x = Axis.positions(values.length);
        frame.drawX(svg, x, xLabel, HEIGHT - 14);
        svg.append(polyline(frame, x, values, COLORS[2], null));
        frame.drawBaseline(svg);
        write(file, svg);
    }

    /**
     * Writes several named lines over a shared 1-based x axis (position i is x = i + 1, up to the
     * longest series; a shorter series ends early), y from 0, with a legend above the plot. A NaN
     * value is a gap: the line joins the finite values around it.
     *
     * @param names {@code [lines]} legend entries
     * @param series {@code [lines]} value arrays, at least one value each, finite or NaN
     * @throws IllegalArgumentException if the counts differ, a series is empty or holds an infinity
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
            checkSeries(values);
            n = Math.max(n, values.length);
            max = max(values, max);
        }
        Axis y = Axis.linear(0, max);
        int legendRows = legendLayout(Frame.leftOf(y), names).size();
        int top = TOP + legendRows * LEGEND_ROW;
        int height = HEIGHT + legendRows * LEGEND_ROW;
        Frame frame = new Frame(y, top, height - BOTTOM);
        StringBuilder svg = document(height, title);
        frame.drawY(svg, yLabel);
        Axis x = Axis.positions(n);
        frame.drawX(svg, x, xLabel, height - 14);
        for (int s = 0; s < series.size(); s++) {
            svg.append(polyline(frame, x, series.get(s), COLORS[s % COLORS.length], names.get(s)));
        }
        legend(svg, frame.left, TOP, names, COLORS);
        frame.drawBaseline(svg);
        write(file, svg);
    }

    /**
     * Writes a learning curve: a validation metric per epoch in the upper panel and the training
     * loss per epoch in the lower one, on a shared epoch axis, each y axis fitted to its values
     * (not from 0, so that small changes show), with the best epoch marked by a dashed line.
     *
     * @param metricName the validation metric, e.g. "factorizedTop@100"
     * @param metric {@code [epochs]} validation values, NaN for epochs not evaluated; all NaN or
     *     empty for a run without validation (then only the loss panel is drawn)
     * @param loss {@code [epochs]} mean training loss per epoch, finite
     * @param bestEpoch the 1-based epoch to mark, 0 for none
     * @throws IllegalArgumentException if there is no loss, the metric has another length than the
     *     loss (when not empty), a value is infinite, or the best epoch is out of range
     * @throws IOException if the file cannot be written
     */
    public static void learningCurve(Path file, String title, String metricName, double[] metric, double[] loss,
            int bestEpoch) throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(metricName, "metricName");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(loss, "loss");
        checkSeries(loss);
        if (loss.length == 0 || Double.isNaN(min(loss))) {
            throw new IllegalArgumentException("expected a finite training loss for every epoch, found "
                    + java.util.Arrays.toString(loss));
        }
        if (metric.length != 0 && metric.length != loss.length) {
            throw new IllegalArgumentException("expected one metric value per epoch (" + loss.length + "), found "
                    + metric.length);
        }
        checkSeries(metric);
        if (bestEpoch < 0 || bestEpoch > loss.length) {
            throw new IllegalArgumentException("best epoch must be in [0, " + loss.length + "], found " + bestEpoch);
        }
        boolean validated = metric.length > 0 && !Double.isNaN(max(metric, Double.NaN));
        int panel = 230;
        int gap = 40;
        int height = TOP + (validated ? 2 * panel + gap : panel) + BOTTOM;
        StringBuilder svg = document(height, title);
        Axis x = Axis.positions(loss.length);
        List<Frame> frames = new ArrayList<>();
        if (validated) {
            Frame upper = new Frame(Axis.linear(min(metric), max(metric, Double.NaN)), TOP, TOP + panel);
            frames.add(upper);
        }
        int lossTop = validated ? TOP + panel + gap : TOP;
        frames.add(new Frame(Axis.linear(min(loss), max(loss, Double.NaN)), lossTop, lossTop + panel));
        int left = frames.stream().mapToInt(f -> f.left).max().getAsInt();
        for (Frame f : frames) {
            f.left = left; // align the panels on the widest tick labels
        }
        if (validated) {
            Frame upper = frames.get(0);
            upper.drawY(svg, "validation " + metricName);
            upper.drawGridX(svg, x);
            svg.append(polyline(upper, x, metric, COLORS[0], "validation " + metricName));
            upper.drawBaseline(svg);
        }
        Frame lower = frames.get(frames.size() - 1);
        lower.drawY(svg, "training loss");
        lower.drawX(svg, x, "epoch", height - 14);
        svg.append(polyline(lower, x, loss, COLORS[1], "training loss"));
        lower.drawBaseline(svg);
        if (bestEpoch > 0) {
            double bx = frames.get(0).x(x, bestEpoch);
            svg.append(fmt("<line x1='%.1f' y1='%d' x2='%.1f' y2='%d' stroke='#555' stroke-dasharray='4 3'/>%n", bx,
                    frames.get(0).top, bx, lower.bottom));
            String label = "best epoch " + bestEpoch;
            boolean rightOfLine = bx + 6 + label.length() * CHAR_WIDTH < WIDTH - RIGHT;
            svg.append(fmt("<text x='%.1f' y='%d' font-size='%d' text-anchor='%s' fill='#555'>%s</text>%n",
                    rightOfLine ? bx + 6 : bx - 6, frames.get(0).top + 12, TICK_FONT, rightOfLine ? "start" : "end",
                    label));
        }
        write(file, svg);
    }

    private static void checkSeries(double[] values) {
        for (double v : values) {
            if (Double.isInfinite(v)) {
                throw new IllegalArgumentException("chart values must be finite (or NaN for a gap), found " + v);
            }
        }
    }

    /** A plot area with its y axis: where values land, and how its axes are drawn. */
    private static final class Frame {
        final Axis y;
        final int top;
        final int bottom;
        int left;

        Frame(Axis y, int top, int bottom) {
            this.y = y;
            this.top = top;
            this.bottom = bottom;
            this.left = leftOf(y);
        }

        /** The plot's left edge: the y title band (12 px font, centred at 16), a gap, the widest tick label, the tick. */
        static int leftOf(Axis y) {
            return 30 + (int) Math.ceil(y.widestLabel() * CHAR_WIDTH) + 8;
        }

        double width() {
            return WIDTH - RIGHT - left;
        }

        double y(double value) {
            return bottom - y.fraction(value) * (bottom - top);
        }

        double x(Axis x, double position) {
            return left + x.fraction(position) * width();
        }

        void drawY(StringBuilder svg, String title) {
            for (int t = 0; t < y.ticks.length; t++) {
                double at = y(y.ticks[t]);
                svg.append(fmt("<line x1='%d' y1='%.1f' x2='%d' y2='%.1f' stroke='#e3e3e3'/>%n", left, at, WIDTH - RIGHT,
                        at));
                svg.append(fmt("<text x='%d' y='%.1f' font-size='%d' text-anchor='end'>%s</text>%n", left - 6, at + 4,
                        TICK_FONT, y.labels[t]));
            }
            int middle = (top + bottom) / 2;
            svg.append(fmt("<text x='16' y='%d' font-size='12' text-anchor='middle' transform='rotate(-90 16 %d)'>%s</text>%n",
                    middle, middle, escape(title)));
            svg.append(fmt("<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='black'/>%n", left, top, left, bottom));
        }

        void drawGridX(StringBuilder svg, Axis x) {
            for (double tick : x.ticks) {
                double at = x(x, tick);
                svg.append(fmt("<line x1='%.1f' y1='%d' x2='%.1f' y2='%d' stroke='black'/>%n", at, bottom, at, bottom + 4));
            }
        }

        void drawX(StringBuilder svg, Axis x, String title, int titleY) {
            for (int t = 0; t < x.ticks.length; t++) {
                double at = x(x, x.ticks[t]);
                svg.append(fmt("<line x1='%.1f' y1='%d' x2='%.1f' y2='%d' stroke='black'/>%n", at, bottom, at, bottom + 4));
                svg.append(fmt("<text x='%.1f' y='%d' font-size='%d' text-anchor='middle'>%s</text>%n", at, bottom + 17,
                        TICK_FONT, x.labels[t]));
            }
            svg.append(fmt("<text x='%.1f' y='%d' font-size='12' text-anchor='middle'>%s</text>%n", left + width() / 2,
                    titleY, escape(title)));
        }

        void drawBaseline(StringBuilder svg) {
            svg.append(fmt("<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='black'/>%n", left, bottom, WIDTH - RIGHT, bottom));
        }
    }

    /** The finite values of a series as one polyline (NaN values skipped), with dots when there are few. */
    private static String polyline(Frame frame, Axis x, double[] values, String color, String name) {
        StringBuilder points = new StringBuilder();
        StringBuilder dots = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (Double.isNaN(values[i])) {
                continue;
            }
            double px = frame.x(x, i + 1);
            double py = frame.y(values[i]);
            points.append(fmt("%.1f,%.1f ", px, py));
            if (values.length <= 40) {
                dots.append(fmt("<circle cx='%.1f' cy='%.1f' r='2.5' fill='%s'/>%n", px, py, color));
            }
        }
        String tooltip = name == null ? "" : "<title>" + escape(name) + "</title>";
        return fmt("<polyline fill='none' stroke='%s' stroke-width='1.5' points='%s'>%s</polyline>%n", color,
                points.toString().trim(), tooltip) + dots;
    }

    /** The legend's rows: entries laid left to right from {@code left}, wrapping at the chart's width. */
    private static List<List<Integer>> legendLayout(int left, List<String> names) {
        List<List<Integer>> rows = new ArrayList<>();
        List<Integer> row = new ArrayList<>();
        double x = left;
        for (int i = 0; i < names.size(); i++) {
            double width = 30 + names.get(i).length() * CHAR_WIDTH + 16;
            if (!row.isEmpty() && x + width > WIDTH - RIGHT) {
                rows.add(row);
                row = new ArrayList<>();
                x = left;
            }
            row.add(i);
            x += width;
        }
        rows.add(row);
        return rows;
    }

    private static void legend(StringBuilder svg, int left, int top, List<String> names, String[] colors) {
        List<List<Integer>> rows = legendLayout(left, names);
        for (int r = 0; r < rows.size(); r++) {
            double x = left;
            int y = top + 4 + r * LEGEND_ROW;
            for (int i : rows.get(r)) {
                String color = colors[i % colors.length];
                svg.append(fmt("<line x1='%.1f' y1='%d' x2='%.1f' y2='%d' stroke='%s' stroke-width='3'/>%n", x, y,
                        x + 24, y, color));
                svg.append(fmt("<text x='%.1f' y='%d' font-size='12'>%s</text>%n", x + 30, y + 4, escape(names.get(i))));
                x += 30 + names.get(i).length() * CHAR_WIDTH + 16;
            }
        }
    }

    /** Show every k-th of labels {@code labelWidth} wide in slots {@code slot} wide, k in 1, 2, 5, 10, 20, ... */
    static int labelEvery(double slot, double labelWidth) {
        int every = 1;
        for (int step = 0; every * slot < labelWidth; step++) {
            every = (step % 3 == 1 ? 5 * every / 2 : 2 * every); // 1, 2, 5, 10, 20, 50, ...
        }
        return every;
    }

    private static StringBuilder document(int height, String title) {
        StringBuilder svg = new StringBuilder();
        svg.append(fmt("<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' font-family='sans-serif'>%n", WIDTH,
                height));
        svg.append(fmt("<rect width='100%%' height='100%%' fill='white'/>%n"));
        svg.append(fmt("<text x='%d' y='24' font-size='16' text-anchor='middle'>%s</text>%n", WIDTH / 2, escape(title)));
        return svg;
    }

    /** The largest of {@code values} and {@code floor}, NaN values ignored. */
    private static double max(double[] values, double floor) {
        double m = floor;
        for (double v : values) {
            if (!Double.isNaN(v) && (Double.isNaN(m) || v > m)) {
                m = v;
            }
        }
        return m;
    }

    /** The smallest of {@code values}, NaN values ignored; NaN when all are. */
    private static double min(double[] values) {
        double m = Double.NaN;
        for (double v : values) {
            if (!Double.isNaN(v) && (Double.isNaN(m) || v < m)) {
                m = v;
            }
        }
        return m;
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
