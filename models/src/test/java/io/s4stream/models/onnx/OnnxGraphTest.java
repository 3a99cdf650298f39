package io.s4stream.models.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The serialized graph depends on what was built, not on the order a map hands back attributes; an
 * {@code If} built from branches runs in ONNX Runtime.
 */
class OnnxGraphTest {
    private static byte[] concatGraph(Map<String, Object> attributes) {
        OnnxGraph g = new OnnxGraph("g");
        String x = g.input("x", -1, 4);
        String y = g.op("Concat", attributes, x, x);
        g.output(y, "y", -1, 8);
        return g.toBytes();
    }

    @Test
    void attributeOrderDoesNotChangeTheBytes() {
        Map<String, Object> forward = new LinkedHashMap<>();
        forward.put("axis", -1L);
        forward.put("zeta", 1.5f);
        Map<String, Object> backward = new LinkedHashMap<>();
        backward.put("zeta", 1.5f);
        backward.put("axis", -1L);

        assertThat(concatGraph(backward)).isEqualTo(concatGraph(forward));
    }

    /** y = 2x (then) where sum(x) > 0, else x + 1 and x itself; the branches read the outer x. */
    @Test
    void ifRunsTheBranchItsConditionPicks() throws OrtException {
        OnnxGraph g = new OnnxGraph("branches");
        String x = g.input("x", -1, 3);
        String cond = g.op("Greater", g.op("ReduceSum", Map.of("keepdims", 0), x), g.constant("zero", new float[] {0f}));
        g.beginBranch();
        String doubled = g.op("Mul", x, g.constant("two", new float[] {2f}));
        var then = g.endBranch("then", List.of(doubled, x));
        g.beginBranch();
        var otherwise = g.endBranch("else", List.of(g.op("Add", x, g.constant("one", new float[] {1f})), x));
        List<String> out = g.ifOp(cond, then, otherwise, 2);
        g.output(out.get(0), "y", -1, 3);
        g.output(out.get(1), "same", -1, 3);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions();
                OrtSession session = env.createSession(g.toBytes(), so)) {
            assertThat(run(env, session, new float[] {1, 2, -0.5f})).containsExactly(2, 4, -1, 1, 2, -0.5f);
            assertThat(run(env, session, new float[] {1, -2, -0.5f})).containsExactly(2, -1, 0.5f, 1, -2, -0.5f);
        }
    }

    private static float[] run(OrtEnvironment env, OrtSession session, float[] x) throws OrtException {
        try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {1, 3});
                OrtSession.Result r = session.run(Map.of("x", in))) {
            float[] y = ((float[][]) r.get(0).getValue())[0];
            float[] same = ((float[][]) r.get(1).getValue())[0];
            return new float[] {y[0], y[1], y[2], same[0], same[1], same[2]};
        }
    }
}
