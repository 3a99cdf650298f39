package io.s4stream.job.inference;

import io.s4stream.models.runtime.S4Runtime;

import java.util.Arrays;

/**
 * Stacks streams into {@link S4Runtime} calls with reused buffers, so that a stream's results do
 * not depend on which or how many other streams share its call.
 *
 * <p>ONNX Runtime rounds a batch of one differently from larger batches (measured on the chunk
 * graph: B = 1 differs in the last bits, while every B ≥ 2 agrees bit for bit, whatever the row and
 * the other rows). A lone stream therefore runs with one padding row (zero input, a scratch state),
 * which keeps {@code max-batch 1} and the {@code classify} command identical to any batching. Not
 * thread-safe.
 */
public final class ModelBatch {

    /** Rows in the smallest call that rounds like every larger one. */
    public static final int MIN_ROWS = 2;

    private final S4Runtime runtime;
    private final int capacity;
    private final int chunk;
    private final int frame;
    private final int framesPerChunk;
    private final int labels;
    private final float[][] states;
    private final float[] chunkInput;
    private final float[] chunkOutput;
    private final float[] stepInput;
    private final float[] stepOutput;
    private final float[] padState;
    private int size;

    /**
     * Buffers for up to {@code capacity} streams per call; {@code runtime} must allow batches of
     * {@link #rowsFor(int) rowsFor(capacity)}.
     */
    public ModelBatch(S4Runtime runtime, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        int rows = rowsFor(capacity);
        if (runtime.maxBatch() < rows) {
            throw new IllegalArgumentException(
                    "the runtime allows batches of "
                            + runtime.maxBatch()
                            + ", "
                            + rows
                            + " rows are needed");
        }
        this.runtime = runtime;
        this.capacity = capacity;
        this.chunk = runtime.chunkSize();
        this.frame = runtime.frame();
        this.framesPerChunk = chunk / frame;
        this.labels = runtime.manifest().outputChannels();
        this.states = new float[rows][];
        this.chunkInput = new float[rows * chunk];
        this.chunkOutput = new float[rows * framesPerChunk * labels];
        this.stepInput = new float[MIN_ROWS * frame];
        this.stepOutput = new float[MIN_ROWS * labels];
        this.padState = runtime.newState();
    }

    /** Rows the runtime must allow for batches of up to {@code capacity} streams. */
    public static int rowsFor(int capacity) {
        return Math.max(MIN_ROWS, capacity);
    }

    /**
     * Adds a stream: its state (updated in place by {@link #runChunk()}) and its next chunk, the
     * samples of {@code pending} from position {@code from}.
     */
    public void addChunk(float[] state, SampleBuffer pending, int from) {
        if (size == capacity) {
            throw new IllegalStateException("batch is full with " + capacity + " streams");
        }
        pending.copyTo(from, chunkInput, size * chunk, chunk);
        states[size++] = state;
    }

    /** Advances the added streams by one chunk each; read their logits with {@link #output()}. */
    public void runChunk() {
        int rows = size;
        if (rows < MIN_ROWS) {
            Arrays.fill(chunkInput, size * chunk, MIN_ROWS * chunk, 0f);
            rows = pad(size);
        }
        runtime.advanceChunk(states, rows, chunkInput, chunkOutput);
    }

    /**
     * Advances one stream by one frame (the samples of {@code pending} from position {@code from});
     * read its logits from {@link #stepOutput()} at offset 0.
     */
    public void runStep(float[] state, SampleBuffer pending, int from) {
        pending.copyTo(from, stepInput, 0, frame);
        Arrays.fill(stepInput, frame, MIN_ROWS * frame, 0f);
        states[0] = state;
        runtime.advanceStep(states, pad(1), stepInput, stepOutput);
        states[0] = null;
    }

    private int pad(int from) {
        for (int i = from; i < MIN_ROWS; i++) {
            Arrays.fill(padState, 0f);
            states[i] = padState;
        }
        return MIN_ROWS;
    }

    /** The last chunk call's logits, [stream][framesPerChunk][labels]. */
    public float[] output() {
        return chunkOutput;
    }

    /** Offset of stream {@code i}'s logits in {@link #output()}. */
    public int outputOffset(int i) {
        return i * framesPerChunk * labels;
    }

    /** The last step call's logits (the stream's at offset 0). */
    public float[] stepOutput() {
        return stepOutput;
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return capacity;
    }

    public boolean isFull() {
        return size == capacity;
    }

    public int chunk() {
        return chunk;
    }

    public int frame() {
        return frame;
    }

    public int framesPerChunk() {
        return framesPerChunk;
    }

    /** Forgets the streams of the last call (drops the state references). */
    public void clear() {
        Arrays.fill(states, null);
        size = 0;
    }
}
