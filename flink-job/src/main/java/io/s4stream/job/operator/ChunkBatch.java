package io.s4stream.job.operator;

import io.s4stream.job.inference.EventSink;
import io.s4stream.job.inference.HopClassifier;
import io.s4stream.job.inference.ModelBatch;

import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.streaming.api.operators.KeyContext;

import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashSet;

/**
 * The streams of one batched classifier chunk call: their keys and states beside the reused model
 * buffers. Allocated once per operator.
 */
final class ChunkBatch {

    final ModelBatch model;
    final String[] keys;
    final StreamState[] streams;

    ChunkBatch(ModelBatch model) {
        this.model = model;
        this.keys = new String[model.capacity()];
        this.streams = new StreamState[model.capacity()];
    }

    /** Adds a stream's next chunk as the batch's next row. */
    void add(String key, StreamState stream) {
        int i = model.size();
        keys[i] = key;
        streams[i] = stream;
        model.addChunk(stream.s4State, stream.pending, 0);
    }

    /**
     * Takes up to max-batch streams from {@code ready}, advances them by one chunk in one call and
     * hands each one's logits to {@code classifier}; a stream still holding a chunk goes back to
     * {@code ready}.
     */
    void run(
            LinkedHashSet<String> ready,
            ValueState<StreamState> state,
            KeyContext keyContext,
            HopClassifier classifier,
            EventSink sink)
            throws IOException {
        Iterator<String> it = ready.iterator();
        while (it.hasNext() && !isFull()) {
            String key = it.next();
            it.remove();
            keyContext.setCurrentKey(key);
            add(key, state.value());
        }
        try {
            model.runChunk();
            for (int i = 0; i < size(); i++) {
                StreamState st = streams[i];
                keyContext.setCurrentKey(keys[i]);
                st.pending.consume(model.chunk());
                classifier.accept(
                        st.tally,
                        keys[i],
                        model.output(),
                        model.outputOffset(i),
                        model.framesPerChunk(),
                        sink);
                state.update(st);
                if (st.pending.size() >= model.chunk()) {
                    ready.add(keys[i]);
                }
            }
        } finally {
            clear();
        }
    }

    /**
     * Ends a stream that holds no whole chunk: its remaining whole frames run one step-graph call
     * each, then the open hop and the final event go to {@code sink}. Returns the step calls made.
     */
    int finish(String key, StreamState stream, HopClassifier classifier, EventSink sink) {
        int steps = 0;
        for (int at = 0; stream.pending.size() - at >= model.frame(); at += model.frame()) {
            model.runStep(stream.s4State, stream.pending, at);
            classifier.accept(stream.tally, key, model.stepOutput(), 0, 1, sink);
            steps++;
        }
        classifier.finish(stream.tally, key, stream.position, sink);
        return steps;
    }

    int size() {
        return model.size();
    }

    boolean isFull() {
        return model.isFull();
    }

    int capacity() {
        return model.capacity();
    }

    int chunk() {
        return model.chunk();
    }

    /** Drops the references of the last call. */
    void clear() {
        for (int i = 0; i < model.size(); i++) {
            keys[i] = null;
            streams[i] = null;
        }
        model.clear();
    }
}
