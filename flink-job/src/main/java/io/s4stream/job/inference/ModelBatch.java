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

    /** Which batch sizes the runtime is called with. */
    public enum Rows {
        /** Every size from {@link #MIN_ROWS} up: the fewest padding rows. */
        ANY,
        /**
         * Powers of two from {@link #MIN_ROWS}, and the capacity. The runtime keeps reused buffers
         * for every batch size it sees, sized by the model's outputs per chunk; a generator's 256
         * logits per sample would make those grow with every size from 2 to the capacity, so its
         * chunk calls use these few sizes instead, with padding rows.
         */
        POWERS_OF_TWO
    }

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
    private final Rows shapes;
    private final int maxRows;
    private int size;

    /**
     * Buffers for up to {@code capacity} streams per call; {@code runtime} must allow batches of
     * {@link #rowsFor(int) rowsFor(capacity)}.
     */
    public ModelBatch(S4Runtime runtime, int capacity) {
        this(runtime, capacity, Rows.ANY);
    }

    /**
     * Buffers for up to {@code capacity} streams per call, calling the runtime with the batch sizes
     * {@code shapes} allows; {@code runtime} must allow batches of {@link #rowsFor(int)
     * rowsFor(capacity)}.
     */
    public ModelBatch(S4Runtime runtime, int capacity, Rows shapes) {
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
        this.shapes = shapes;
        this.maxRows = rows;
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
        int rows = callRows(size);
        if (rows > size) {
            Arrays.fill(chunkInput, size * chunk, rows * chunk, 0f);
            pad(size, rows);
        }
        runtime.advanceChunk(states, rows, chunkInput, chunkOutput);
    }

    /** Rows of the call that runs {@code streams} streams. */
    int callRows(int streams) {
        int rows = Math.max(MIN_ROWS, streams);
        if (shapes == Rows.POWERS_OF_TWO) {
            rows = Math.min(Integer.highestOneBit(rows - 1) << 1, maxRows);
        }
        return rows;
    }

    /**
     * Advances one stream by one frame (the samples of {@code pending} from position {@code from});
     * read its logits from {@link #stepOutput()} at offset 0.
     */
    public void runStep(float[] state, SampleBuffer pending, int from) {
        pending.copyTo(from, stepInput, 0, frame);
        Arrays.fill(stepInput, frame, MIN_ROWS * frame, 0f);
        states[0] = state;
        pad(1, MIN_ROWS);
        runtime.advanceStep(states, MIN_ROWS, stepInput, stepOutput);
        states[0] = null;
    }

    /**
     * Fills rows {@code [from, to)} with the zeroed scratch state (its rows' outputs are unused).
     */
    private void pad(int from, int to) {
        Arrays.fill(padState, 0f);
        for (int i = from; i < to; i++) {
            states[i] = padState;
        }
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
