package io.s4stream.audio.kafka;

/**
 * Where a publish stands after a record was handed to the producer.
 *
 * @param streamId the stream
 * @param seq sequence number of the record just sent
 * @param framesSent frames sent so far
 * @param totalFrames frames in the whole source, or -1 when unknown (live input)
 * @param sampleRate the source's rate in Hz
 * @param endOfStream whether the record just sent was the end-of-stream record
 */
public record PublishProgress(
        String streamId,
        long seq,
        long framesSent,
        long totalFrames,
        int sampleRate,
        boolean endOfStream) {

    /** Seconds of audio sent so far. */
    public double secondsSent() {
        return (double) framesSent / sampleRate;
    }

    /** Seconds of audio in the source, or -1 when unknown. */
    public double totalSeconds() {
        return totalFrames < 0 ? -1 : (double) totalFrames / sampleRate;
    }
}
