package io.s4stream.job.operator;

import io.s4stream.audio.record.AudioChunk;
import io.s4stream.job.ContinuationSettings;
import io.s4stream.job.InferenceSettings;
import io.s4stream.job.inference.StreamModels;
import io.s4stream.job.record.OutputRecord;
import io.s4stream.models.runtime.S4Runtime;

import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.common.state.KeyedStateStore;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.operators.KeyContext;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The continuation side of {@link S4InferenceOperator}: owns the continuation model's runtime, the
 * {@link PromptFeeder} that keeps every open stream's generator primed on its audio, and the {@link
 * ContinuationGenerator} that generates the continuations of ended streams. Exists only while a
 * continuation model is configured. Not thread-safe; the operator's thread.
 */
final class StreamContinuations implements AutoCloseable {

    private final S4Runtime runtime;
    private final ContinuationSettings settings;
    private final PromptFeeder prompts;
    private final ContinuationGenerator generator;

    private StreamContinuations(
            S4Runtime runtime,
            ContinuationSettings settings,
            PromptFeeder prompts,
            ContinuationGenerator generator) {
        this.runtime = runtime;
        this.settings = settings;
        this.prompts = prompts;
        this.generator = generator;
    }

    /**
     * Opens the model at {@code dir} and registers the keyed states ({@link
     * PromptFeeder#STATE_NAME} and {@link ContinuationGenerator#STATE_NAME}) in {@code store}.
     *
     * @throws io.s4stream.job.inference.UnsupportedModelException when it is no mu-law generator
     */
    static StreamContinuations open(
            Path dir,
            InferenceSettings settings,
            KeyedStateStore store,
            KeyContext keys,
            ProcessingTimeService time,
            Consumer<OutputRecord> out,
            MetricGroup metrics) {
        ContinuationSettings cs = settings.continuation();
        S4Runtime runtime = StreamModels.open(dir, settings, cs.chunkSize());
        try {
            StreamModels.requireGenerator(runtime.manifest());
            PromptFeeder prompts =
                    new PromptFeeder(
                            runtime,
                            settings.maxBatch(),
                            store.getState(
                                    new ValueStateDescriptor<>(
                                            PromptFeeder.STATE_NAME,
                                            PromptStateSerializer.INSTANCE)),
                            keys,
                            metrics.counter("s4PromptChunkCalls"),
                            metrics.counter("s4PromptStepCalls"));
            ContinuationGenerator generator =
                    new ContinuationGenerator(
                            runtime,
                            cs,
                            settings.maxBatch(),
                            store.getState(
                                    new ValueStateDescriptor<>(
                                            ContinuationGenerator.STATE_NAME,
                                            GenerationStateSerializer.INSTANCE)),
                            keys,
                            time,
                            out,
                            metrics.counter("s4GenerationStepCalls"),
                            metrics.counter("s4ContinuationRecords"));
            return new StreamContinuations(runtime, cs, prompts, generator);
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
    }

    /** Takes up the streams a restored checkpoint was generating (the keys of their state). */
    void restore(List<String> generating) {
        generator.restore(generating);
    }

    /** Whether the stream has ended and is generating its continuation. */
    boolean isGenerating(String key) {
        return generator.isGenerating(key);
    }

    /** See {@link PromptFeeder#accept}. */
    void accept(String key, int sourceRate, float[] mono, int frames, boolean endOfStream)
            throws IOException {
        prompts.accept(key, sourceRate, mono, frames, endOfStream);
    }

    boolean hasReady() {
        return prompts.hasReady();
    }

    void runFullBatches() throws IOException {
        prompts.runFullBatches();
    }

    void flushReady() throws IOException {
        prompts.flushReady();
    }

    /**
     * The current key's stream has ended (its final event is out): starts the continuation {@code
     * last} asks for, or drops the prompt ({@code last} is null after an idle timeout or the end of
     * the input).
     *
     * @return the rejection of a request longer than {@code s4.continuation.max-seconds}
     */
    Optional<StreamRejection> end(String key, AudioChunk last) throws IOException {
        double seconds = last == null ? 0 : last.continueSeconds();
        if (seconds <= 0) {
            prompts.discard(key);
            return Optional.empty();
        }
        if (seconds > settings.maxSeconds()) {
            prompts.discard(key);
            return Optional.of(StreamRejection.continuationTooLong(last, settings.maxSeconds()));
        }
        PromptState primed = prompts.finish(key);
        generator.start(key, primed.state, primed.lastIndex, seconds);
        return Optional.empty();
    }

    /** Writes the live resamplers to keyed state (before a checkpoint barrier). */
    void snapshotResamplers() throws IOException {
        prompts.snapshotResamplers();
        generator.snapshotResamplers();
    }

    /** Generates every pending continuation to its end (a bounded input has ended). */
    void finishAll() throws IOException {
        generator.finishAll();
    }

    @Override
    public void close() {
        runtime.close();
    }
}
