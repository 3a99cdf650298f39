package io.s4stream.audio.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

class AudioRecordCodecTest {
    private final AudioRecordCodec codec = new AudioRecordCodec();

    private static float[] ramp(int n) {
        float[] s = new float[n];
        for (int i = 0; i < n; i++) {
            s[i] = (float) Math.sin(i * 0.37) * 0.9f;
        }
        return s;
    }

    private static AudioChunk chunk(AudioEncoding enc, int channels, float[] samples) {
        return AudioChunk.builder()
                .streamId("piano-1")
                .seq(7)
                .sampleRate(48_000)
                .channels(channels)
                .encoding(enc)
                .samples(samples)
                .build();
    }

    private static Map<String, String> validHeaders() {
        Map<String, String> h = new HashMap<>();
        h.put(AudioHeaders.SAMPLE_RATE, "44100");
        h.put(AudioHeaders.ENCODING, "s16le");
        h.put(AudioHeaders.CHANNELS, "2");
        h.put(AudioHeaders.SEQ, "3");
        return h;
    }

    private static final byte[] KEY = "s".getBytes(StandardCharsets.UTF_8);

    @Test
    void f32RoundTripIsExact() {
        float[] s = ramp(2 * 300);
        AudioChunk c = chunk(AudioEncoding.F32LE, 2, s);
        EncodedRecord r = codec.encode(c);
        assertThat(r.value()).hasSize(s.length * 4);
        AudioChunk back = codec.decode(r.key(), r.value(), r.kafkaHeaders());
        assertThat(back).isEqualTo(c);
        assertThat(back.samples()).containsExactly(s);
    }

    @Test
    void s16RoundTripQuantizesToTheNearestCode() {
        float[] s = {0f, 0.5f, -0.5f, 1f, -1f, 0.25f + 1e-6f, 3.1e-5f, -0.99999f};
        AudioChunk back =
                codec.decode(
                        KEY,
                        codec.encode(chunk(AudioEncoding.S16LE, 1, s)).value(),
                        codec.encode(chunk(AudioEncoding.S16LE, 1, s)).kafkaHeaders());
        float[] expected = new float[s.length];
        for (int i = 0; i < s.length; i++) {
            expected[i] = Math.round(Math.min(32767, s[i] * 32768)) / 32768f;
            assertThat(Math.abs(back.sample(i) - s[i])).isLessThanOrEqualTo(1f / 32768);
        }
        assertThat(back.samples()).containsExactly(expected);
        assertThat(back.sample(3)).isEqualTo(32767 / 32768f); // +1.0 clamps
        assertThat(back.sample(4)).isEqualTo(-1f);
    }

    @Test
    void s16BytesAreLittleEndian() {
        EncodedRecord r = codec.encode(chunk(AudioEncoding.S16LE, 1, new float[] {0.5f, -1f}));
        assertThat(r.value()).containsExactly(0x00, 0x40, 0x00, 0x80);
    }

    @Test
    void headersCarryEveryFieldIncludingEosAndContinuation() {
        AudioChunk eos =
                AudioChunk.builder()
                        .streamId("é-stream")
                        .seq(12)
                        .sampleRate(16_000)
                        .channels(1)
                        .endOfStream(true)
                        .continueSeconds(5)
                        .kind(RecordKind.CONTINUATION)
                        .build();
        EncodedRecord r = codec.encode(eos);
        Map<String, String> h = new HashMap<>();
        for (Header x : r.headers()) {
            h.put(x.key(), new String(x.value(), StandardCharsets.UTF_8));
        }
        assertThat(h)
                .containsEntry("s4.sample-rate", "16000")
                .containsEntry("s4.encoding", "s16le")
                .containsEntry("s4.channels", "1")
                .containsEntry("s4.seq", "12")
                .containsEntry("s4.eos", "true")
                .containsEntry("s4.continue-seconds", "5")
                .containsEntry("s4.kind", "continuation");
        assertThat(r.value()).isEmpty();
        AudioChunk back = codec.decode(r.key(), r.value(), h);
        assertThat(back).isEqualTo(eos);
        assertThat(back.streamId()).isEqualTo("é-stream");
        assertThat(r.toProducerRecord("audio").key()).isEqualTo(r.key());
    }

    @Test
    void kafkaHeadersUseTheLastValueOfARepeatedName() {
        Headers h = new RecordHeaders();
        validHeaders().forEach((k, v) -> h.add(k, v.getBytes(StandardCharsets.UTF_8)));
        h.add(AudioHeaders.CHANNELS, "1".getBytes(StandardCharsets.UTF_8));
        assertThat(codec.decode(KEY, new byte[6], h).channels()).isEqualTo(1);
        assertThat(AudioRecordCodec.kindOf(h)).isEqualTo(RecordKind.AUDIO);
    }

    @Test
    void missingKey() {
        expect(null, new byte[4], validHeaders(), InvalidReason.MISSING_KEY, "key");
        expect(new byte[0], new byte[4], validHeaders(), InvalidReason.MISSING_KEY, "key");
    }

    @Test
    void badKey() {
        expect(new byte[257], new byte[4], validHeaders(), InvalidReason.BAD_KEY, "257 bytes");
        expect(
                new byte[] {'a', (byte) 0xc3},
                new byte[4],
                validHeaders(),
                InvalidReason.BAD_KEY,
                "UTF-8");
        expect(
                new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
                new byte[4],
                validHeaders(),
                InvalidReason.BAD_KEY,
                "UTF-8");
    }

    @ParameterizedTest
    @EnumSource(names = {"SAMPLE_RATE", "ENCODING", "CHANNELS", "SEQ"})
    void missingHeader(RequiredHeader which) {
        Map<String, String> h = validHeaders();
        h.remove(which.name);
        expect(KEY, new byte[4], h, InvalidReason.MISSING_HEADER, which.name);
    }

    enum RequiredHeader {
        SAMPLE_RATE(AudioHeaders.SAMPLE_RATE),
        ENCODING(AudioHeaders.ENCODING),
        CHANNELS(AudioHeaders.CHANNELS),
        SEQ(AudioHeaders.SEQ);

        final String name;

        RequiredHeader(String name) {
            this.name = name;
        }
    }

    @Test
    void badHeaders() {
        badHeader(AudioHeaders.SAMPLE_RATE, "44.1k", "s4.sample-rate='44.1k'");
        badHeader(AudioHeaders.SAMPLE_RATE, "999", "outside 1000..384000");
        badHeader(AudioHeaders.SAMPLE_RATE, "384001", "outside");
        badHeader(AudioHeaders.SAMPLE_RATE, "-44100", "not a non-negative integer");
        badHeader(AudioHeaders.CHANNELS, "0", "s4.channels=0 is outside 1..16");
        badHeader(AudioHeaders.CHANNELS, "17", "outside 1..16");
        badHeader(AudioHeaders.SEQ, "", "s4.seq=''");
        badHeader(AudioHeaders.SEQ, "99999999999999999999", "s4.seq");
        badHeader(AudioHeaders.EOS, "yes", "s4.eos='yes'");
        Map<String, String> h = validHeaders();
        h.put(AudioHeaders.CONTINUE_SECONDS, "5");
        expect(KEY, new byte[4], h, InvalidReason.BAD_HEADER, "only allowed when s4.eos=true");
        h.put(AudioHeaders.EOS, "true");
        h.put(AudioHeaders.CONTINUE_SECONDS, "61");
        expect(KEY, new byte[4], h, InvalidReason.BAD_HEADER, "outside (0, 60]");
        h.put(AudioHeaders.CONTINUE_SECONDS, "abc");
        expect(KEY, new byte[4], h, InvalidReason.BAD_HEADER, "'abc' is not a number");
        h.put(AudioHeaders.CONTINUE_SECONDS, "2.5");
        assertThat(codec.decode(KEY, new byte[4], h).continueSeconds()).isEqualTo(2.5);
    }

    private void badHeader(String name, String value, String detail) {
        Map<String, String> h = validHeaders();
        h.put(name, value);
        expect(KEY, new byte[4], h, InvalidReason.BAD_HEADER, detail);
    }

    @Test
    void unknownEncoding() {
        Map<String, String> h = validHeaders();
        h.put(AudioHeaders.ENCODING, "mp3");
        expect(KEY, new byte[4], h, InvalidReason.UNKNOWN_ENCODING, "s4.encoding='mp3'");
    }

    @Test
    void unknownKindAndEventsAreNotAudio() {
        Map<String, String> h = validHeaders();
        h.put(AudioHeaders.KIND, "video");
        expect(KEY, new byte[4], h, InvalidReason.UNKNOWN_KIND, "s4.kind='video'");
        h.put(AudioHeaders.KIND, "event");
        expect(KEY, new byte[4], h, InvalidReason.NOT_AUDIO, "event");
    }

    @Test
    void oddByteCount() {
        expect(
                KEY,
                new byte[6],
                validHeaders(),
                InvalidReason.ODD_BYTE_COUNT,
                "6 bytes, not a whole number of 4-byte frames (s16le, 2 channels)");
    }

    @Test
    void nonFiniteAndOutOfRangeFloats() {
        Map<String, String> h = validHeaders();
        h.put(AudioHeaders.ENCODING, "f32le");
        h.put(AudioHeaders.CHANNELS, "1");
        expect(KEY, f32(0.1f, Float.NaN), h, InvalidReason.NON_FINITE_SAMPLE, "sample 1 is NaN");
        expect(KEY, f32(Float.NEGATIVE_INFINITY), h, InvalidReason.NON_FINITE_SAMPLE, "Infinity");
        expect(KEY, f32(0f, 0f, 1.5f), h, InvalidReason.SAMPLE_OUT_OF_RANGE, "sample 2 is 1.5");
    }

    @Test
    void oversized() {
        AudioRecordCodec small = new AudioRecordCodec(8);
        Map<String, String> h = validHeaders();
        assertThatThrownBy(() -> small.decode(KEY, new byte[12], h))
                .isInstanceOfSatisfying(
                        InvalidAudioRecordException.class,
                        e -> assertThat(e.reason()).isEqualTo(InvalidReason.OVERSIZED))
                .hasMessageContaining("12 bytes, the limit is 8");
    }

    @Test
    void emptyValueOnlyAtEndOfStream() {
        expect(KEY, new byte[0], validHeaders(), InvalidReason.EMPTY_VALUE, "s4.eos is not true");
        expect(KEY, null, validHeaders(), InvalidReason.EMPTY_VALUE, "seq 3");
        Map<String, String> h = validHeaders();
        h.put(AudioHeaders.EOS, "TRUE");
        AudioChunk c = codec.decode(KEY, null, h);
        assertThat(c.endOfStream()).isTrue();
        assertThat(c.frameCount()).isZero();
    }

    @Test
    void everyReasonIsCoveredByATest() {
        assertThat(Arrays.stream(InvalidReason.values()).map(Enum::name))
                .containsExactlyInAnyOrder(
                        "MISSING_KEY",
                        "BAD_KEY",
                        "MISSING_HEADER",
                        "BAD_HEADER",
                        "UNKNOWN_ENCODING",
                        "UNKNOWN_KIND",
                        "NOT_AUDIO",
                        "ODD_BYTE_COUNT",
                        "NON_FINITE_SAMPLE",
                        "SAMPLE_OUT_OF_RANGE",
                        "OVERSIZED",
                        "EMPTY_VALUE");
    }

    @Test
    void deadLetterHeadersKeepTheOriginalsAndAddTheError() {
        Headers original = new RecordHeaders();
        original.add(AudioHeaders.SEQ, "x".getBytes(StandardCharsets.UTF_8));
        InvalidAudioRecordException e =
                new InvalidAudioRecordException(InvalidReason.BAD_HEADER, "s4.seq='x'");
        List<Header> dlq = DeadLetterHeaders.of(original, e);
        assertThat(dlq)
                .extracting(Header::key)
                .containsExactly(AudioHeaders.SEQ, AudioHeaders.ERROR, AudioHeaders.ERROR_DETAIL);
        assertThat(new String(dlq.get(1).value(), StandardCharsets.UTF_8)).isEqualTo("BAD_HEADER");
    }

    @Test
    void chunkIsDefensiveAboutItsArray() {
        float[] s = {0.1f, 0.2f};
        AudioChunk c = chunk(AudioEncoding.F32LE, 1, s);
        s[0] = 0.9f;
        assertThat(c.sample(0)).isEqualTo(0.1f);
        c.samples()[1] = 0.7f;
        assertThat(c.sample(1)).isEqualTo(0.2f);
        assertThatThrownBy(() -> c.samplesView().put(0, 1f))
                .isInstanceOf(java.nio.ReadOnlyBufferException.class);
    }

    @Test
    void chunkBuilderRejectsBadValues() {
        assertThatThrownBy(
                        () -> AudioChunk.builder().streamId("a").samples(new float[] {2f}).build())
                .hasMessageContaining("sample 0 is 2.0");
        assertThatThrownBy(() -> AudioChunk.builder().streamId("a").build())
                .hasMessageContaining("empty only on an end-of-stream chunk");
        assertThatThrownBy(
                        () ->
                                AudioChunk.builder()
                                        .streamId("a")
                                        .kind(RecordKind.EVENT)
                                        .endOfStream(true)
                                        .build())
                .hasMessageContaining("kind event");
        assertThatThrownBy(() -> AudioChunk.builder().streamId("").build())
                .hasMessageContaining("streamId");
    }

    private static byte[] f32(float... v) {
        byte[] b = new byte[v.length * 4];
        PcmCodec.encode(v, 0, v.length, AudioEncoding.F32LE, b, 0);
        return b;
    }

    private void expect(
            byte[] key,
            byte[] value,
            Map<String, String> headers,
            InvalidReason reason,
            String detailPart) {
        assertThatThrownBy(() -> codec.decode(key, value, headers))
                .isInstanceOfSatisfying(
                        InvalidAudioRecordException.class,
                        e -> {
                            assertThat(e.reason()).isEqualTo(reason);
                            assertThat(e.detail()).contains(detailPart);
                        });
    }
}
