package io.s4stream.audio.event;

import java.util.List;
import java.util.Objects;

/**
 * A classification of one span of a stream (JSON {@code "type":"classification"}).
 *
 * <p>Samples count in the stream's timeline at the model's sample rate; {@link #startSeconds()} and
 * {@link #endSeconds()} are derived from them.
 *
 * @param streamId the stream (record key)
 * @param model model name, e.g. {@code instrument-family}
 * @param modelVersion model version, e.g. {@code 1.0.0}
 * @param startSample first sample of the span
 * @param endSample end of the span (exclusive)
 * @param sampleRate the model's sample rate in Hz
 * @param label the best label
 * @param score the best label's score
 * @param topK the best labels, best first
 * @param finalEvent whether this is the stream's final event, covering the whole stream
 */
public record ClassificationEvent(
        String streamId,
        String model,
        String modelVersion,
        long startSample,
        long endSample,
        int sampleRate,
        String label,
        double score,
        List<LabelScore> topK,
        boolean finalEvent) {

    /** The JSON {@code type} of every classification event. */
    public static final String TYPE = "classification";

    public ClassificationEvent {
        requireText(streamId, "stream_id");
        requireText(model, "model");
        requireText(modelVersion, "model_version");
        Objects.requireNonNull(label, "label");
        if (startSample < 0 || endSample < startSample) {
            throw new IllegalArgumentException(
                    "span must satisfy 0 <= start_sample <= end_sample, got ["
                            + startSample
                            + ", "
                            + endSample
                            + ")");
        }
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample_rate must be > 0, got " + sampleRate);
        }
        if (!Double.isFinite(score)) {
            throw new IllegalArgumentException("score must be finite, got " + score);
        }
        topK = List.copyOf(Objects.requireNonNull(topK, "top_k"));
    }

    /** Start of the span in seconds. */
    public double startSeconds() {
        return (double) startSample / sampleRate;
    }

    /** End of the span in seconds. */
    public double endSeconds() {
        return (double) endSample / sampleRate;
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(field + " is required and must not be empty");
        }
    }
}
