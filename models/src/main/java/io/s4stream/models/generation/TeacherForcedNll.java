package io.s4stream.models.generation;

import io.s4stream.models.runtime.S4Runtime;
import io.s4stream.models.runtime.Task;

/**
 * Negative log-likelihood of audio under a mu-law generator, teacher-forced through the streaming
 * step graph one sample at a time from the zero state: the input at step t is the index of sample
 * t-1 ({@link MuLaw#SILENCE_INDEX} first), the score is -log2 softmax(logits)[index of sample t].
 */
public final class TeacherForcedNll {
    private TeacherForcedNll() {}

    /** Bits per sample and the mu-law histogram entropy of the same audio. */
    public record Result(int samples, double bitsPerSample, double histogramEntropyBits) {}

    public static Result evaluate(S4Runtime runtime, float[] audio) {
        if (runtime.manifest().task() != Task.GENERATION) {
            throw new IllegalArgumentException("model " + runtime.manifest().name() + " is a "
                    + runtime.manifest().task() + " model, expected a generation model");
        }
        int[] idx = new int[audio.length];
        for (int i = 0; i < audio.length; i++) {
            idx[i] = MuLaw.encode(audio[i]);
        }
        float[][] state = {runtime.newState()};
        float[] in = new float[1];
        float[] logits = new float[MuLaw.CLASSES];
        double bits = 0;
        int prev = MuLaw.SILENCE_INDEX;
        for (int t = 0; t < idx.length; t++) {
            in[0] = prev;
            runtime.advanceStep(state, 1, in, logits);
            bits -= Sampler.logSoftmax(logits, 0, idx[t]) / Math.log(2);
            prev = idx[t];
        }
        return new Result(idx.length, bits / Math.max(1, idx.length), MuLaw.histogramEntropyBits(idx));
    }
}
