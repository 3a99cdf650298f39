package io.s4stream.job.operator;

import io.s4stream.job.inference.ModelBatch;

/**
 * The streams of one batched chunk call: their keys and states beside the reused model buffers.
 * Allocated once per operator.
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
