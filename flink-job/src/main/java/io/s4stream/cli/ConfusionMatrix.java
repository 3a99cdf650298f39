package io.s4stream.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Counts (true label, predicted label) pairs over a fixed label list and renders the accuracy, a
 * per-class table and the confusion matrix as text or as an SVG heat map (rows true, columns
 * predicted).
 */
final class ConfusionMatrix {

    private final List<String> labels;
    private final long[][] counts;

    ConfusionMatrix(List<String> labels) {
        this.labels = List.copyOf(labels);
        this.counts = new long[labels.size()][labels.size()];
    }

    /** Counts one decision; both labels must be among the model's labels. */
    void add(String truth, String predicted) {
        counts[index(truth, "true")][index(predicted, "predicted")]++;
    }

    private int index(String label, String what) {
        int i = labels.indexOf(label);
        if (i < 0) {
            throw new IllegalArgumentException(
                    what + " label '" + label + "' is not one of the model's labels " + labels);
        }
        return i;
    }

    long total() {
        long n = 0;
        for (long[] row : counts) {
            for (long c : row) {
                n += c;
            }
        }
        return n;
    }

    double accuracy() {
        long right = 0;
        for (int i = 0; i < counts.length; i++) {
            right += counts[i][i];
        }
        return total() == 0 ? 0 : (double) right / total();
    }

    /** The summary, the per-class table (recall, precision) and the matrix, as printed text. */
    String report() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "clip accuracy: %.4f (%d clips)%n", accuracy(), total()));
        int w = Math.max(5, labels.stream().mapToInt(String::length).max().orElse(5));
        b.append(String.format(Locale.ROOT, "%-" + w + "s %9s %8s %9s%n", "class", "correct", "recall",
                "precision"));
        for (int i = 0; i < labels.size(); i++) {
            long row = rowSum(i);
            long col = colSum(i);
            b.append(String.format(Locale.ROOT, "%-" + w + "s %4d/%-4d %8.3f %9.3f%n", labels.get(i),
                    counts[i][i], row, ratio(counts[i][i], row), ratio(counts[i][i], col)));
        }
        b.append("confusion matrix (rows true, columns predicted):\n");
        b.append(" ".repeat(w));
        for (String l : labels) {
            b.append(String.format(Locale.ROOT, " %5s", l.substring(0, Math.min(5, l.length()))));
        }
        b.append('\n');
        for (int i = 0; i < labels.size(); i++) {
            b.append(String.format(Locale.ROOT, "%-" + w + "s", labels.get(i)));
            for (long c : counts[i]) {
                b.append(String.format(Locale.ROOT, " %5d", c));
            }
            b.append('\n');
        }
        return b.toString();
    }

    /** The matrix as an SVG heat map, each row shaded by its share of the row's clips. */
    String svg(String title) {
        int n = labels.size();
        int cell = 44;
        int left = 110;
        int top = 130;
        int width = left + n * cell + 20;
        int height = top + n * cell + 60;
        List<String> parts = new ArrayList<>();
        parts.add(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                        + " font-family=\"sans-serif\" font-size=\"12\">", width, height));
        parts.add(String.format(Locale.ROOT,
                "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>", width, height));
        parts.add(String.format(Locale.ROOT, "<text x=\"%d\" y=\"20\" font-size=\"14\">%s</text>",
                10, escape(title)));
        parts.add(String.format(Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">predicted</text>",
                left + n * cell / 2, 42));
        parts.add(String.format(Locale.ROOT,
                "<text x=\"14\" y=\"%d\" transform=\"rotate(-90 14 %d)\" text-anchor=\"middle\">"
                        + "true</text>", top + n * cell / 2, top + n * cell / 2));
        for (int j = 0; j < n; j++) {
            int x = left + j * cell + cell / 2;
            parts.add(String.format(Locale.ROOT,
                    "<text x=\"%d\" y=\"%d\" transform=\"rotate(-60 %d %d)\">%s</text>",
                    x, top - 6, x, top - 6, escape(labels.get(j))));
        }
        for (int i = 0; i < n; i++) {
            int y = top + i * cell;
            parts.add(String.format(Locale.ROOT,
                    "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>",
                    left - 6, y + cell / 2 + 4, escape(labels.get(i))));
            long row = rowSum(i);
            for (int j = 0; j < n; j++) {
                double share = ratio(counts[i][j], row);
                int shade = (int) Math.round(255 * (1 - share));
                String fill = i == j
                        ? String.format(Locale.ROOT, "rgb(%d,%d,255)", shade, shade)
                        : String.format(Locale.ROOT, "rgb(255,%d,%d)", shade, shade);
                int x = left + j * cell;
                parts.add(String.format(Locale.ROOT,
                        "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\""
                                + " stroke=\"#ccc\"/>", x, y, cell, cell, fill));
                if (counts[i][j] > 0) {
                    parts.add(String.format(Locale.ROOT,
                            "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"%s\">%d</text>",
                            x + cell / 2, y + cell / 2 + 4, share > 0.55 ? "white" : "black",
                            counts[i][j]));
                }
            }
        }
        parts.add(String.format(Locale.ROOT,
                "<text x=\"%d\" y=\"%d\">clip accuracy %.1f %% over %d clips</text>",
                left, top + n * cell + 30, 100 * accuracy(), total()));
        parts.add("</svg>");
        return String.join("\n", parts) + "\n";
    }

    private long rowSum(int i) {
        long s = 0;
        for (long c : counts[i]) {
            s += c;
        }
        return s;
    }

    private long colSum(int j) {
        long s = 0;
        for (long[] row : counts) {
            s += row[j];
        }
        return s;
    }

    private static double ratio(long a, long b) {
        return b == 0 ? 0 : (double) a / b;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
