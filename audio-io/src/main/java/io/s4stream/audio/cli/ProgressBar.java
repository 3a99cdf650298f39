package io.s4stream.audio.cli;

import io.s4stream.audio.kafka.PublishListener;
import io.s4stream.audio.kafka.PublishProgress;

import java.io.PrintStream;
import java.util.Locale;

/** A one-line progress display, redrawn in place at most ten times a second. */
final class ProgressBar implements PublishListener {
    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream err;
    private long lastDraw;
    private int lastLength;

    ProgressBar(PrintStream err) {
        this.err = err;
    }

    @Override
    public void onProgress(PublishProgress p) {
        long now = System.nanoTime();
        if (!p.endOfStream() && lastDraw != 0 && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        String line = render(p);
        StringBuilder sb = new StringBuilder("\r").append(line);
        for (int i = line.length(); i < lastLength; i++) {
            sb.append(' ');
        }
        lastLength = line.length();
        if (p.endOfStream()) {
            sb.append(System.lineSeparator());
        }
        err.print(sb);
        err.flush();
    }

    static String render(PublishProgress p) {
        double sent = p.secondsSent();
        double total = p.totalSeconds();
        StringBuilder sb = new StringBuilder(p.streamId()).append(' ');
        if (total > 0) {
            int filled = (int) Math.min(WIDTH, Math.round(WIDTH * sent / total));
            sb.append('[');
            sb.append("#".repeat(filled)).append("-".repeat(WIDTH - filled));
            sb.append("] ");
            sb.append(String.format(Locale.ROOT, "%.1f / %.1f s", sent, total));
        } else {
            sb.append(String.format(Locale.ROOT, "%.1f s", sent));
        }
        sb.append("  seq ").append(p.seq());
        if (p.endOfStream()) {
            sb.append("  end of stream");
        }
        return sb.toString();
    }
}
