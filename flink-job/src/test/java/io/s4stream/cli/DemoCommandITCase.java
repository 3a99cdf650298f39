package io.s4stream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.s4stream.job.testing.TestModels;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

/** The demo end to end in this JVM: embedded Kafka, local MiniCluster, four clips. */
class DemoCommandITCase {

    @Test
    void publishesTheBundledClipsAndExitsOnceEveryFinalEventIsIn() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code =
                S4StreamCli.commandLine()
                        .setOut(new PrintWriter(out))
                        .setErr(new PrintWriter(err))
                        .execute(
                                "demo",
                                "--fast",
                                "--model",
                                TestModels.classifier().toString(),
                                "--chunk-size",
                                "1024");
        assertThat(code).as(err.toString()).isZero();
        for (String clip : DemoClips.NAMES) {
            assertThat(out.toString().lines())
                    .as(clip)
                    .filteredOn(l -> l.startsWith(clip) && l.contains(" final "))
                    .hasSize(1);
        }
        assertThat(out.toString()).contains("Every clip has its final event.");
    }
}
