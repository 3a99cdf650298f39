package io.s4stream.audio.dsp;

import be.tarsos.dsp.resample.Resampler;

import java.util.Arrays;
import java.util.Objects;

/**
 * Streaming sample-rate conversion of one mono stream, over TarsosDSP's {@link Resampler}. Not
 * thread-safe: one instance per stream.
 *
 * <p><b>Block invariance.</b> The filter's fractional time is a {@code double} that rounds
 * differently depending on how much input each call hands it, so feeding it the caller's blocks
 * directly would make the output depend (in the last bits) on how the stream was cut. This class
 * therefore feeds the filter in fixed blocks of {@link #BLOCK_SIZE} input samples, buffering the
 * rest: the output is bit-identical for any sequence of block lengths, including after {@link
 * #snapshot()} and {@link #restore(ResamplerState)}. The cost is up to {@code BLOCK_SIZE} samples
 * of added latency; {@link #flush(SampleSink)} emits everything at end of stream.
 *
 * <p><b>Identity.</b> When both rates are equal the input is handed to the sink as is, with no
 * buffering and no copy.
 *
 * <p>Output sample {@code m} is the input signal at time {@code m / targetRate}: the filter adds no
 * delay, and in total about {@code inputSamples × targetRate / sourceRate} samples come out.
 */
public final class StreamResampler {
    /** Input samples per filter call. */
    public static final int BLOCK_SIZE = 512;

    private final int sourceRate;
    private final int targetRate;
    private final ResamplerQuality quality;
    private final double factor;
    private final Resampler resampler;
    private final float[] pending;
    private final float[] out;
    private int pendingCount;
    private long inputSamples;
    private long outputSamples;
    private boolean finished;

    /** A high-quality resampler from {@code sourceRate} to {@code targetRate} Hz. */
    public StreamResampler(int sourceRate, int targetRate) {
        this(sourceRate, targetRate, ResamplerQuality.HIGH);
    }

    public StreamResampler(int sourceRate, int targetRate, ResamplerQuality quality) {
        if (sourceRate <= 0 || targetRate <= 0) {
            throw new IllegalArgumentException(
                    "sample rates must be > 0, got " + sourceRate + " -> " + targetRate);
        }
        this.sourceRate = sourceRate;
        this.targetRate = targetRate;
        this.quality = Objects.requireNonNull(quality, "quality");
        this.factor = (double) targetRate / sourceRate;
        if (sourceRate == targetRate) {
            this.resampler = null;
            this.pending = new float[0];
            this.out = new float[0];
        } else {
            this.resampler = new Resampler(quality.highQuality(), factor, factor);
            this.pending = new float[BLOCK_SIZE];
            this.out = new float[(int) Math.ceil(BLOCK_SIZE * factor) + 64];
        }
    }

    /** A resampler in exactly the state captured by {@code state}. */
    public static StreamResampler restore(ResamplerState state) {
        StreamResampler r =
                new StreamResampler(state.sourceRate(), state.targetRate(), state.quality());
        float[] pending = state.pending();
        if (pending.length > r.pending.length || (r.resampler == null && pending.length > 0)) {
            throw new IllegalArgumentException(
                    "state holds "
                            + pending.length
                            + " pending samples, at most "
                            + r.pending.length
                            + " allowed");
        }
        System.arraycopy(pending, 0, r.pending, 0, pending.length);
        r.pendingCount = pending.length;
        if (r.resampler != null) {
            ResamplerInternals.write(
                    r.resampler,
                    new ResamplerInternals.Fields(
                            state.filterHistory(),
                            state.filterPosition(),
                            state.filterTime(),
                            state.filterOutput()));
        }
        r.inputSamples = state.inputSamples();
        r.outputSamples = state.outputSamples();
        r.finished = state.finished();
        return r;
    }

    /** A faithful copy of the current state (see {@link #restore(ResamplerState)}). */
    public ResamplerState snapshot() {
        float[] history = new float[0];
        int position = 0;
        double time = 0;
        float[] buffered = new float[0];
        if (resampler != null) {
            ResamplerInternals.Fields f = ResamplerInternals.read(resampler);
            history = f.history();
            position = f.position();
            time = f.time();
            buffered = f.output();
        }
        return new ResamplerState(
                sourceRate,
                targetRate,
                quality,
                Arrays.copyOf(pending, pendingCount),
                history,
                position,
                time,
                buffered,
                inputSamples,
                outputSamples,
                finished);
    }

    /**
     * Resamples {@code in[off..off+len)}, handing complete output to {@code sink} (possibly in
     * several calls, possibly none while input is buffered).
     */
    public void process(float[] in, int off, int len, SampleSink sink) {
        Objects.checkFromIndexSize(off, len, in.length);
        Objects.requireNonNull(sink, "sink");
        if (finished) {
            throw new IllegalStateException("the stream was already flushed");
        }
        inputSamples += len;
        if (resampler == null) {
            if (len > 0) {
                outputSamples += len;
                sink.accept(in, off, len);
            }
            return;
        }
        int p = off;
        int end = off + len;
        if (pendingCount > 0) {
            int n = Math.min(BLOCK_SIZE - pendingCount, end - p);
            System.arraycopy(in, p, pending, pendingCount, n);
            pendingCount += n;
            p += n;
            if (pendingCount == BLOCK_SIZE) {
                runBlock(pending, 0, BLOCK_SIZE, false, sink);
                pendingCount = 0;
            }
        }
        while (end - p >= BLOCK_SIZE) {
            runBlock(in, p, BLOCK_SIZE, false, sink);
            p += BLOCK_SIZE;
        }
        if (p < end) {
            System.arraycopy(in, p, pending, 0, end - p);
            pendingCount = end - p;
        }
    }

    /** Resamples {@code in[off..off+len)} and returns the output produced now (maybe empty). */
    public float[] process(float[] in, int off, int len) {
        Collector c = new Collector(expectedOutput(len + pendingCount));
        process(in, off, len, c);
        return c.toArray();
    }

    /** Ends the stream: emits the buffered input and the filter's tail. */
    public void flush(SampleSink sink) {
        Objects.requireNonNull(sink, "sink");
        if (finished) {
            return;
        }
        if (resampler != null) {
            runBlock(pending, 0, pendingCount, true, sink);
            pendingCount = 0;
        }
        finished = true;
    }

    /** Ends the stream and returns the remaining output. */
    public float[] flush() {
        Collector c = new Collector(expectedOutput(pendingCount + BLOCK_SIZE));
        flush(c);
        return c.toArray();
    }

    private void runBlock(float[] src, int off, int len, boolean last, SampleSink sink) {
        int consumed = 0;
        while (true) {
            Resampler.Result r =
                    resampler.process(
                            factor, src, off + consumed, len - consumed, last, out, 0, out.length);
            consumed += r.inputSamplesConsumed;
            int generated = r.outputSamplesGenerated;
            if (generated > 0) {
                outputSamples += generated;
                sink.accept(out, 0, generated);
            }
            if (r.inputSamplesConsumed == 0 && generated == 0) {
                return;
            }
        }
    }

    private int expectedOutput(int inputSamples) {
        return (int) Math.min(Integer.MAX_VALUE - 16, Math.ceil(inputSamples * factor) + 16);
    }

    public int sourceRate() {
        return sourceRate;
    }

    public int targetRate() {
        return targetRate;
    }

    public ResamplerQuality quality() {
        return quality;
    }

    /** Whether the rates are equal (samples pass through untouched). */
    public boolean isIdentity() {
        return resampler == null;
    }

    /** Samples accepted so far. */
    public long inputSamples() {
        return inputSamples;
    }

    /** Samples emitted so far. */
    public long outputSamples() {
        return outputSamples;
    }

    /** Whether {@link #flush(SampleSink)} was called. */
    public boolean isFinished() {
        return finished;
    }

    /** Gathers sink output into one array. */
    private static final class Collector implements SampleSink {
        private float[] buf;
        private int size;

        Collector(int capacity) {
            buf = new float[Math.max(16, capacity)];
        }

        @Override
        public void accept(float[] samples, int offset, int length) {
            if (size + length > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + length));
            }
            System.arraycopy(samples, offset, buf, size, length);
            size += length;
        }

        float[] toArray() {
            return Arrays.copyOf(buf, size);
        }
    }
}
