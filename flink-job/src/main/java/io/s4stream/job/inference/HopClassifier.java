package io.s4stream.job.inference;

import io.s4stream.audio.event.ClassificationEvent;
import io.s4stream.audio.event.LabelScore;
import io.s4stream.models.runtime.ModelManifest;
import io.s4stream.models.runtime.Task;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a classifier's per-frame logits into {@link ClassificationEvent}s: one per hop (mean of
 * softmax probabilities over the hop's frames) and a final one over the whole stream.
 *
 * <p>Frame {@code i} covers model-rate samples {@code [i·frame, (i+1)·frame)} and belongs to the
 * hop its last sample falls in; hop {@code h} covers {@code [h·hop, (h+1)·hop)}. A hop's event is
 * emitted as soon as no further whole frame fits in it, so hop spans are contiguous and of equal
 * length; at the end of the stream the open hop (if it has frames) is emitted up to the stream's
 * end, then the final event covers {@code [0, end)}.
 *
 * <p>Not thread-safe (it reuses scratch buffers); per-stream data lives in {@link
 * ClassificationTally}.
 */
public final class HopClassifier {

    private final String model;
    private final String version;
    private final int sampleRate;
    private final List<String> labels;
    private final int frame;
    private final long hopSamples;
    private final int topK;
    private final double[] probabilities;
    private final int[] order;

    public HopClassifier(ModelManifest manifest, double hopSeconds, int topK) {
        if (manifest.task() != Task.CLASSIFICATION) {
            throw new UnsupportedModelException(
                    "model "
                            + manifest.name()
                            + " is a "
                            + manifest.task()
                            + " model, expected"
                            + " CLASSIFICATION");
        }
        if (manifest.labels().size() != manifest.outputChannels()) {
            throw new UnsupportedModelException(
                    "model "
                            + manifest.name()
                            + " has "
                            + manifest.labels().size()
                            + " labels but "
                            + manifest.outputChannels()
                            + " output channels");
        }
        if (topK < 1) {
            throw new IllegalArgumentException("top-k must be at least 1, got " + topK);
        }
        this.model = manifest.name();
        this.version = manifest.version();
        this.sampleRate = manifest.sampleRate();
        this.labels = List.copyOf(manifest.labels());
        this.frame = manifest.frame();
        this.hopSamples = Math.round(hopSeconds * sampleRate);
        if (hopSamples < frame) {
            throw new UnsupportedModelException(
                    "hop of "
                            + hopSeconds
                            + " s is "
                            + hopSamples
                            + " samples at "
                            + sampleRate
                            + " Hz, shorter than the model's frame of "
                            + frame
                            + " samples");
        }
        this.topK = Math.min(topK, labels.size());
        this.probabilities = new double[labels.size()];
        this.order = new int[labels.size()];
    }

    /** A fresh tally for a new stream. */
    public ClassificationTally newTally() {
        return new ClassificationTally(labels.size());
    }

    /** Hop length in samples at the model's rate. */
    public long hopSamples() {
        return hopSamples;
    }

    /** Number of labels (logits per frame). */
    public int labelCount() {
        return labels.size();
    }

    /**
     * Accumulates {@code frames} frames of logits ({@code labelCount()} floats each, from {@code
     * offset}), emitting the events of the hops they complete.
     */
    public void accept(
            ClassificationTally tally,
            String streamId,
            float[] logits,
            int offset,
            int frames,
            EventSink sink) {
        int n = labels.size();
        for (int f = 0; f < frames; f++) {
            softmax(logits, offset + f * n);
            tally.add(probabilities);
            long hopEnd = (tally.hopIndex() + 1) * hopSamples;
            if ((tally.frames() + 1) * frame > hopEnd) {
                sink.accept(
                        event(
                                streamId,
                                tally.hopIndex() * hopSamples,
                                hopEnd,
                                tally.hopSums(),
                                tally.hopFrames(),
                                false));
                tally.closeHop();
            }
        }
    }

    /**
     * Ends the stream at {@code endSample} (model-rate samples received, a trailing partial frame
     * included): emits the open hop if it has frames, then the final event. A stream without a
     * single whole frame has no events.
     */
    public void finish(ClassificationTally tally, String streamId, long endSample, EventSink sink) {
        if (endSample < tally.frames() * frame) {
            throw new IllegalArgumentException(
                    "end sample "
                            + endSample
                            + " lies before the "
                            + tally.frames()
                            + " frames already classified");
        }
        if (tally.hopFrames() > 0) {
            sink.accept(
                    event(
                            streamId,
                            tally.hopIndex() * hopSamples,
                            endSample,
                            tally.hopSums(),
                            tally.hopFrames(),
                            false));
            tally.closeHop();
        }
        if (tally.frames() > 0) {
            sink.accept(event(streamId, 0, endSample, tally.totalSums(), tally.frames(), true));
        }
    }

    private void softmax(float[] logits, int offset) {
        int n = probabilities.length;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, logits[offset + i]);
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double e = Math.exp(logits[offset + i] - max);
            probabilities[i] = e;
            sum += e;
        }
        for (int i = 0; i < n; i++) {
            probabilities[i] /= sum;
        }
    }

    private ClassificationEvent event(
            String streamId, long start, long end, double[] sums, long count, boolean last) {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        // partial selection sort: the top-k by score, ties to the lower label index
        for (int k = 0; k < topK; k++) {
            int best = k;
            for (int j = k + 1; j < order.length; j++) {
                int a = order[j];
                int b = order[best];
                if (sums[a] > sums[b] || (sums[a] == sums[b] && a < b)) {
                    best = j;
                }
            }
            int t = order[k];
            order[k] = order[best];
            order[best] = t;
        }
        List<LabelScore> top = new ArrayList<>(topK);
        for (int k = 0; k < topK; k++) {
            top.add(new LabelScore(labels.get(order[k]), sums[order[k]] / count));
        }
        return new ClassificationEvent(
                streamId,
                model,
                version,
                start,
                end,
                sampleRate,
                top.get(0).label(),
                top.get(0).score(),
                top,
                last);
    }
}
