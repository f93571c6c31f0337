package dev.recsys.examples.cli;

import dev.recsys.models.eval.Report;
import dev.recsys.models.train.EpochReport;
import dev.recsys.models.train.TrainingListener;
import java.io.Console;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Training progress on stderr: on a terminal, a live line redrawn a few times a second with the
 * epoch's share done, examples per second and the time left; otherwise (a file, a pipe, CI) one
 * line per epoch. Either way each epoch ends with a line giving its loss and validation metric.
 */
final class Progress implements TrainingListener {
    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintWriter err;
    private final boolean live;
    private final String model;
    private final String metric;
    private final int epochs;
    private long epochStart;
    private int startDone;
    private long lastDraw;
    private int currentEpoch;
    private int drawn;
    private double best = Double.NaN;
    private int bestEpoch;

    /**
     * @param live whether stderr is a terminal (a live line) or not (one line per epoch)
     * @param model the model's name in lines, e.g. "retrieval"
     * @param metric the validation metric watched
     * @param epochs the most epochs the run may take
     */
    Progress(PrintWriter err, boolean live, String model, String metric, int epochs) {
        this.err = err;
        this.live = live;
        this.model = model;
        this.metric = metric;
        this.epochs = epochs;
    }

    /**
     * The listener of one model's training: nothing with {@code --quiet}, else a progress display
     * on {@code err}, live when this JVM talks to a terminal.
     */
    static TrainingListener of(LogOptions log, PrintWriter err, String model, String metric, int epochs) {
        return log.quiet ? report -> { } : new Progress(err, terminal(), model, metric, epochs);
    }

    /**
     * Whether this JVM talks to a terminal (the JDK tells for stdin and stdout together, not stderr
     * alone). From JDK 22 on, {@code System.console()} exists for redirected streams too and
     * {@code Console.isTerminal()} (looked up by reflection: the build targets 17) tells.
     */
    static boolean terminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException e) {
            return true;   // before JDK 22 a console means a terminal
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    @Override
    public void onStep(int epoch, int done, int total, double meanLoss) {
        long now = System.nanoTime();
        if (!live) {
            return;
        }
        if (epoch != currentEpoch) {
            // the rate counts from the end of the epoch's first step: its start is not reported
            currentEpoch = epoch;
            epochStart = now;
            startDone = done;
            lastDraw = now;
            return;
        }
        if (now - lastDraw < REDRAW_NANOS && done < total) {
            return;
        }
        lastDraw = now;
        double rate = (done - startDone) / Math.max(1e-9, (now - epochStart) / 1e9);
        double left = (total - done) / rate + (double) (epochs - epoch) * total / rate;
        draw(String.format(Locale.ROOT, "%s epoch %d/%d %3d%% %,d/%,d examples, %,.0f examples/s, loss %.4f, at most %s"
                + " left", model, epoch, epochs, 100L * done / total, done, total, rate, meanLoss, duration(left)));
    }

    @Override
    public void onEpoch(EpochReport r) {
        Double value = r.metrics().get(metric);
        if (value != null && (Double.isNaN(best)
                || (Report.higherIsBetter(metric) ? value > best : value < best))) {
            best = value;
            bestEpoch = r.epoch();
        }
        String validation = value == null ? ""
                : String.format(Locale.ROOT, ", validation %s %s (best %s at epoch %d)", metric, Report.format(value),
                        Report.format(best), bestEpoch);
        String line = String.format(Locale.ROOT, "%s epoch %d/%d: loss %.4f%s, %,.0f examples/s, %s elapsed, at most %s"
                + " left", model, r.epoch(), epochs, r.loss(), validation, r.examplesPerSecond(),
                duration(r.elapsedSeconds()), duration(r.remainingSeconds()));
        if (live) {
            draw(line);
            err.println();
            drawn = 0;
        } else {
            err.println(line);
        }
        err.flush();
    }

    /** Replaces the live line. */
    private void draw(String line) {
        StringBuilder s = new StringBuilder("\r").append(line);
        for (int i = line.length(); i < drawn; i++) {
            s.append(' ');
        }
        drawn = line.length();
        err.print(s);
        err.flush();
    }

    /** "42 s", "3 min 05 s", "1 h 02 min". */
    static String duration(double seconds) {
        long s = Math.max(0, Math.round(seconds));
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, s % 3600 / 60);
    }
}
