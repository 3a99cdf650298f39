package io.s4stream.job.operator;

import io.s4stream.audio.dsp.SampleSink;
import io.s4stream.audio.dsp.StreamResampler;
import io.s4stream.audio.record.AudioChunk;
import io.s4stream.audio.record.AudioEncoding;
import io.s4stream.audio.record.AudioHeaders;
import io.s4stream.audio.record.RecordKind;
import io.s4stream.job.ContinuationSettings;
import io.s4stream.job.InvalidSettingException;
import io.s4stream.job.inference.ModelBatch;
import io.s4stream.job.record.OutputRecord;
import io.s4stream.models.generation.Continuation;
import io.s4stream.models.generation.MuLaw;
import io.s4stream.models.runtime.S4Runtime;

import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.operators.KeyContext;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;

import java.util.LinkedHashSet;
import java.util.List;

import java.util.function.Consumer;

/**
 * Generates the continuations of ended streams, incrementally so that it never holds up the
 * operator: each processing-time tick advances every generating stream by one slice, all of them
 * together through batched {@link Continuation#step} calls (one step-graph call per sample for the
 * whole batch, reused buffers), resamples each stream's new samples to the output rate and emits
 * them as one continuation record (s16le mono, {@code s4.seq} 0, 1, ..., {@code s4.eos} on the
 * last). Sampling is counter-based and seeded per stream, so a replay, and a restore from any
 * checkpoint, generates the same audio; a lone stream runs with one padding row so that its audio
 * does not depend on the batching (see {@link ModelBatch}). When a stream is done, its keyed state
 * is cleared. Not thread-safe; the operator's thread.
 */
final class ContinuationGenerator {

    static final String STATE_NAME = "s4-generation";

    /** Delay of the next tick: just enough to let records and checkpoints in between. */
    static final long TICK_DELAY_MILLIS = 1;

    private final S4Runtime runtime;
    private final ContinuationSettings settings;
    private final ValueState<GenerationState> states;
    private final KeyContext keyContext;
    private final ProcessingTimeService time;
    private final Consumer<OutputRecord> out;
    private final Counter stepCalls;
    private final Counter records;
    private final int rate;
    private final int capacity;
    private final LinkedHashSet<String> generating = new LinkedHashSet<>();
    private final LiveResamplers<GenerationState> resamplers;
    private final Row[] rows;
    private final Continuation[] stepRows;
    private final float[][] stepStates;
    private final float[] stepInput;
    private final float[] logits;
    private final float[] samples;
    private final Continuation pad;
    private final Collector collected = new Collector();
    private boolean tickArmed;

    ContinuationGenerator(
            S4Runtime runtime,
            ContinuationSettings settings,
            int maxBatch,
            ValueState<GenerationState> states,
            KeyContext keyContext,
            ProcessingTimeService time,
            Consumer<OutputRecord> out,
            Counter stepCalls,
            Counter records) {
        this.runtime = runtime;
        this.settings = settings;
        this.states = states;
        this.keyContext = keyContext;
        this.resamplers =
                new LiveResamplers<>(
                        keyContext, states, g -> g.resampler, (g, r) -> g.resampler = r);
        this.time = time;
        this.out = out;
        this.stepCalls = stepCalls;
        this.records = records;
        this.rate = runtime.manifest().sampleRate();
        this.capacity = maxBatch;
        requireRecordsFit(settings, rate);
        int callRows = ModelBatch.rowsFor(maxBatch);
        this.rows = new Row[maxBatch];
        for (int i = 0; i < maxBatch; i++) {
            rows[i] = new Row(settings.slice());
        }
        this.stepRows = new Continuation[callRows];
        this.stepStates = new float[callRows][];
        this.stepInput = new float[callRows];
        this.logits = new float[callRows * MuLaw.CLASSES];
        this.samples = new float[callRows];
        this.pad =
                Continuation.resume(
                        runtime.newState(), MuLaw.SILENCE_INDEX, 0, 0, settings.sampling());
    }

    /** Refuses a slice whose records, at the output rate, would not fit the record format. */
    private static void requireRecordsFit(ContinuationSettings s, int rate) {
        double factor = (double) s.outputRate() / rate;
        long bytes = 2 * ((long) Math.ceil((s.slice() + StreamResampler.BLOCK_SIZE) * factor) + 64);
        if (bytes > AudioHeaders.DEFAULT_MAX_VALUE_BYTES) {
            throw new InvalidSettingException(
                    "a continuation slice of "
                            + s.slice()
                            + " samples at the generator's "
                            + rate
                            + " Hz makes records of up to "
                            + bytes
                            + " bytes at "
                            + s.outputRate()
                            + " Hz, above the record limit of "
                            + AudioHeaders.DEFAULT_MAX_VALUE_BYTES);
        }
    }

    /** Takes up the streams of a restored checkpoint that were generating. */
    void restore(List<String> keys) {
        generating.addAll(keys);
        armTick();
    }

    boolean isGenerating(String key) {
        return generating.contains(key);
    }

    /**
     * Starts the current key's continuation of {@code seconds} from a primed generator state and
     * the index of the stream's last sample.
     */
    void start(String key, float[] state, int lastIndex, double seconds) throws IOException {
        long n = Math.max(1, Math.round(seconds * rate));
        long seed = Continuation.seedFor(key, settings.seed());
        states.update(new GenerationState(state, lastIndex, seed, 0, n, 0, null));
        generating.add(key);
        armTick();
    }

    private void armTick() {
        if (tickArmed || generating.isEmpty()) {
            return;
        }
        tickArmed = true;
        time.registerTimer(time.getCurrentProcessingTime() + TICK_DELAY_MILLIS, t -> tick());
    }

    /** Advances every generating stream by one slice, then arms the next tick. */
    void tick() throws IOException {
        tickArmed = false;
        List<String> keys = new ArrayList<>(generating);
        for (int from = 0; from < keys.size(); from += capacity) {
            int count = Math.min(capacity, keys.size() - from);
            for (int i = 0; i < count; i++) {
                rows[i].load(keys.get(from + i));
            }
            sortBySamplesDescending(count);
            generate(count);
            for (int i = 0; i < count; i++) {
                emit(rows[i]);
                rows[i].release();
            }
        }
        armTick();
    }

    /** Generates every generating stream to its end (a bounded input has ended). */
    void finishAll() throws IOException {
        while (!generating.isEmpty()) {
            tick();
        }
    }

    private void sortBySamplesDescending(int count) {
        for (int i = 1; i < count; i++) {
            Row r = rows[i];
            int j = i - 1;
            while (j >= 0 && rows[j].samples < r.samples) {
                rows[j + 1] = rows[j];
                j--;
            }
            rows[j + 1] = r;
        }
    }

    /** Steps rows [0, count), sorted by samples descending, each by its own number of samples. */
    private void generate(int count) {
        for (int i = 0; i < count; i++) {
            stepRows[i] = rows[i].continuation;
        }
        int active = count;
        for (int s = 0; s < rows[0].samples; s++) {
            while (rows[active - 1].samples <= s) {
                active--;
            }
            int call = active;
            if (call < ModelBatch.MIN_ROWS) {
                Arrays.fill(pad.state(), 0f);
                stepRows[1] = pad;
                call = ModelBatch.MIN_ROWS;
            }
            Continuation.step(runtime, stepRows, call, stepStates, stepInput, logits, samples);
            stepCalls.inc();
            for (int i = 0; i < active; i++) {
                rows[i].generated[s] = samples[i];
            }
        }
        Arrays.fill(stepRows, null);
        Arrays.fill(stepStates, null);
    }

    /** Stores a row's progress and emits its new audio; clears its state after the last slice. */
    private void emit(Row row) throws IOException {
        GenerationState g = row.state;
        g.nextIndex = row.continuation.nextIndex();
        g.drawn = row.continuation.drawn();
        g.remaining -= row.samples;
        boolean last = g.remaining == 0;
        keyContext.setCurrentKey(row.key);
        StreamResampler resampler = resamplers.get(row.key, g, rate, settings.outputRate());
        collected.size = 0;
        resampler.process(row.generated, 0, row.samples, collected);
        if (last) {
            resampler.flush(collected);
        }
        if (collected.size > 0 || last) {
            out.accept(OutputRecord.continuation(collected.chunk(row.key, g.seq++, last)));
            records.inc();
        }
        if (last) {
            states.clear();
            resamplers.remove(row.key);
            generating.remove(row.key);
        } else {
            states.update(g);
        }
    }

    /** Writes the live output resamplers to keyed state (before a checkpoint barrier). */
    void snapshotResamplers() throws IOException {
        resamplers.snapshot();
    }

    /** One stream of a tick: its state, its continuation, and the samples of this slice. */
    private final class Row {
        final float[] generated;
        String key;
        GenerationState state;
        Continuation continuation;
        int samples;

        Row(int slice) {
            this.generated = new float[slice];
        }

        void load(String streamKey) throws IOException {
            keyContext.setCurrentKey(streamKey);
            key = streamKey;
            state = states.value();
            continuation =
                    Continuation.resume(
                            state.state,
                            state.nextIndex,
                            state.seed,
                            state.drawn,
                            settings.sampling());
            samples = (int) Math.min(generated.length, state.remaining);
        }

        void release() {
            key = null;
            state = null;
            continuation = null;
        }
    }

    /** Output-rate samples of one slice, clamped to [-1, 1] for the record. Reused. */
    private final class Collector implements SampleSink {
        private float[] buffer = new float[0];
        int size;

        @Override
        public void accept(float[] in, int offset, int length) {
            if (size + length > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(size + length, 2 * buffer.length));
            }
            for (int i = 0; i < length; i++) {
                buffer[size + i] = Math.max(-1f, Math.min(1f, in[offset + i]));
            }
            size += length;
        }

        AudioChunk chunk(String key, long seq, boolean last) {
            return AudioChunk.builder()
                    .streamId(key)
                    .seq(seq)
                    .sampleRate(settings.outputRate())
                    .channels(1)
                    .encoding(AudioEncoding.S16LE)
                    .kind(RecordKind.CONTINUATION)
                    .samples(buffer, 0, size)
                    .endOfStream(last)
                    .build();
        }
    }
}
