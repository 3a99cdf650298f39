package io.s4stream.models.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.s4stream.models.ParityVectors;
import io.s4stream.models.compile.ModelCompiler;
import io.s4stream.models.runtime.ModelManifest;
import io.s4stream.models.runtime.RuntimeOptions;
import io.s4stream.models.runtime.S4Runtime;
import io.s4stream.models.runtime.SequenceRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keeps the PyTorch training code alive: each training script runs its --smoke mode (tiny data,
 * tiny model, a few steps; Debian's python3-torch and fluidsynth, installed by .ci/run), and its
 * export compiles through the Java compiler and runs in ONNX Runtime.
 */
class TrainingSmokeTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"train_classifier.py", "train_continuation.py"})
    void smokeTrainingExportsACompilableModel(String script) throws IOException, InterruptedException {
        Path out = tmp.resolve("export");
        PythonScripts.runOk(tmp.resolve("train.log"), 10, Path.of("training", script).toString(), "--smoke",
                "--out", out.toString(), "--run", tmp.resolve("run").toString());

        Path compiled = tmp.resolve("compiled");
        ModelManifest m = ModelCompiler.compileSource(out, compiled, List.of());
        int length = 8 * m.frame();
        float[] input = new float[length * m.inputChannels()];
        for (int i = 0; i < input.length; i++) {
            input[i] = "mulaw-index".equals(m.inputEncoding()) ? i % 256 : (float) Math.sin(i * 0.01);
        }
        try (S4Runtime rt = S4Runtime.open(compiled, RuntimeOptions.builder().chunkSize(4 * m.frame()).build())) {
            SequenceRunner.Result r = SequenceRunner.run(rt, rt.newState(), input, length, true);
            assertThat(r.steps()).isEqualTo(8);
            for (float v : r.output()) {
                assertThat(v).isFinite();
            }
        }
    }

    /**
     * A continuation model with pooled (SaShiMi) levels, one nested in the other: PyTorch's float64
     * output on a phrase (the smoke run's parity vectors) equals the Java float64 reference and the
     * compiled step and chunk graphs, which run the levels one sample at a time.
     */
    @Test
    void pooledContinuationAgreesWithPyTorch() throws IOException, InterruptedException {
        smokeContinuationAgreesWithPyTorch("pooled", "--pooled", "4,16,1:2,16,1");
    }

    /**
     * A continuation model with a pitch-lag embedding (the inputs one estimated period back): PyTorch's
     * float64 output on a phrase equals the Java reference and the compiled step and chunk graphs, so
     * all three pick the same lag at every step.
     */
    @Test
    void pitchLagContinuationAgreesWithPyTorch() throws IOException, InterruptedException {
        smokeContinuationAgreesWithPyTorch("pitch-lag-embedding", "--pitch-lag", "8,200,256");
    }

    /**
     * Trains a smoke continuation with {@code option value}, checks its model.json holds a layer of
     * {@code layerType}, compiles it and holds it to the run's parity vectors.
     */
    private void smokeContinuationAgreesWithPyTorch(String layerType, String option, String value)
            throws IOException, InterruptedException {
        Path out = tmp.resolve("export");
        Path run = tmp.resolve("run");
        PythonScripts.runOk(tmp.resolve("train.log"), 10, Path.of("training", "train_continuation.py").toString(),
                "--smoke", option, value, "--out", out.toString(), "--run", run.toString());
        assertThat(Files.readString(out.resolve("model.json"))).contains("\"type\": \"" + layerType + "\"");
        Path compiled = tmp.resolve("compiled");
        ModelCompiler.compileSource(out, compiled, List.of());
        ParityVectors.assertAgree(layerType + " smoke continuation", compiled, run.resolve("parity.safetensors"));
    }

    /**
     * A second continuation stage starts from the first one's export and trains on jittered inputs, its
     * own draws (scattered, and free-running spans) and withheld spans (whose mask row the export drops: the same model.json); a third
     * trains it on at 8 kHz.
     */
    @Test
    void continuationStageStartsFromAnExport() throws IOException, InterruptedException {
        String script = Path.of("training", "train_continuation.py").toString();
        Path first = tmp.resolve("first");
        Path second = tmp.resolve("second");
        PythonScripts.runOk(tmp.resolve("first.log"), 10, script, "--smoke", "--out", first.toString(), "--run",
                tmp.resolve("run1").toString());
        String log = PythonScripts.runOk(tmp.resolve("second.log"), 10, script, "--smoke", "--out",
                second.toString(), "--run", tmp.resolve("run2").toString(), "--init", first.toString(),
                "--input-noise", "2", "--own-samples", "0.5", "--own-samples-top-p", "0.3",
                "--own-samples-passes", "2", "--rollout", "128", "--mask-inputs", "0.5");

        assertThat(log).contains("initialised from " + first);
        assertThat(Files.readAllBytes(second.resolve("weights.safetensors")))
                .as("the second stage trained")
                .isNotEqualTo(Files.readAllBytes(first.resolve("weights.safetensors")));
        assertThat(Files.readString(second.resolve("model.json")))
                .isEqualTo(Files.readString(first.resolve("model.json")));
        ModelCompiler.compileSource(second, tmp.resolve("compiled2"), List.of());

        Path third = tmp.resolve("third");
        PythonScripts.runOk(tmp.resolve("third.log"), 10, script, "--smoke", "--out", third.toString(), "--run",
                tmp.resolve("run3").toString(), "--init", first.toString(), "--rate", "8000");
        assertThat(Files.readString(third.resolve("model.json")))
                .isEqualTo(Files.readString(first.resolve("model.json")).replace("\"sample_rate\": 16000",
                        "\"sample_rate\": 8000"));
        ModelCompiler.compileSource(third, tmp.resolve("compiled3"), List.of());
    }
}
