package io.vidx.cli;

import io.vidx.indexer.BuildProgress;
import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress on stderr: a live bar per phase on a terminal; on a pipe or log (CI), one line when a phase
 * starts and one when it ends, with its time, so logs stay readable.
 */
public final class ConsoleProgress implements BuildProgress {
    private final PrintStream err;
    private final boolean terminal;
    private final boolean quiet;

    public ConsoleProgress(boolean quiet) {
        this.err = System.err;
        this.terminal = System.console() != null && System.console().isTerminal();
        this.quiet = quiet;
    }

    @Override
    public Phase phase(String name, long total) {
        if (quiet) return SILENT.phase(name, total);
        long start = System.nanoTime();
        if (terminal && total > 0) {
            ProgressBar bar = new ProgressBarBuilder().setTaskName(name).setInitialMax(total)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
                    .setConsumer(new ConsoleProgressBarConsumer(err)).showSpeed().build();
            return new Phase() {
                @Override public void step(long n) { bar.stepBy(n); }
                @Override public void close() {
                    bar.stepTo(total);
                    bar.close();
                }
            };
        }
        err.println("[vidx] " + name + " ...");
        return new Phase() {
            private long done;
            private int decile;

            @Override public void step(long n) {
                done += n;
                // Logs get a line per 10% of a phase of known size, with the time so far.
                if (total > 0 && done * 10 / total > decile) {
                    decile = (int) Math.min(10, done * 10 / total);
                    if (decile < 10) err.printf("[vidx] %s %d%% (%.1f s)%n", name, decile * 10, (System.nanoTime() - start) / 1e9);
                }
            }

            @Override public void close() { err.printf("[vidx] %s done in %.1f s%n", name, (System.nanoTime() - start) / 1e9); }
        };
    }
}
