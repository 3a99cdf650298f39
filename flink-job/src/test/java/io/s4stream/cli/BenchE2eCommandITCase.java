package io.s4stream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.s4stream.job.testing.TestModels;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/**
 * {@code bench e2e} for real (embedded broker, job on a MiniCluster, paced publishing) with two
 * short streams: the report is well-formed and accounts for every stream. Nothing about speed is
 * asserted.
 */
class BenchE2eCommandITCase {

    @Test
    void reportsARunRowAndARowPerStream() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code =
                S4StreamCli.commandLine()
                        .setOut(new PrintWriter(out))
                        .setErr(new PrintWriter(err))
                        .execute(
                                "bench",
                                "e2e",
                                "--model",
                                TestModels.classifier().toString(),
                                "--chunk-size",
                                "1024",
                                "--streams",
                                "2",
                                "--seconds",
                                "5",
                                "--warmup-seconds",
                                "1",
                                "--runs",
                                "1");
        String report = out.toString();
        assertThat(code).as(err + report).isZero();

        List<String[]> runs = rows(report, "1 ");
        assertThat(runs).as(report).hasSize(1);
        String[] run = runs.get(0);
        // RUN STREAMS KEPT-UP HOP-EVENTS P50 P99 MAX SAMPLES/S X-DEMAND PUB-LAG-P99 RESULT...
        assertThat(run[1]).isEqualTo("2");
        assertThat(run[2]).matches("[0-2]/2");
        assertThat(Integer.parseInt(run[3])).as("hop events").isPositive();
        for (int c = 4; c <= 8; c++) {
            assertThat(Double.parseDouble(run[c])).as(report).isPositive();
        }
        assertThat(Double.parseDouble(run[9])).isNotNegative();
        assertThat(run[10]).isIn("pass", "FAIL");

        for (String stream : List.of("s0000", "s0001")) {
            List<String[]> r = rows(report, stream + " ");
            assertThat(r).as(report).hasSize(1);
            assertThat(Integer.parseInt(r.get(0)[1])).as("hops of " + stream).isPositive();
            assertThat(r.get(0)[7]).isIn("yes", "no:");
        }
    }

    private static List<String[]> rows(String report, String prefix) {
        return report.lines()
                .filter(l -> l.startsWith(prefix))
                .map(l -> l.trim().split("\\s+"))
                .toList();
    }
}
