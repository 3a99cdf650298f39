package io.s4stream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.s4stream.job.testing.TestModels;
import io.s4stream.models.compile.ModelCompiler;
import io.s4stream.models.runtime.Task;
import io.s4stream.models.s4.ModelInit;
import io.s4stream.models.spec.BlockSpec;
import io.s4stream.models.spec.Discretization;
import io.s4stream.models.spec.LayerSpec;
import io.s4stream.models.spec.ModelSpec;
import io.s4stream.models.spec.SsmInit;
import io.s4stream.models.spec.SsmMode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/** {@code bench model} with tiny settings: the report is complete and its figures positive. */
class BenchModelCommandTest {

    @TempDir Path dir;

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code =
                S4StreamCli.commandLine()
                        .setOut(new PrintWriter(out))
                        .setErr(new PrintWriter(err))
                        .execute(args);
        assertThat(code).as(err.toString()).isZero();
        return out.toString();
    }

    /** The rows starting with {@code mode}, as their trailing numeric columns. */
    static List<double[]> rows(String report, String mode, int columns) {
        return report.lines()
                .filter(l -> l.startsWith(mode + " "))
                .map(
                        l -> {
                            String[] t = l.trim().split("\\s+");
                            return Arrays.stream(t, t.length - columns, t.length)
                                    .mapToDouble(Double::parseDouble)
                                    .toArray();
                        })
                .toList();
    }

    @Test
    void classifierRowsCoverEveryFormAndBothServingPaths() {
        String report =
                run(
                        "bench",
                        "model",
                        "--model",
                        TestModels.classifier().toString(),
                        "--batches",
                        "2",
                        "--chunks",
                        "256,1024",
                        "--streams",
                        "3",
                        "--max-batch",
                        "2",
                        "--seconds",
                        "0.05",
                        "--reps",
                        "3");
        // models' rows: batch, samples/s, x naive, GFLOP/s, % peak (T is '-' for per-sample)
        assertThat(rows(report, "per-sample, naive", 4)).hasSize(1);
        assertThat(rows(report, "chunk, reused", 6)).hasSize(2);
        // serving rows: streams, batch, T, samples/s, x naive, x official, x real-time, GFLOP/s, %
        List<double[]> official = rows(report, "official-style steps", 9);
        List<double[]> operator = rows(report, "operator path", 9);
        assertThat(official).hasSize(1);
        assertThat(official.get(0)[5]).isEqualTo(1.0);
        assertThat(operator).hasSize(2);
        assertThat(operator).extracting(r -> r[2]).containsExactly(256.0, 1024.0);
        for (double[] r : concat(official, operator)) {
            assertThat(r[0]).as("streams").isEqualTo(3);
            assertThat(r[1]).as("batch").isBetween(1.0, 2.0);
            for (int c = 3; c < 7; c++) {
                assertThat(r[c]).as("column " + c).isPositive();
            }
            // a tiny model's GFLOP/s may round to 0.00
            assertThat(r[7]).isNotNegative();
            assertThat(r[8]).isNotNegative();
        }
    }

    @Test
    void generationRowsGiveOneStreamAndBatchedSpeeds() {
        Path gen = dir.resolve("gen");
        BlockSpec block =
                new BlockSpec(8, 8, SsmMode.DIAG, SsmInit.DIAG_LIN, Discretization.ZOH, 0);
        ModelSpec spec =
                ModelSpec.builder()
                        .name("tiny-gen")
                        .task(Task.GENERATION)
                        .sampleRate(16_000)
                        .inputEncoding(ModelSpec.InputEncoding.MULAW_INDEX)
                        .layers(
                                List.of(
                                        new LayerSpec.Embedding("embed", 256, 8),
                                        new LayerSpec.Residual("blocks.0", true, true, block),
                                        new LayerSpec.LayerNorm("norm", 8),
                                        new LayerSpec.Linear("head", 8, 256)))
                        .build();
        ModelCompiler.compile(spec, ModelInit.weights(spec, 5), gen, List.of());
        String report =
                run(
                        "bench",
                        "model",
                        "--generation",
                        "--model",
                        gen.toString(),
                        "--skip-forms",
                        "--streams",
                        "4",
                        "--seconds",
                        "0.05",
                        "--reps",
                        "3");
        // streams, samples/s/stream, x real-time, RTF, total samples/s, x one stream, GFLOP/s, %
        List<double[]> one = rows(report, "one stream, batch 1", 8);
        List<double[]> batched = rows(report, "batched", 8);
        assertThat(one).hasSize(1);
        assertThat(batched).hasSize(1);
        assertThat(one.get(0)[0]).isEqualTo(1);
        assertThat(one.get(0)[5]).isEqualTo(1.0);
        assertThat(batched.get(0)[0]).isEqualTo(4);
        for (double[] r : concat(one, batched)) {
            for (int c = 1; c < 6; c++) {
                assertThat(r[c]).as("column " + c).isPositive();
            }
            assertThat(r[6]).isNotNegative();
            assertThat(r[7]).isNotNegative();
        }
    }

    @Test
    void refusesAClassifierForGenerationBeforeMeasuring() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code =
                S4StreamCli.commandLine()
                        .setOut(new PrintWriter(out))
                        .setErr(new PrintWriter(err))
                        .execute(
                                "bench",
                                "model",
                                "--generation",
                                "--model",
                                TestModels.classifier().toString());
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("tiny-classifier", "GENERATION");
        assertThat(out.toString()).isEmpty();
    }

    private static List<double[]> concat(List<double[]> a, List<double[]> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }

    @org.junit.jupiter.api.Test
    void defaultChunksAreWholeFrames() {
        assertThat(BenchModelCommand.defaultChunks(64)).containsExactly(256, 1024, 2048, 4096, 8192);
        assertThat(BenchModelCommand.defaultChunks(1024)).containsExactly(1024, 2048, 4096, 8192);
        assertThat(BenchModelCommand.defaultChunks(3000)).containsExactly(3000, 6000, 12000, 24000);
    }
}
