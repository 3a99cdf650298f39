package io.s4stream.job.bench;

import io.s4stream.models.bench.FlopCount;
import io.s4stream.models.bench.RateMeter;
import io.s4stream.models.compile.ModelCompiler;
import io.s4stream.models.generation.Continuation;
import io.s4stream.models.generation.MuLaw;
import io.s4stream.models.generation.Sampling;
import io.s4stream.models.runtime.ModelManifest;
import io.s4stream.models.runtime.RuntimeOptions;
import io.s4stream.models.runtime.S4Runtime;
import io.s4stream.models.runtime.Task;
import io.s4stream.models.spec.ModelSpec;
import io.s4stream.models.spec.ModelSpecJson;

import java.nio.file.Path;

/**
 * Generation speed of a mu-law generator through {@link Continuation#step} (one step-graph call per
 * generated sample, sampling included): one stream alone with batch 1, as the official generation
 * loop runs, and many streams advancing together in one call per sample.
 */
public final class GenerationBench {

    /** Seconds of synthetic prompt each continuation is primed with. */
    static final double PROMPT_SECONDS = 0.05;

    /**
     * One measured configuration.
     *
     * @param perStreamSamplesPerSecond samples each stream gains per wall-clock second
     */
    public record Row(String mode, int streams, double perStreamSamplesPerSecond, double gflops) {}

    private final Path modelDir;
    private final ModelManifest manifest;
    private final ModelSpec spec;
    private final RateMeter meter;

    /**
     * @throws IllegalArgumentException unless the model is a generation model
     */
    public GenerationBench(Path modelDir, RateMeter meter) {
        this.modelDir = modelDir;
        this.manifest = ModelManifest.read(modelDir);
        if (manifest.task() != Task.GENERATION || manifest.outputChannels() != MuLaw.CLASSES) {
            throw new IllegalArgumentException(
                    "model "
                            + manifest.name()
                            + " is a "
                            + manifest.task()
                            + " model with "
                            + manifest.outputChannels()
                            + " outputs; generation needs a GENERATION model with "
                            + MuLaw.CLASSES
                            + " mu-law classes");
        }
        this.spec = ModelSpecJson.read(modelDir.resolve(ModelCompiler.MODEL_JSON));
        this.meter = meter;
    }

    public ModelManifest manifest() {
        return manifest;
    }

    /** {@code streams} continuations advanced together, one batched step call per sample. */
    public Row generate(int streams) {
        if (streams < 1) {
            throw new IllegalArgumentException("streams must be >= 1, got " + streams);
        }
        RuntimeOptions options =
                RuntimeOptions.builder().chunkSize(0).maxBatch(streams).intraOpThreads(1).build();
        try (S4Runtime rt = S4Runtime.open(modelDir, options)) {
            Continuation[] batch = new Continuation[streams];
            int promptSamples = (int) (PROMPT_SECONDS * manifest.sampleRate());
            for (int s = 0; s < streams; s++) {
                float[] prompt = new float[promptSamples];
                new SyntheticAudio(s, manifest.sampleRate()).render(prompt, 0, promptSamples);
                batch[s] = Continuation.prime(rt, prompt, Continuation.seedFor("s" + s, 1), Sampling.PLAIN);
            }
            float[][] states = new float[streams][];
            float[] in = new float[streams];
            float[] logits = new float[streams * MuLaw.CLASSES];
            float[] samples = new float[streams];
            double calls =
                    meter.callsPerSecond(
                            () ->
                                    Continuation.step(
                                            rt, batch, streams, states, in, logits, samples));
            return new Row(
                    streams == 1 ? "one stream, batch 1" : "batched",
                    streams,
                    calls,
                    calls * streams * FlopCount.perCall(spec, 1) / 1e9);
        }
    }
}
