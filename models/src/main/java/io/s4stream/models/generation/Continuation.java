package io.s4stream.models.generation;

import io.s4stream.models.runtime.S4Runtime;
import io.s4stream.models.runtime.Task;

/**
 * One stream's continuation: its model state (after its prompt), the next input index, a seed
 * (from the stream id and a user seed) and the number of samples drawn so far; the draws are
 * counter-based ({@link Sampler#uniform}), so (state, next, seed, drawn) is all a checkpoint needs
 * and a replay generates the same audio. Many continuations advance together through {@link
 * #step}, one batched step-graph call per sample.
 */
public final class Continuation {
    private final float[] state;
    private final long seed;
    private final Sampling sampling;
    private int next;
    private long drawn;

    private Continuation(float[] state, int next, long seed, long drawn, Sampling sampling) {
        this.state = state;
        this.next = next;
        this.seed = seed;
        this.drawn = drawn;
        this.sampling = sampling;
    }

    public static long seedFor(String streamId, long seed) {
        long h = 1125899906842597L;
        for (int i = 0; i < streamId.length(); i++) {
            h = 31 * h + streamId.charAt(i);
        }
        return h ^ (seed * 0x9E3779B97F4A7C15L);
    }

    /**
     * Primes a continuation with a prompt at the model's rate, teacher-forced (chunk graph where it
     * fits, then steps; identical to steps alone).
     */
    public static Continuation prime(S4Runtime runtime, float[] prompt, long seed, Sampling sampling) {
        if (runtime.manifest().task() != Task.GENERATION) {
            throw new IllegalArgumentException("model " + runtime.manifest().name() + " is not a generation model");
        }
        float[] state = runtime.newState();
        float[][] states = {state};
        int n = prompt.length;
        int t = runtime.chunkSize();
        int pos = 0;
        int prev = MuLaw.SILENCE_INDEX;
        if (t > 0) {
            float[] in = new float[t];
            float[] out = new float[t * MuLaw.CLASSES];
            while (pos + t <= n) {
                for (int i = 0; i < t; i++) {
                    in[i] = prev;
                    prev = MuLaw.encode(prompt[pos + i]);
                }
                runtime.advanceChunk(states, 1, in, out);
                pos += t;
            }
        }
        float[] in = new float[1];
        float[] out = new float[MuLaw.CLASSES];
        for (; pos < n; pos++) {
            in[0] = prev;
            runtime.advanceStep(states, 1, in, out);
            prev = MuLaw.encode(prompt[pos]);
        }
        return new Continuation(state, prev, seed, 0, sampling);
    }

    /** A continuation resumed from a stored state (for example Flink keyed state). */
    public static Continuation resume(float[] state, int nextIndex, long seed, long drawn, Sampling sampling) {
        return new Continuation(state, nextIndex, seed, drawn, sampling);
    }

    public long seed() {
        return seed;
    }

    /** Samples generated so far. */
    public long drawn() {
        return drawn;
    }

    public Sampling sampling() {
        return sampling;
    }

    public float[] state() {
        return state;
    }

    public int nextIndex() {
        return next;
    }

    /**
     * Advances {@code count} continuations by one sample each in one step-graph call; writes each
     * one's new sample to {@code samples[i]}. Buffers are the caller's, reused across calls; {@code
     * logits} is scratch (a nucleus draw overwrites it).
     */
    public static void step(S4Runtime runtime, Continuation[] batch, int count, float[][] states, float[] in,
            float[] logits, float[] samples) {
        for (int i = 0; i < count; i++) {
            states[i] = batch[i].state;
            in[i] = batch[i].next;
        }
        runtime.advanceStep(states, count, in, logits);
        for (int i = 0; i < count; i++) {
            Continuation c = batch[i];
            c.next = c.sampling.draw(logits, i * MuLaw.CLASSES, Sampler.uniform(c.seed, c.drawn++));
            samples[i] = MuLaw.decode(c.next);
        }
    }

    /** Generates {@code n} samples for this continuation alone. */
    public float[] generate(S4Runtime runtime, int n) {
        float[] out = new float[n];
        Continuation[] one = {this};
        float[][] states = new float[1][];
        float[] in = new float[1];
        float[] logits = new float[MuLaw.CLASSES];
        float[] sample = new float[1];
        for (int i = 0; i < n; i++) {
            step(runtime, one, 1, states, in, logits, sample);
            out[i] = sample[0];
        }
        return out;
    }
}
