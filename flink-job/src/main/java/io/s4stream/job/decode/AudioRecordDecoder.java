package io.s4stream.job.decode;

import io.s4stream.audio.record.AudioChunk;
import io.s4stream.audio.record.AudioHeaders;
import io.s4stream.audio.record.AudioRecordCodec;
import io.s4stream.audio.record.InvalidAudioRecordException;
import io.s4stream.job.record.KafkaRecord;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes and validates input records: a valid record becomes an {@link AudioChunk}; an invalid one
 * goes, bytes unchanged, to {@link #DEAD_LETTERS} with {@code s4.error} and {@code s4.error-detail}
 * headers added.
 */
public final class AudioRecordDecoder extends ProcessFunction<KafkaRecord, AudioChunk> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(AudioRecordDecoder.class);

    /** Records that failed decoding, with the reason in headers. */
    public static final OutputTag<KafkaRecord> DEAD_LETTERS =
            new OutputTag<>("decode-dead-letters", TypeInformation.of(KafkaRecord.class));

    private final int maxValueBytes;
    private transient AudioRecordCodec codec;

    public AudioRecordDecoder(int maxValueBytes) {
        this.maxValueBytes = maxValueBytes;
    }

    @Override
    public void open(OpenContext openContext) {
        codec = new AudioRecordCodec(maxValueBytes);
    }

    @Override
    public void processElement(KafkaRecord record, Context ctx, Collector<AudioChunk> out) {
        AudioChunk chunk;
        try {
            chunk = codec.decode(record.key(), record.value(), record.kafkaHeaders());
        } catch (InvalidAudioRecordException e) {
            LOG.debug("Dead-lettering record of stream '{}': {}", record.keyText(), e.getMessage());
            ctx.output(DEAD_LETTERS, deadLetter(record, e.reason().name(), e.detail()));
            return;
        }
        out.collect(chunk);
    }

    /** The record unchanged, plus the error headers. */
    public static KafkaRecord deadLetter(KafkaRecord record, String reason, String detail) {
        return record.withHeaders(AudioHeaders.ERROR, reason, AudioHeaders.ERROR_DETAIL, detail);
    }
}
