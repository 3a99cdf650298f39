package io.s4stream.audio.cli;

import io.s4stream.audio.event.ClassificationEvent;

import java.util.Locale;
import java.util.stream.Collectors;

/** Formats classification events as aligned table rows. */
final class EventTable {
    static final String FORMAT = "%-16s %-5s %-17s %-16s %6s  %s";

    private EventTable() {}

    static String header() {
        return String.format(
                Locale.ROOT, FORMAT, "STREAM", "KIND", "SPAN", "LABEL", "SCORE", "TOP-3");
    }

    static String row(ClassificationEvent e) {
        String span = String.format(Locale.ROOT, "%.2f-%.2f s", e.startSeconds(), e.endSeconds());
        String top3 =
                e.topK().stream()
                        .limit(3)
                        .map(ls -> String.format(Locale.ROOT, "%s %.2f", ls.label(), ls.score()))
                        .collect(Collectors.joining(", "));
        return String.format(
                Locale.ROOT,
                FORMAT,
                fit(e.streamId(), 16),
                e.finalEvent() ? "final" : "hop",
                span,
                fit(e.label(), 16),
                String.format(Locale.ROOT, "%.3f", e.score()),
                top3);
    }

    /** Cuts {@code s} to {@code width} characters, marking the cut with '~'. */
    static String fit(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 1) + "~";
    }
}
