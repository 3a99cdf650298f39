package io.s4stream.models.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The serialized graph depends on what was built, not on the order a map hands back attributes. */
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
}
