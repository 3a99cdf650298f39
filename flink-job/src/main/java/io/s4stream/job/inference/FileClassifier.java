package io.s4stream.job.inference;

import io.s4stream.audio.dsp.StreamResampler;
import io.s4stream.audio.event.ClassificationEvent;
import io.s4stream.audio.file.AudioFiles;
import io.s4stream.audio.file.DecodedAudio;
import io.s4stream.job.InferenceSettings;
import io.s4stream.models.runtime.ModelManifest;
import io.s4stream.models.runtime.RuntimeOptions;
import io.s4stream.models.runtime.S4Runtime;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Classifies whole audio files outside Flink, producing exactly the events the job produces for the
 * same audio published as one stream: same downmix, same block-invariant resampler (flushed at the
 * end), the same sequence of model calls per stream (whole chunks of {@code chunk-size} samples,
 * then the remaining whole frames through the step graph) and the same {@link HopClassifier}. Owns
 * one {@link S4Runtime}; not thread-safe.
 */
public final class FileClassifier implements AutoCloseable {

    private final S4Runtime runtime;
    private final HopClassifier classifier;
    private final ModelBatch batch;

    /** Opens the model named by {@code settings}. */
    public FileClassifier(InferenceSettings settings) {
        this.runtime =
                S4Runtime.open(
                        settings.resolveModelDir(),
                        RuntimeOptions.builder()
                                .device(settings.device())
                                .chunkSize(settings.chunkSize())
                                .maxBatch(ModelBatch.rowsFor(1))
                                .build());
        try {
            ModelManifest m = runtime.manifest();
            StreamModels.requireAudioClassifier(m);
            this.classifier = new HopClassifier(m, settings.hopSeconds(), settings.topK());
            this.batch = new ModelBatch(runtime, 1);
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
    }

    /** The model's manifest. */
    public ModelManifest manifest() {
        return runtime.manifest();
    }

    /** Reads and classifies {@code file}; the stream id is the file name. */
    public List<ClassificationEvent> classify(Path file) {
        List<ClassificationEvent> events = new ArrayList<>();
        classify(file.getFileName().toString(), AudioFiles.read(file), events::add);
        return events;
    }

    /** Classifies decoded audio as stream {@code streamId}, events in time order. */
    public void classify(String streamId, DecodedAudio audio, EventSink sink) {
        StreamResampler resampler =
                new StreamResampler(audio.sampleRate(), runtime.manifest().sampleRate());
        SampleBuffer pending = new SampleBuffer(audio.frames());
        ModelRateConverter.convert(
                audio.interleaved(), audio.frames(), audio.channels(), resampler, pending);
        resampler.flush(pending);
        long end = pending.size();

        ClassificationTally tally = classifier.newTally();
        float[] state = runtime.newState();
        int at = 0;
        while (pending.size() - at >= batch.chunk()) {
            batch.addChunk(state, pending, at);
            batch.runChunk();
            classifier.accept(tally, streamId, batch.output(), 0, batch.framesPerChunk(), sink);
            batch.clear();
            at += batch.chunk();
        }
        while (pending.size() - at >= batch.frame()) {
            batch.runStep(state, pending, at);
            classifier.accept(tally, streamId, batch.stepOutput(), 0, 1, sink);
            at += batch.frame();
        }
        classifier.finish(tally, streamId, end, sink);
    }

    @Override
    public void close() {
        runtime.close();
    }
}
