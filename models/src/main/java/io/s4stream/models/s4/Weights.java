package io.s4stream.models.s4;

import io.s4stream.models.io.ModelFileException;
import io.s4stream.models.io.Tensor;
import java.util.Map;
import java.util.TreeSet;

/** Looks up weight tensors with errors that name the tensor and the expected shape. */
public final class Weights {
    private Weights() {}

    public static Tensor require(Map<String, Tensor> weights, String name, long... shape) {
        Tensor t = weights.get(name);
        if (t == null) {
            throw new ModelFileException("Missing tensor " + name + " with shape " + java.util.Arrays.toString(shape)
                    + "; the weights hold " + new TreeSet<>(weights.keySet()));
        }
        return t.requireShape(shape).requireFinite();
    }
}
