package io.s4stream.cli;

import io.s4stream.audio.event.ClassificationEvent;
import io.s4stream.audio.event.ClassificationEventJson;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.stream.Collectors;

/** Prints classification events as aligned table rows or as JSON lines. */
final class EventRows {

    private static final String FORMAT = "%-20s %-5s %-17s %-12s %6s  %s%n";

    private final PrintWriter out;
    private final boolean json;
    private boolean headerDone;

    EventRows(PrintWriter out, boolean json) {
        this.out = out;
        this.json = json;
    }

    /** Prints one event (the table header before the first). Thread-safe. */
    synchronized void print(ClassificationEvent e) {
        if (json) {
            out.println(ClassificationEventJson.toJson(e));
        } else {
            if (!headerDone) {
                out.printf(
                        Locale.ROOT, FORMAT, "STREAM", "KIND", "SPAN", "LABEL", "SCORE", "TOP-K");
                headerDone = true;
            }
            out.printf(
                    Locale.ROOT,
                    FORMAT,
                    fit(e.streamId(), 20),
                    e.finalEvent() ? "final" : "hop",
                    String.format(Locale.ROOT, "%.2f-%.2f s", e.startSeconds(), e.endSeconds()),
                    fit(e.label(), 12),
                    String.format(Locale.ROOT, "%.3f", e.score()),
                    e.topK().stream()
                            .map(
                                    ls ->
                                            String.format(
                                                    Locale.ROOT, "%s %.2f", ls.label(), ls.score()))
                            .collect(Collectors.joining(", ")));
        }
        out.flush();
    }

    private static String fit(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 1) + "~";
    }
}
