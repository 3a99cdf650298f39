package io.s4stream.job.operator;

import io.s4stream.audio.dsp.SampleSink;
import io.s4stream.audio.dsp.StreamResampler;
import io.s4stream.job.inference.ModelBatch;
import io.s4stream.job.inference.SampleBuffer;
import io.s4stream.models.generation.MuLaw;
import io.s4stream.models.runtime.S4Runtime;

import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.operators.KeyContext;

import java.io.IOException;

import java.util.Iterator;
import java.util.LinkedHashSet;


/**
 * Keeps every open stream's continuation model primed on the stream's own audio, so that a
 * continuation can start from it when the stream ends: the stream's mono audio is resampled to the
 * generator's rate by a second per-stream resampler, turned into the model's teacher-forced inputs
 * (the mu-law index of the previous sample) and run through the generator's exact chunk graph, in
 * batches across streams like the classifier (a stream holding a whole chunk is ready). At the end
 * of a stream that asks for a continuation the remaining inputs run through the step graph.
 *
 * <p>Batched calls use power-of-two batch sizes ({@link ModelBatch.Rows#POWERS_OF_TWO}) so the
 * runtime's per-size output buffers (256 logits per sample) stay bounded. The live resamplers are
 * written to keyed state before each checkpoint barrier. Not thread-safe; the operator's thread.
 */
final class PromptFeeder {

    static final String STATE_NAME = "s4-prompt";

    private final S4Runtime runtime;
    private final ModelBatch batch;
    private final String[] keys;
    private final PromptState[] rows;
    private final ValueState<PromptState> prompts;
    private final KeyContext keyContext;
    private final Counter chunkCalls;
    private final Counter stepCalls;
    private final LiveResamplers<PromptState> resamplers;
    private final LinkedHashSet<String> ready = new LinkedHashSet<>();
    private final IndexSink sink = new IndexSink();

    PromptFeeder(
            S4Runtime runtime,
            int maxBatch,
            ValueState<PromptState> prompts,
            KeyContext keyContext,
            Counter chunkCalls,
            Counter stepCalls) {
        this.runtime = runtime;
        this.batch = new ModelBatch(runtime, maxBatch, ModelBatch.Rows.POWERS_OF_TWO);
        this.keys = new String[batch.capacity()];
        this.rows = new PromptState[batch.capacity()];
        this.prompts = prompts;
        this.keyContext = keyContext;
        this.resamplers =
                new LiveResamplers<>(
                        keyContext, prompts, p -> p.resampler, (p, r) -> p.resampler = r);
        this.chunkCalls = chunkCalls;
        this.stepCalls = stepCalls;
    }

    /** The generator's sample rate. */
    int sampleRate() {
        return runtime.manifest().sampleRate();
    }

    /**
     * Adds {@code frames} mono samples at {@code sourceRate} to the current key's prompt (flushing
     * its resampler at the end of the stream); the stream becomes ready once it holds a chunk.
     */
    void accept(String key, int sourceRate, float[] mono, int frames, boolean endOfStream)
            throws IOException {
        PromptState p = prompts.value();
        if (p == null) {
            p =
                    new PromptState(
                            null,
                            runtime.newState(),
                            new SampleBuffer(2 * batch.chunk()),
                            MuLaw.SILENCE_INDEX);
        }
        StreamResampler resampler = resamplers.get(key, p, sourceRate, sampleRate());
        sink.target = p;
        resampler.process(mono, 0, frames, sink);
        if (endOfStream) {
            resampler.flush(sink);
        }
        sink.target = null;
        prompts.update(p);
        if (p.pending.size() >= batch.chunk()) {
            ready.add(key);
        }
    }

    boolean hasReady() {
        return !ready.isEmpty();
    }

    /** Runs batches while a full one is ready. */
    void runFullBatches() throws IOException {
        while (ready.size() >= batch.capacity()) {
            runBatch();
        }
    }

    /** Runs every ready stream until none holds a whole chunk. */
    void flushReady() throws IOException {
        while (!ready.isEmpty()) {
            runBatch();
        }
    }

    /** Runs one chunk call over up to max-batch ready streams. */
    private void runBatch() throws IOException {
        int n = 0;
        Iterator<String> it = ready.iterator();
        while (it.hasNext() && !batch.isFull()) {
            String key = it.next();
            it.remove();
            keyContext.setCurrentKey(key);
            PromptState p = prompts.value();
            keys[n] = key;
            rows[n++] = p;
            batch.addChunk(p.state, p.pending, 0);
        }
        try {
            batch.runChunk();
            chunkCalls.inc();
            for (int i = 0; i < n; i++) {
                keyContext.setCurrentKey(keys[i]);
                PromptState p = rows[i];
                p.pending.consume(batch.chunk());
                prompts.update(p);
                if (p.pending.size() >= batch.chunk()) {
                    ready.add(keys[i]);
                }
            }
        } finally {
            for (int i = 0; i < n; i++) {
                keys[i] = null;
                rows[i] = null;
            }
            batch.clear();
        }
    }

    /**
     * Ends the current key's prompt, which has consumed the whole stream (resampler flushed): its
     * whole chunks run (with the other ready streams), then the remaining inputs one step each.
     * Clears the prompt's state and returns it, primed.
     */
    PromptState finish(String key) throws IOException {
        PromptState p = prompts.value();
        if (p.pending.size() >= batch.chunk()) {
            ready.add(key);
        }
        flushReady();
        keyContext.setCurrentKey(key);
        p = prompts.value();
        for (int at = 0; at < p.pending.size(); at++) {
            batch.runStep(p.state, p.pending, at);
            stepCalls.inc();
        }
        p.pending.consume(p.pending.size());
        discard(key);
        return p;
    }

    /** Drops the current key's prompt (its stream ended without asking for a continuation). */
    void discard(String key) {
        ready.remove(key);
        resamplers.remove(key);
        prompts.clear();
    }

    /** Writes the live resamplers to keyed state (before a checkpoint barrier). */
    void snapshotResamplers() throws IOException {
        resamplers.snapshot();
    }

    /**
     * Appends, for each generator-rate sample, the index of the sample before it to the prompt's
     * pending inputs. One reused scratch array.
     */
    private static final class IndexSink implements SampleSink {
        PromptState target;
        private float[] scratch = new float[0];

        @Override
        public void accept(float[] samples, int offset, int length) {
            if (scratch.length < length) {
                scratch = new float[Math.max(length, 2 * scratch.length)];
            }
            int prev = target.lastIndex;
            for (int i = 0; i < length; i++) {
                scratch[i] = prev;
                prev = MuLaw.encode(samples[offset + i]);
            }
            target.lastIndex = prev;
            target.pending.accept(scratch, 0, length);
        }
    }
}
