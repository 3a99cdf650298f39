package io.s4stream.job.bench;

import io.s4stream.audio.event.ClassificationEventJson;
import io.s4stream.job.inference.ClassificationTally;
import io.s4stream.job.inference.EventSink;
import io.s4stream.job.inference.HopClassifier;
import io.s4stream.job.inference.ModelBatch;
import io.s4stream.job.inference.SampleBuffer;
import io.s4stream.job.inference.StreamModels;
import io.s4stream.job.inference.UnsupportedModelException;
import io.s4stream.models.bench.FlopCount;
import io.s4stream.models.bench.RateMeter;
import io.s4stream.models.compile.ModelCompiler;
import io.s4stream.models.runtime.ModelManifest;
import io.s4stream.models.runtime.RuntimeOptions;
import io.s4stream.models.runtime.S4Runtime;
import io.s4stream.models.runtime.Task;
import io.s4stream.models.spec.ModelSpec;
import io.s4stream.models.spec.ModelSpecJson;

import java.nio.file.Path;

/**
 * Samples per second of a classifier serving many streams on one core, in two forms measured with
 * the same {@link RateMeter}:
 *
 * <ul>
 *   <li>the official-style step loop: each stream in turn, one step-graph call per frame with batch
 *       1 (how the state-spaces/s4 generation loop advances a model, one {@code step()} per
 *       sample), state kept per stream;
 *   <li>the operator path: the inference operator's own per-chunk work for every stream — append
 *       the stream's new samples to its pending buffer, gather up to max-batch streams' states and
 *       chunks into one {@link ModelBatch} call, scatter back, consume the chunk, and turn the
 *       logits into hop events with {@link HopClassifier}, serialised to JSON as the operator emits
 *       them. Only Flink's state access and record handover are left out.
 * </ul>
 */
public final class ServingBench {

    /** Frames each stream advances per round of the step loop. */
    static final int STEP_ROUND_FRAMES = 16;

    /** One measured configuration; {@code batch} is streams per model call. */
    public record Row(
            String mode,
            int streams,
            int batch,
            int chunk,
            double samplesPerSecond,
            double gflops) {}

    private final Path modelDir;
    private final ModelManifest manifest;
    private final ModelSpec spec;
    private final RateMeter meter;
    private final double hopSeconds;

    /**
     * @throws io.s4stream.job.inference.UnsupportedModelException unless the model classifies float
     *     audio
     */
    public ServingBench(Path modelDir, RateMeter meter, double hopSeconds) {
        this.modelDir = modelDir;
        this.manifest = ModelManifest.read(modelDir);
        if (manifest.task() != Task.CLASSIFICATION) {
            throw new UnsupportedModelException(
                    "model "
                            + manifest.name()
                            + " is a "
                            + manifest.task()
                            + " model; the serving rows need a classifier (--generation"
                            + " benchmarks a generator)");
        }
        StreamModels.requireAudioClassifier(manifest);
        this.spec = ModelSpecJson.read(modelDir.resolve(ModelCompiler.MODEL_JSON));
        this.meter = meter;
        this.hopSeconds = hopSeconds;
        new HopClassifier(manifest, hopSeconds, 1); // checks the hop against the model now
    }

    public ModelManifest manifest() {
        return manifest;
    }

    /** Each of {@code streams} streams in turn, one batch-1 step-graph call per frame. */
    public Row officialStepLoop(int streams) {
        requireStreams(streams);
        int frame = manifest.frame();
        int samples = STEP_ROUND_FRAMES * frame;
        try (S4Runtime rt = S4Runtime.open(modelDir, options(0, 1))) {
            float[][] states = new float[streams][];
            float[][] audio = new float[streams][];
            for (int s = 0; s < streams; s++) {
                states[s] = rt.newState();
                audio[s] = render(s, samples);
            }
            float[][] one = new float[1][];
            float[] in = new float[frame];
            float[] out = new float[manifest.outputChannels()];
            double rounds =
                    meter.callsPerSecond(
                            () -> {
                                for (int s = 0; s < streams; s++) {
                                    one[0] = states[s];
                                    for (int f = 0; f < samples; f += frame) {
                                        System.arraycopy(audio[s], f, in, 0, frame);
                                        rt.advanceStep(one, 1, in, out);
                                    }
                                }
                            });
            double calls = rounds * streams * STEP_ROUND_FRAMES;
            return new Row(
                    "official-style steps",
                    streams,
                    1,
                    frame,
                    calls * frame,
                    calls * FlopCount.perCall(spec, frame) / 1e9);
        }
    }

    /** The operator's chunk path over {@code streams} streams, up to {@code maxBatch} per call. */
    public Row operatorPath(int streams, int maxBatch, int chunk) {
        requireStreams(streams);
        int capacity = Math.min(maxBatch, streams);
        try (S4Runtime rt =
                S4Runtime.open(modelDir, options(chunk, ModelBatch.rowsFor(capacity)))) {
            ModelBatch batch = new ModelBatch(rt, capacity);
            HopClassifier classifier = new HopClassifier(manifest, hopSeconds, 3);
            String[] keys = new String[streams];
            float[][] states = new float[streams][];
            SampleBuffer[] pending = new SampleBuffer[streams];
            ClassificationTally[] tallies = new ClassificationTally[streams];
            float[][] audio = new float[streams][];
            for (int s = 0; s < streams; s++) {
                keys[s] = "stream-" + s;
                states[s] = rt.newState();
                pending[s] = new SampleBuffer(2 * chunk);
                tallies[s] = classifier.newTally();
                audio[s] = render(s, chunk);
            }
            long[] eventBytes = new long[1];
            EventSink sink = e -> eventBytes[0] += ClassificationEventJson.toJsonBytes(e).length;
            double rounds =
                    meter.callsPerSecond(
                            () -> {
                                for (int s = 0; s < streams; s++) {
                                    pending[s].accept(audio[s], 0, chunk);
                                }
                                for (int first = 0; first < streams; first += capacity) {
                                    int n = Math.min(capacity, streams - first);
                                    for (int i = 0; i < n; i++) {
                                        batch.addChunk(states[first + i], pending[first + i], 0);
                                    }
                                    batch.runChunk();
                                    for (int i = 0; i < n; i++) {
                                        int s = first + i;
                                        pending[s].consume(chunk);
                                        classifier.accept(
                                                tallies[s],
                                                keys[s],
                                                batch.output(),
                                                batch.outputOffset(i),
                                                batch.framesPerChunk(),
                                                sink);
                                    }
                                    batch.clear();
                                }
                            });
            return new Row(
                    "operator path",
                    streams,
                    capacity,
                    chunk,
                    rounds * streams * chunk,
                    rounds * streams * FlopCount.perCall(spec, chunk) / 1e9);
        }
    }

    private float[] render(int stream, int samples) {
        float[] v = new float[samples];
        new SyntheticAudio(stream, manifest.sampleRate()).render(v, 0, samples);
        return v;
    }

    private static RuntimeOptions options(int chunk, int maxBatch) {
        return RuntimeOptions.builder()
                .chunkSize(chunk)
                .maxBatch(maxBatch)
                .intraOpThreads(1)
                .build();
    }

    private static void requireStreams(int streams) {
        if (streams < 1) {
            throw new IllegalArgumentException("streams must be >= 1, got " + streams);
        }
    }
}
