package io.sparsim.cli;

import io.sparsim.reports.Progress;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress of long work on stderr, shown only once the work has run ~2 s. On a terminal it redraws one bar
 * line in place; otherwise (a log, CI) it prints a plain line every few seconds, so logs stay readable.
 * Written here rather than taken from a library: the popular one (me.tongfei:progressbar) pulls in JLine
 * for terminal width, a megabyte for one line of output, and this needs neither colours nor widths.
 */
final class ProgressBar implements Progress {
    /** Work shorter than this shows nothing. */
    static final long QUIET_NANOS = 2_000_000_000L;
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final long PLAIN_NANOS = 5_000_000_000L;
    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final boolean tty;
    private final LongSupplier clock;
    private String task = "";
    private long total;
    private long done;
    private long started;
    private long lastShown;
    private boolean shown;

    ProgressBar(PrintWriter err, boolean tty, LongSupplier clock) {
        this.err = err;
        this.tty = tty;
        this.clock = clock;
    }

    /** A bar on {@code err}, drawn in place when the process's stderr is a terminal. */
    static ProgressBar on(PrintWriter err) {
        return new ProgressBar(err, stderrIsTerminal(), System::nanoTime);
    }

    private static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (Exception e) {
            return false; // not Linux, or not readable: plain lines are always safe
        }
    }

    /**
     * Runs {@code work}, whose steps are not counted (one long simulation), showing the time it has taken once
     * it passes ~2 s: a ticking line on a terminal, a plain line every few seconds otherwise.
     */
    static <T> T during(PrintWriter err, String task, java.util.function.Supplier<T> work) {
        ProgressBar bar = on(err);
        bar.start(task, 0);
        java.util.concurrent.ScheduledExecutorService ticker =
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "sparsim-progress");
                    t.setDaemon(true);
                    return t;
                });
        ticker.scheduleAtFixedRate(bar::tick, 100, 100, java.util.concurrent.TimeUnit.MILLISECONDS);
        try {
            return work.get();
        } finally {
            ticker.shutdownNow();
            bar.finish();
        }
    }

    /** Shows the elapsed time of uncounted work. */
    synchronized void tick() {
        long now = clock.getAsLong();
        if (!due(now)) {
            return;
        }
        double seconds = (now - started) / 1e9;
        if (tty) {
            err.printf(Locale.ROOT, "\r%s: working, %.1f s\033[K", task, seconds);
        } else {
            err.printf(Locale.ROOT, "%s: working, %.0f s%n", task, seconds);
        }
        err.flush();
    }

    @Override
    public synchronized void start(String task, long total) {
        this.task = task;
        this.total = total;
        this.done = 0;
        this.started = clock.getAsLong();
        this.lastShown = started;
        this.shown = false;
    }

    @Override
    public synchronized void step(String label) {
        done++;
        long now = clock.getAsLong();
        if (!due(now)) {
            return;
        }
        double seconds = (now - started) / 1e9;
        long of = Math.max(total, done);
        int pct = (int) (100 * done / Math.max(1, of));
        if (tty) {
            int filled = (int) (WIDTH * done / Math.max(1, of));
            double eta = done == 0 ? 0 : seconds * (of - done) / done;
            String line = String.format(Locale.ROOT, "\r%s [%s%s] %3d%% %d/%d, %.0f s left  %s", task,
                    "#".repeat(filled), ".".repeat(WIDTH - filled), pct, done, of, eta, label);
            err.print(line.length() > 120 ? line.substring(0, 120) : line);
            err.print("\033[K");
        } else {
            err.printf(Locale.ROOT, "%s: %d/%d (%d%%) after %.0f s: %s%n", task, done, of, pct, seconds, label);
        }
        err.flush();
    }

    /** True when a line is due at {@code now}: past the quiet start, and the redraw or plain-line interval. */
    private boolean due(long now) {
        if (now - started < QUIET_NANOS || now - lastShown < (tty ? REDRAW_NANOS : PLAIN_NANOS) && shown) {
            return false;
        }
        lastShown = now;
        shown = true;
        return true;
    }

    @Override
    public synchronized void finish() {
        if (!shown) {
            return;
        }
        shown = false;
        double seconds = (clock.getAsLong() - started) / 1e9;
        if (tty) {
            err.print("\r\033[K");
        }
        if (total > 0) {
            err.printf(Locale.ROOT, "%s: %d/%d done in %.1f s%n", task, done, total, seconds);
        } else {
            err.printf(Locale.ROOT, "%s: done in %.1f s%n", task, seconds);
        }
        err.flush();
    }
}
