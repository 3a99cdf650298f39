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
        Path dir = shipped(name);
        Map<String, Tensor> vectors = Safetensors.read(TestData.resource("parity/" + name + ".safetensors"));
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
        // a chunk of 16 output steps: 1024 samples for the classifier (frame 64), 16 for the generator
        for (int chunk : new int[] {0, 16 * m.frame()}) {
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
