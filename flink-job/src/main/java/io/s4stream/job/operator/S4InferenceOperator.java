package io.s4stream.job.operator;

import io.s4stream.audio.dsp.StreamResampler;
import io.s4stream.audio.event.ClassificationEvent;
import io.s4stream.audio.event.ClassificationEventJson;
import io.s4stream.audio.record.AudioChunk;
import io.s4stream.audio.record.AudioRecordCodec;
import io.s4stream.job.InferenceSettings;
import io.s4stream.job.inference.EventSink;
import io.s4stream.job.inference.HopClassifier;
import io.s4stream.job.inference.ModelBatch;
import io.s4stream.job.inference.ModelRateConverter;
import io.s4stream.job.inference.SampleBuffer;
import io.s4stream.job.inference.StreamModels;
import io.s4stream.job.record.KafkaRecord;
import io.s4stream.job.record.OutputRecord;
import io.s4stream.models.runtime.ModelManifest;
import io.s4stream.models.runtime.S4Runtime;

import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Advances every audio stream's S4 classifier, batching streams together: keyed by stream id, it
 * converts each record to the model's rate (mono, resampled), and once a stream holds a whole chunk
 * marks it ready. Ready streams run together, at most {@code max-batch} per ONNX Runtime call, when
 * a batch is full, when the max-wait timer fires, and before every checkpoint barrier (so
 * checkpoints hold no ready stream). Hop events go to the main output as JSON; a record
 * out of sequence, or changing the stream's format, goes to {@link #DEAD_LETTERS} and leaves the
 * stream untouched.
 *
 * <p>At end of stream ({@code s4.eos}, an idle timeout, or the end of a bounded input) a stream
 * holding whole chunks stays ready and ends once they have run in a batch (many streams ending
 * together would otherwise queue as many small calls); its remaining whole frames run through the
 * step graph, the open hop and the final event are emitted, and its state is cleared. A record for
 * an ending stream first runs every ready stream, so that stream has ended.
 *
 * <p>While a continuation model is configured, every stream also keeps that model primed on its own
 * audio ({@link PromptFeeder}); an end-of-stream record with {@code s4.continue-seconds} then
 * starts the stream's continuation after its final event ({@link ContinuationGenerator}), generated
 * a slice per timer tick and emitted as continuation records. Records for a stream that is still
 * generating are dead-lettered as {@code SEQ_GAP}. Without a continuation model such a request is
 * dead-lettered as {@code CONTINUATION_UNAVAILABLE}.
 *
 * <p>The streams' resamplers live in the operator between checkpoints (creating one costs far more
 * than a record); their state is written to keyed state before each checkpoint barrier.
 */
public final class S4InferenceOperator extends AbstractStreamOperator<OutputRecord>
        implements OneInputStreamOperator<AudioChunk, OutputRecord>,
                Triggerable<String, VoidNamespace>,
                BoundedOneInput {

    private static final long serialVersionUID = 1L;

    /** Well-formed records the stream could not take, with the reason in headers. */
    public static final OutputTag<KafkaRecord> DEAD_LETTERS =
            new OutputTag<>("stream-dead-letters", TypeInformation.of(KafkaRecord.class));

    static final String STATE_NAME = "s4-stream";

    private static final Logger LOG = LoggerFactory.getLogger(S4InferenceOperator.class);

    private final InferenceSettings settings;

    private transient S4Runtime runtime;
    private transient StreamContinuations continuations;
    private transient HopClassifier classifier;
    private transient ValueState<StreamState> streams;
    private transient InternalTimerService<VoidNamespace> idleTimers;
    private transient LiveResamplers<StreamState> resamplers;
    private transient LinkedHashSet<String> ready;
    /** Streams that have ended but are still ready: key to the ending record (null for none). */
    private transient Map<String, AudioChunk> ending;
    private transient ChunkBatch batch;
    private transient ModelRateConverter converter;
    private transient AudioRecordCodec codec;
    private transient StreamRecord<OutputRecord> reuse;
    private transient EventSink emitter;
    private transient boolean flushTimerArmed;
    private transient int modelRate;
    private transient long idleMillis;
    private transient long maxWaitMillis;
    private transient Counter chunkCalls;
    private transient Counter stepCalls;
    private transient Counter events;
    private transient Counter deadLetters;

    public S4InferenceOperator(InferenceSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open() throws Exception {
        super.open();
        runtime = StreamModels.open(settings.resolveModelDir(), settings, settings.chunkSize());
        ModelManifest manifest = runtime.manifest();
        StreamModels.requireAudioClassifier(manifest);
        classifier = new HopClassifier(manifest, settings.hopSeconds(), settings.topK());
        modelRate = manifest.sampleRate();
        idleMillis = settings.idleTimeout().toMillis();
        maxWaitMillis = settings.maxBatchWait().toMillis();
        streams =
                getPartitionedState(
                        new ValueStateDescriptor<>(STATE_NAME, StreamStateSerializer.INSTANCE));
        idleTimers = getInternalTimerService("s4-idle", VoidNamespaceSerializer.INSTANCE, this);
        resamplers =
                new LiveResamplers<>(
                        this, streams, st -> st.resampler, (st, r) -> st.resampler = r);
        ready = new LinkedHashSet<>();
        ending = new HashMap<>();
        batch = new ChunkBatch(new ModelBatch(runtime, settings.maxBatch()));
        converter = new ModelRateConverter();
        codec = new AudioRecordCodec(Integer.MAX_VALUE);
        reuse = new StreamRecord<>(null);
        emitter = this::emit;
        chunkCalls = getMetricGroup().counter("s4ChunkCalls");
        stepCalls = getMetricGroup().counter("s4StepCalls");
        events = getMetricGroup().counter("s4Events");
        deadLetters = getMetricGroup().counter("s4DeadLetters");
        Optional<Path> generatorDir = settings.continuation().resolveModelDir();
        if (generatorDir.isPresent()) {
            continuations =
                    StreamContinuations.open(
                            generatorDir.get(),
                            settings,
                            getKeyedStateStore(),
                            this,
                            getProcessingTimeService(),
                            this::emit,
                            getMetricGroup());
            continuations.restore(keys(ContinuationGenerator.STATE_NAME));
        }
    }

    private List<String> keys(String stateName) {
        try (Stream<String> keys =
                this.<String>getKeyedStateBackend().getKeys(stateName, VoidNamespace.INSTANCE)) {
            return keys.collect(Collectors.toCollection(ArrayList::new));
        }
    }

    @Override
    public void processElement(StreamRecord<AudioChunk> element) throws Exception {
        AudioChunk chunk = element.getValue();
        String key = chunk.streamId();
        if (ending.containsKey(key)) {
            flushReady();
            setCurrentKey(key);
        }
        if (continuations != null && continuations.isGenerating(key)) {
            deadLetter(StreamRejection.generating(chunk), chunk);
            return;
        }
        StreamState st = streams.value();
        long now = getProcessingTimeService().getCurrentProcessingTime();
        Optional<StreamRejection> rejection = StreamRejection.check(st, chunk);
        if (rejection.isPresent()) {
            deadLetter(rejection.get(), chunk);
            return;
        }
        if (st == null) {
            st = newStream(chunk);
        }
        st.lastSeq = chunk.seq();
        st.lastSeenMillis = now;
        StreamResampler resampler = resamplers.get(key, st, st.sourceRate, modelRate);
        int before = st.pending.size();
        int frames = converter.toMono(chunk);
        resampler.process(converter.mono(), 0, frames, st.pending);
        if (chunk.endOfStream()) {
            resampler.flush(st.pending);
        }
        if (continuations != null) {
            continuations.accept(key, st.sourceRate, converter.mono(), frames, chunk.endOfStream());
        }
        st.position += st.pending.size() - before;
        if (st.idleTimerMillis < 0) {
            st.idleTimerMillis = now + idleMillis;
            idleTimers.registerProcessingTimeTimer(VoidNamespace.INSTANCE, st.idleTimerMillis);
        }
        streams.update(st);
        if (chunk.endOfStream()) {
            endStream(key, chunk);
            return;
        }
        if (st.pending.size() >= batch.chunk()) {
            ready.add(key);
        }
        scheduleReady();
    }

    private void deadLetter(StreamRejection rejection, AudioChunk chunk) {
        deadLetters.inc();
        LOG.debug("Dead-lettering record: {}", rejection.detail());
        output.collect(DEAD_LETTERS, new StreamRecord<>(rejection.deadLetter(chunk, codec)));
    }

    private StreamState newStream(AudioChunk chunk) {
        return new StreamState(
                -1,
                chunk.sampleRate(),
                chunk.channels(),
                null,
                runtime.newState(),
                new SampleBuffer(2 * batch.chunk()),
                0,
                classifier.newTally(),
                0,
                -1);
    }

    /** Runs full batches; arms the max-wait timer when streams remain ready. */
    private void scheduleReady() throws Exception {
        while (ready.size() >= batch.capacity()) {
            runBatch();
        }
        if (continuations != null) {
            continuations.runFullBatches();
        }
        boolean waiting = !ready.isEmpty() || (continuations != null && continuations.hasReady());
        if (!waiting || flushTimerArmed) {
            return;
        }
        if (maxWaitMillis == 0) {
            flushReady();
            return;
        }
        flushTimerArmed = true;
        long now = getProcessingTimeService().getCurrentProcessingTime();
        getProcessingTimeService()
                .registerTimer(
                        now + maxWaitMillis,
                        time -> {
                            flushTimerArmed = false;
                            flushReady();
                        });
    }

    /** Runs every ready stream (classifier and prompts) until none holds a whole chunk. */
    private void flushReady() throws Exception {
        while (!ready.isEmpty()) {
            runBatch();
        }
        if (continuations != null) {
            continuations.flushReady();
        }
    }

    /** Runs one batch of up to max-batch ready streams through one chunk call; ends those due. */
    private void runBatch() throws Exception {
        batch.run(ready, streams, this, classifier, emitter);
        chunkCalls.inc();
        if (!ending.isEmpty()) {
            List<String> done = new ArrayList<>();
            ending.keySet().stream().filter(k -> !ready.contains(k)).forEach(done::add);
            for (String key : done) {
                setCurrentKey(key);
                finish(key, ending.remove(key));
            }
        }
    }

    /**
     * Ends the current key's stream: at once when it holds no whole chunk, else after its chunks
     * have run with the next batches ({@link #runBatch}). {@code last} is the end-of-stream record,
     * null after an idle timeout or the end of the input.
     */
    private void endStream(String key, AudioChunk last) throws Exception {
        StreamState st = streams.value();
        if (st.pending.size() >= batch.chunk()) {
            ready.add(key);
            ending.put(key, last);
            scheduleReady();
            return;
        }
        ready.remove(key);
        finish(key, last);
    }

    /**
     * Finishes the current key's stream, which holds no whole chunk: its remaining whole frames
     * run, the open hop and the final event are emitted and its state is cleared. When {@code
     * last} asks for a continuation, it starts.
     */
    private void finish(String key, AudioChunk last) throws Exception {
        StreamState st = streams.value();
        stepCalls.inc(batch.finish(key, st, classifier, emitter));
        if (st.idleTimerMillis >= 0) {
            idleTimers.deleteProcessingTimeTimer(VoidNamespace.INSTANCE, st.idleTimerMillis);
        }
        streams.clear();
        resamplers.remove(key);
        if (continuations != null) {
            continuations.end(key, last).ifPresent(r -> deadLetter(r, last));
        } else if (last != null && last.continueSeconds() > 0) {
            deadLetter(StreamRejection.continuationUnavailable(last), last);
        }
    }

    /** Finalises the current key's stream as if its last record had arrived. */
    private void finalizeOpenStream(String key) throws Exception {
        StreamState st = streams.value();
        StreamResampler resampler = resamplers.get(key, st, st.sourceRate, modelRate);
        int before = st.pending.size();
        resampler.flush(st.pending);
        st.position += st.pending.size() - before;
        streams.update(st);
        endStream(key, null);
    }

    @Override
    public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        String key = timer.getKey();
        StreamState st = streams.value();
        if (st == null || timer.getTimestamp() != st.idleTimerMillis || ending.containsKey(key)) {
            return;
        }
        long deadline = st.lastSeenMillis + idleMillis;
        if (deadline > timer.getTimestamp()) {
            st.idleTimerMillis = deadline;
            idleTimers.registerProcessingTimeTimer(VoidNamespace.INSTANCE, deadline);
            streams.update(st);
            return;
        }
        LOG.info(
                "Stream '{}' had no record for {}; finalising it at seq {}",
                key,
                settings.idleTimeout(),
                st.lastSeq);
        finalizeOpenStream(key);
    }

    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> timer) {
        // the operator registers processing-time timers only
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        flushReady();
        resamplers.snapshot();
        if (continuations != null) {
            continuations.snapshotResamplers();
        }
    }

    /** A bounded input has ended: every open stream ends with it, every continuation completes. */
    @Override
    public void endInput() throws Exception {
        flushReady();
        for (String key : keys(STATE_NAME)) {
            setCurrentKey(key);
            finalizeOpenStream(key);
        }
        flushReady();
        if (continuations != null) {
            continuations.finishAll();
        }
    }

    @Override
    public void close() throws Exception {
        try {
            if (runtime != null) {
                runtime.close();
            }
            if (continuations != null) {
                continuations.close();
            }
        } finally {
            super.close();
        }
    }

    private void emit(ClassificationEvent event) {
        events.inc();
        emit(OutputRecord.event(event.streamId(), ClassificationEventJson.toJsonBytes(event)));
    }

    private void emit(OutputRecord record) {
        output.collect(reuse.replace(record));
    }
}
