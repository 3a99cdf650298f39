package io.s4stream.audio.kafka;

/**
 * What one publish sent, once every record was acknowledged.
 *
 * @param streamId the stream
 * @param records records sent, the end-of-stream record included
 * @param frames audio frames sent
 * @param sampleRate rate in Hz
 * @param channels channels per frame
 * @param clippedSamples samples outside [-1, 1] that were clamped before encoding
 */
public record PublishResult(
        String streamId,
        long records,
        long frames,
        int sampleRate,
        int channels,
        long clippedSamples) {

    public double seconds() {
        return (double) frames / sampleRate;
    }
}
