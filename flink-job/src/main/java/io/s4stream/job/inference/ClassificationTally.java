package io.s4stream.job.inference;

import java.util.Arrays;

/**
 * What one stream has accumulated towards its events: frames seen, the open hop's summed
 * probabilities and the whole stream's. Mutable, owned by one stream; {@link HopClassifier} updates
 * it.
 */
public final class ClassificationTally {

    private long frames;
    private long hopIndex;
    private int hopFrames;
    private final double[] hopSum;
    private final double[] totalSum;

    /** An empty tally over {@code labels} classes. */
    public ClassificationTally(int labels) {
        this(0, 0, 0, new double[labels], new double[labels]);
    }

    /** A tally restored from its parts (the arrays are taken, not copied). */
    public ClassificationTally(
            long frames, long hopIndex, int hopFrames, double[] hopSum, double[] totalSum) {
        if (hopSum.length != totalSum.length) {
            throw new IllegalArgumentException(
                    "hop and total sums must have one entry per label, got "
                            + hopSum.length
                            + " and "
                            + totalSum.length);
        }
        if (frames < 0 || hopIndex < 0 || hopFrames < 0 || hopFrames > frames) {
            throw new IllegalArgumentException(
                    "inconsistent tally: frames="
                            + frames
                            + ", hopIndex="
                            + hopIndex
                            + ", hopFrames="
                            + hopFrames);
        }
        this.frames = frames;
        this.hopIndex = hopIndex;
        this.hopFrames = hopFrames;
        this.hopSum = hopSum;
        this.totalSum = totalSum;
    }

    /** Frames (model output steps) accumulated since the stream began. */
    public long frames() {
        return frames;
    }

    /** Index of the hop being filled. */
    public long hopIndex() {
        return hopIndex;
    }

    /** Frames in the hop being filled. */
    public int hopFrames() {
        return hopFrames;
    }

    /** Number of labels. */
    public int labels() {
        return hopSum.length;
    }

    /** Summed probability of label {@code i} over the open hop. */
    public double hopSum(int i) {
        return hopSum[i];
    }

    /** Summed probability of label {@code i} over the whole stream. */
    public double totalSum(int i) {
        return totalSum[i];
    }

    /** A deep copy. */
    public ClassificationTally copy() {
        return new ClassificationTally(
                frames, hopIndex, hopFrames, hopSum.clone(), totalSum.clone());
    }

    void add(double[] probabilities) {
        for (int i = 0; i < hopSum.length; i++) {
            hopSum[i] += probabilities[i];
            totalSum[i] += probabilities[i];
        }
        hopFrames++;
        frames++;
    }

    void closeHop() {
        Arrays.fill(hopSum, 0);
        hopFrames = 0;
        hopIndex++;
    }

    double[] hopSums() {
        return hopSum;
    }

    double[] totalSums() {
        return totalSum;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClassificationTally t
                && frames == t.frames
                && hopIndex == t.hopIndex
                && hopFrames == t.hopFrames
                && Arrays.equals(hopSum, t.hopSum)
                && Arrays.equals(totalSum, t.totalSum);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(frames) * 31 + Arrays.hashCode(totalSum);
    }

    @Override
    public String toString() {
        return "ClassificationTally{frames=" + frames + ", hop=" + hopIndex + "/" + hopFrames + '}';
    }
}
