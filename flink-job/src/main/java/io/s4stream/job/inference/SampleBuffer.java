package io.s4stream.job.inference;

import io.s4stream.audio.dsp.SampleSink;

import java.util.Arrays;

/**
 * A growable buffer of model-rate samples waiting for the model. Appends copy (amortised growth, no
 * allocation once the capacity suffices); {@link #consume(int)} drops samples from the front.
 */
public final class SampleBuffer implements SampleSink {

    private float[] data;
    private int size;

    public SampleBuffer(int initialCapacity) {
        this.data = new float[Math.max(16, initialCapacity)];
    }

    /** A buffer holding a copy of {@code samples[0..size)}. */
    public static SampleBuffer of(float[] samples, int size) {
        SampleBuffer b = new SampleBuffer(size);
        b.accept(samples, 0, size);
        return b;
    }

    @Override
    public void accept(float[] samples, int offset, int length) {
        if (size + length > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, size + length));
        }
        System.arraycopy(samples, offset, data, size, length);
        size += length;
    }

    /** Samples held. */
    public int size() {
        return size;
    }

    /** Copies {@code length} samples from position {@code from} into {@code dst[dstOffset..]}. */
    public void copyTo(int from, float[] dst, int dstOffset, int length) {
        if (from < 0 || length < 0 || from + length > size) {
            throw new IndexOutOfBoundsException(
                    "range [" + from + ", " + (from + length) + ") outside [0, " + size + ")");
        }
        System.arraycopy(data, from, dst, dstOffset, length);
    }

    /** Sample {@code i}. */
    public float get(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("sample " + i + " outside [0, " + size + ")");
        }
        return data[i];
    }

    /** Drops the first {@code n} samples. */
    public void consume(int n) {
        if (n < 0 || n > size) {
            throw new IllegalArgumentException("cannot consume " + n + " of " + size + " samples");
        }
        System.arraycopy(data, n, data, 0, size - n);
        size -= n;
    }

    /** A deep copy with just enough capacity. */
    public SampleBuffer copy() {
        return of(data, size);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SampleBuffer b
                && size == b.size
                && Arrays.equals(data, 0, size, b.data, 0, size);
    }

    @Override
    public int hashCode() {
        int h = size;
        for (int i = 0; i < size; i++) {
            h = 31 * h + Float.floatToIntBits(data[i]);
        }
        return h;
    }

    @Override
    public String toString() {
        return "SampleBuffer{" + size + " samples}";
    }
}
