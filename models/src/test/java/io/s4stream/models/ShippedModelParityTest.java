package io.s4stream.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.s4stream.models.runtime.ModelManifest;
import io.s4stream.models.runtime.RuntimeOptions;
import io.s4stream.models.runtime.S4Runtime;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shipped models, trained in PyTorch (models/training), hold together with the Java side: the
 * PyTorch float64 output on a real clip (parity vectors written by the training export) equals the
 * Java float64 reference and the compiled ONNX graphs (step and chunk) within 1e-4 relative.
 */
class ShippedModelParityTest {
    static Path shipped(String name) {
        Path p = Path.of("shipped", name);
        return p.toAbsolutePath();
    }

    @ParameterizedTest
    @ValueSource(strings = {"instrument-family", "piano-continuation"})
    void pytorchJavaAndOnnxAgree(String name) {
        ParityVectors.assertAgree(name, shipped(name), TestData.resource("parity/" + name + ".safetensors"));
    }

    /** Digital silence (constant log band powers into a LayerNorm) gives finite outputs in every graph. */
    @Test
    void classifierStaysFiniteOnDigitalSilence() {
        Path dir = shipped("instrument-family");
        ModelManifest m = ModelManifest.read(dir);
        int length = 16 * m.frame();
        float[] input = new float[length];
        for (int i = 0; i < length / 4; i++) {
            input[i] = (float) (0.4 * Math.sin(2 * Math.PI * 330 * i / 44100.0));
        }
        // two rows, as the job and `classify` run a lone stream (the second is a padding row of zeros)
        for (int chunk : new int[] {0, 2 * m.frame(), 8 * m.frame()}) {
            int t = chunk == 0 ? m.frame() : chunk;
            try (S4Runtime rt = S4Runtime.open(dir, RuntimeOptions.builder().chunkSize(chunk).maxBatch(2).build())) {
                float[][] states = {rt.newState(), rt.newState()};
                float[] in = new float[2 * t];
                float[] y = new float[2 * (t / m.frame()) * m.outputChannels()];
                for (int at = 0; at + t <= length; at += t) {
                    System.arraycopy(input, at, in, 0, t);
                    if (chunk == 0) {
                        rt.advanceStep(states, 2, in, y);
                    } else {
                        rt.advanceChunk(states, 2, in, y);
                    }
                    for (float v : y) {
                        assertThat(Float.isFinite(v)).as("finite logits (chunk %d, at %d)", chunk, at).isTrue();
                    }
                }
            }
        }
    }
}
