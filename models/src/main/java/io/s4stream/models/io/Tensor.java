package io.s4stream.models.io;

import java.util.Arrays;

/**
 * A named float tensor: row-major data with its shape. Weights are read once, so the tensor owns its
 * array and hands out copies only where a caller could mutate them.
 */
public record Tensor(String name, long[] shape, float[] data) {

    public Tensor {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new ModelFileException("Tensor " + name + " has a negative dimension: " + Arrays.toString(shape));
            }
            n *= d;
        }
        if (n != data.length) {
            throw new ModelFileException(
                    "Tensor " + name + " has shape " + Arrays.toString(shape) + " (" + n + " values) but "
                            + data.length + " values");
        }
    }

    public int dim(int i) {
        return (int) shape[i];
    }

    public int rank() {
        return shape.length;
    }

    /** Throws unless this tensor has exactly {@code expected} as its shape. */
    public Tensor requireShape(long... expected) {
        if (!Arrays.equals(shape, expected)) {
            throw new ModelFileException(
                    "Tensor " + name + " has shape " + Arrays.toString(shape) + ", expected "
                            + Arrays.toString(expected));
        }
        return this;
    }

    /** Throws if any value is NaN or infinite. */
    public Tensor requireFinite() {
        for (int i = 0; i < data.length; i++) {
            if (!Float.isFinite(data[i])) {
                throw new ModelFileException(
                        "Tensor " + name + " holds a non-finite value " + data[i] + " at flat index " + i);
            }
        }
        return this;
    }

    public float get(int i) {
        return data[i];
    }
}
