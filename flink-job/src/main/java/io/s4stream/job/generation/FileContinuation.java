package io.s4stream.job.generation;

import io.s4stream.audio.file.AudioFiles;
import io.s4stream.models.generation.Continuation;
import io.s4stream.models.generation.Sampling;
import io.s4stream.models.runtime.RuntimeOptions;
import io.s4stream.models.runtime.S4Runtime;

import java.nio.file.Path;

/**
 * Continues an audio file with the mu-law generator: prompt to the model's rate, prime (chunk
 * graph, exact), then sample by sample through the step graph, back to the requested rate.
 */
public final class FileContinuation {
    private FileContinuation() {}

    /** The generated audio (continuation only) at {@code outRate}, and how fast it was made. */
    public record Result(float[] audio, int outRate, int modelSamples, double generateSeconds) {
        public double realTimeFactor(int modelRate) {
            return generateSeconds / (modelSamples / (double) modelRate);
        }
    }

    public static Result continueFile(
            Path modelDir,
            Path prompt,
            double seconds,
            Sampling sampling,
            long seed,
            int outRate) {
        try (S4Runtime rt =
                S4Runtime.open(
                        modelDir, RuntimeOptions.builder().chunkSize(256).maxBatch(1).build())) {
            int rate = rt.manifest().sampleRate();
            float[] mono = ModelRateAudio.toMono(AudioFiles.read(prompt), rate);
            Continuation c =
                    Continuation.prime(
                            rt,
                            mono,
                            Continuation.seedFor(prompt.getFileName().toString(), seed),
                            sampling);
            int n = (int) Math.round(seconds * rate);
            long start = System.nanoTime();
            float[] generated = c.generate(rt, n);
            double took = (System.nanoTime() - start) / 1e9;
            return new Result(ModelRateAudio.resample(generated, rate, outRate), outRate, n, took);
        }
    }
}
