package io.s4stream.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.s4stream.models.compile.ModelCompiler;
import io.s4stream.models.io.Safetensors;
import io.s4stream.models.io.Tensor;
import io.s4stream.models.runtime.ModelManifest;
import io.s4stream.models.runtime.RuntimeOptions;
import io.s4stream.models.runtime.S4Runtime;
import io.s4stream.models.runtime.SequenceRunner;
import io.s4stream.models.s4.ReferenceModel;
import io.s4stream.models.spec.ModelSpecJson;
import java.nio.file.Path;
import java.util.Map;

/**
 * Parity vectors written by a training export (input [L, C_in], the PyTorch float64 output) held
 * against the Java float64 reference (1e-6 relative) and the compiled ONNX graphs (1e-4 relative).
 */
public final class ParityVectors {
    private ParityVectors() {}

    /**
     * Checks the compiled model in {@code dir} against {@code vectorsFile}: the step graph, a chunk of
     * one frame (the job's default, the matrix form of one step) and chunks of up to 16 output steps,
     * at least two per vector (16 samples for a generator with a 1024-sample vector, 4096 for the
     * classifier, frame 1024, with an 8192-sample vector).
     */
    public static void assertAgree(String name, Path dir, Path vectorsFile) {
        Map<String, Tensor> vectors = Safetensors.read(vectorsFile);
        Tensor input = vectors.get("input");
        Tensor expected = vectors.get("output");
        int length = input.dim(0);
        double scale = TestData.maxAbs(expected.data());

        var spec = ModelSpecJson.read(dir.resolve(ModelCompiler.MODEL_JSON));
        double[] ref = new ReferenceModel(spec, Safetensors.read(dir.resolve(ModelCompiler.WEIGHTS)))
                .forward(TestData.toDouble(input.data()), length);
        assertThat(TestData.maxAbsDiff(ref, expected.data()) / scale).as("Java float64 vs PyTorch float64")
                .isLessThanOrEqualTo(1e-6);

        ModelManifest m = ModelManifest.read(dir);
        int steps = Math.max(1, Math.min(16, length / m.frame() / 2));
        for (int chunk : new int[] {0, m.frame(), steps * m.frame()}) {
            try (S4Runtime rt = S4Runtime.open(dir, RuntimeOptions.builder().chunkSize(chunk).maxBatch(1).build())) {
                float[] y = SequenceRunner.run(rt, rt.newState(), input.data(), length, chunk > 0).output();
                double err = TestData.maxAbsDiff(y, expected.data()) / scale;
                System.out.printf("%s %s: ONNX vs PyTorch %.2e relative (%d x %d outputs)%n", name,
                        chunk == 0 ? "step" : "chunk " + chunk, err, length / m.frame(), m.outputChannels());
                assertThat(err).as("ONNX (%s) vs PyTorch", chunk == 0 ? "step" : "chunk " + chunk)
                        .isLessThanOrEqualTo(1e-4);
            }
        }
    }
}
