package io.s4stream.job.operator;

import io.s4stream.audio.record.AudioChunk;
import io.s4stream.audio.record.AudioRecordCodec;
import io.s4stream.audio.record.EncodedRecord;
import io.s4stream.job.decode.AudioRecordDecoder;
import io.s4stream.job.record.KafkaRecord;

import java.util.Optional;

/**
 * Why a well-formed record cannot extend its stream: out of sequence, or a different format.
 *
 * @param error the dead-letter code
 * @param detail human-readable detail naming the values
 */
record StreamRejection(StreamError error, String detail) {

    /**
     * Checks {@code chunk} against its stream's state ({@code null} when no stream is open).
     *
     * @return the rejection, or empty when the record is the stream's next one
     */
    static Optional<StreamRejection> check(StreamState st, AudioChunk chunk) {
        String key = chunk.streamId();
        long seq = chunk.seq();
        if (st == null) {
            return seq == 0
                    ? Optional.empty()
                    : Optional.of(
                            new StreamRejection(
                                    StreamError.SEQ_GAP,
                                    String.format(
                                            "no open stream '%s': a stream starts at seq 0,"
                                                    + " got seq %d",
                                            key, seq)));
        }
        if (seq != st.lastSeq + 1) {
            return Optional.of(
                    new StreamRejection(
                            seq <= st.lastSeq ? StreamError.SEQ_DUPLICATE : StreamError.SEQ_GAP,
                            String.format(
                                    "stream '%s' expects seq %d, got seq %d",
                                    key, st.lastSeq + 1, seq)));
        }
        if (chunk.sampleRate() != st.sourceRate || chunk.channels() != st.channels) {
            return Optional.of(
                    new StreamRejection(
                            StreamError.FORMAT_CHANGED,
                            String.format(
                                    "stream '%s' began at %d Hz, %d channels; seq %d has %d Hz,"
                                            + " %d channels",
                                    key,
                                    st.sourceRate,
                                    st.channels,
                                    seq,
                                    chunk.sampleRate(),
                                    chunk.channels())));
        }
        return Optional.empty();
    }

    /** A record for a stream that has ended and is still generating its continuation. */
    static StreamRejection generating(AudioChunk chunk) {
        return new StreamRejection(
                StreamError.SEQ_GAP,
                String.format(
                        "stream '%s' has ended and is generating its continuation; got seq %d",
                        chunk.streamId(), chunk.seq()));
    }

    /** An end-of-stream record asking for a continuation when no continuation model is set. */
    static StreamRejection continuationUnavailable(AudioChunk chunk) {
        return new StreamRejection(
                StreamError.CONTINUATION_UNAVAILABLE,
                String.format(
                        "stream '%s' asks for %s s of continuation but no continuation model is"
                                + " configured (s4.continuation.model)",
                        chunk.streamId(), chunk.continueSeconds()));
    }

    /** An end-of-stream record asking for a longer continuation than {@code maxSeconds}. */
    static StreamRejection continuationTooLong(AudioChunk chunk, double maxSeconds) {
        return new StreamRejection(
                StreamError.CONTINUATION_TOO_LONG,
                String.format(
                        "stream '%s' asks for %s s of continuation, at most %s s are served"
                                + " (s4.continuation.max-seconds)",
                        chunk.streamId(), chunk.continueSeconds(), maxSeconds));
    }

    /** The dead-letter record: the chunk encoded as it came in, plus the error headers. */
    KafkaRecord deadLetter(AudioChunk chunk, AudioRecordCodec codec) {
        EncodedRecord encoded = codec.encode(chunk);
        KafkaRecord original =
                KafkaRecord.of(encoded.key(), encoded.value(), encoded.kafkaHeaders());
        return AudioRecordDecoder.deadLetter(original, error.name(), detail);
    }
}
