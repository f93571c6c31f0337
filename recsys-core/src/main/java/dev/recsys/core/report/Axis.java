package dev.recsys.core.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An axis of {@link SvgChart}: its range, where the ticks go and how they print. Linear axes tick
 * on 1, 2 or 5 times a power of ten and cover the data with whole steps; log axes tick on powers of
 * ten (and 2 and 5 times them when the data spans two decades or less); position axes (1..n) tick
 * on whole 1-2-5 steps. Labels are plain decimals with thousands separators, with as many decimals
 * as the step needs.
 */
final class Axis {
    /** About this many intervals between ticks. */
    private static final int TARGET_INTERVALS = 5;

    final double min;
    final double max;
    final boolean log;
    final double[] ticks;
    final String[] labels;

    private Axis(double min, double max, boolean log, double[] ticks, String[] labels) {
        this.min = min;
        this.max = max;
        this.log = log;
        this.ticks = ticks;
        this.labels = labels;
    }

    /** A linear axis covering {@code [lo, hi]} (finite, {@code lo <= hi}) with whole 1-2-5 steps. */
    static Axis linear(double lo, double hi) {
        if (hi - lo <= 0) { // one value: a range around it (from 0 for a non-negative one)
            double span = lo == 0 ? 2 : Math.abs(lo) * 0.2;
            hi = lo + span / 2;
            lo = lo >= 0 ? Math.max(0, lo - span / 2) : lo - span / 2;
        }
        double step = niceStep((hi - lo) / TARGET_INTERVALS);
        double first = Math.floor(lo / step + 1e-9) * step;
        double last = Math.ceil(hi / step - 1e-9) * step;
        int count = (int) Math.round((last - first) / step) + 1;
        int decimals = decimals(step);
        double[] ticks = new double[count];
        String[] labels = new String[count];
        for (int i = 0; i < count; i++) {
            ticks[i] = first + i * step;
            labels[i] = format(ticks[i], decimals);
        }
        return new Axis(first, last, false, ticks, labels);
    }

    /** A log10 axis covering {@code [lo, hi]} ({@code 0 < lo <= hi}) from and to powers of ten. */
    static Axis log(double lo, double hi) {
        int from = (int) Math.floor(Math.log10(lo) + 1e-9);
        int to = (int) Math.ceil(Math.log10(hi) - 1e-9);
        if (to == from) {
            to++;
        }
        boolean fine = to - from <= 2;
        int decadeStep = to - from > 8 ? 2 : 1;
        List<Double> ticks = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int e = from; e <= to; e += decadeStep) {
            for (int m : fine && e < to ? new int[] {1, 2, 5} : new int[] {1}) {
                double v = m * Math.pow(10, e);
                ticks.add(v);
                labels.add(format(v, Math.max(0, -e)));
            }
        }
        return new Axis(Math.pow(10, from), Math.pow(10, to), true, ticks.stream().mapToDouble(Double::doubleValue)
                .toArray(), labels.toArray(String[]::new));
    }

    /** Positions 1..n (n at least 1): ticks at 1 and at the multiples of a whole 1-2-5 step up to n. */
    static Axis positions(int n) {
        int step = (int) Math.max(1, niceStep((n - 1) / (double) (TARGET_INTERVALS + 1)));
        List<Double> ticks = new ArrayList<>();
        ticks.add(1.0);
        for (long v = step; v <= n; v += step) {
            if (v > 1) {
                ticks.add((double) v);
            }
        }
        // a single position sits in the middle
        return new Axis(n == 1 ? 0 : 1, n == 1 ? 2 : n, false, ticks.stream().mapToDouble(Double::doubleValue)
                .toArray(), ticks.stream().map(v -> format(v, 0)).toArray(String[]::new));
    }

    /** Where {@code value} lies between {@link #min} (0) and {@link #max} (1). */
    double fraction(double value) {
        if (log) {
            double lo = Math.log10(min);
            return (Math.log10(Math.max(value, min)) - lo) / (Math.log10(max) - lo);
        }
        return (value - min) / (max - min);
    }

    /** Characters of the longest tick label. */
    int widestLabel() {
        int widest = 0;
        for (String label : labels) {
            widest = Math.max(widest, label.length());
        }
        return widest;
    }

    /**
     * The 1, 2 or 5 times a power of ten nearest to {@code raw} (Heckbert's nice numbers: below
     * 1.5 is 1, below 3 is 2, below 7 is 5, else 10), so that the tick count stays near the target.
     */
    static double niceStep(double raw) {
        if (!(raw > 0)) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double residual = raw / magnitude;
        double nice = residual < 1.5 ? 1 : residual < 3 ? 2 : residual < 7 ? 5 : 10;
        return nice * magnitude;
    }

    /** Decimals a label needs to show multiples of {@code step}: 0 for 1 and above, 1 for 0.5, 2 for 0.05. */
    static int decimals(double step) {
        return Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
    }

    /** {@code value} with {@code decimals} decimals and thousands separators, never scientific, never "-0". */
    static String format(double value, int decimals) {
        String s = String.format(Locale.ROOT, "%,." + decimals + "f", value);
        return s.matches("-0(\\.0*)?") ? s.substring(1) : s;
    }

    /** A value for a tooltip or message: plain, up to 6 significant digits, thousands separators. */
    static String plain(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return format(value, 0);
        }
        int decimals = Math.min(12, Math.max(0, 5 - (int) Math.floor(Math.log10(Math.abs(value)))));
        return format(value, decimals).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "");
    }
}
