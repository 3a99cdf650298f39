package io.s4stream.job.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.s4stream.audio.event.ClassificationEvent;
import io.s4stream.audio.event.ClassificationEventJson;
import io.s4stream.audio.file.DecodedAudio;
import io.s4stream.audio.record.AudioChunk;
import io.s4stream.audio.record.AudioEncoding;
import io.s4stream.audio.record.AudioHeaders;
import io.s4stream.audio.record.AudioRecordCodec;
import io.s4stream.audio.record.RecordKind;
import io.s4stream.job.ContinuationSettings;
import io.s4stream.job.InferenceSettings;
import io.s4stream.job.record.KafkaRecord;
import io.s4stream.job.record.OutputKind;
import io.s4stream.job.record.OutputRecord;
import io.s4stream.job.testing.TestAudio;
import io.s4stream.job.testing.TestModels;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The operator's continuations: generated after the final event, batched, seeded, checkpointed. */
class ContinuationOperatorTest {

    private static final long T0 = 1_000_000;
    private static final int OUTPUT_RATE = 44_100;
    private static final int SLICE = 800;

    private static final DecodedAudio A = TestAudio.tone(44_100, 1, 0.61, 220, 1);
    private static final DecodedAudio B = TestAudio.tone(48_000, 2, 0.47, 440, 2);
    private static final DecodedAudio C = TestAudio.tone(16_000, 1, 0.83, 330, 3);

    private static ContinuationSettings.Builder continuation() {
        return ContinuationSettings.builder()
                .modelDir(TestModels.generator())
                .chunkSize(TestModels.GENERATOR_CHUNK)
                .slice(SLICE)
                .outputRate(OUTPUT_RATE)
                .seed(7);
    }

    private static InferenceSettings.Builder settings(ContinuationSettings.Builder c) {
        return InferenceSettings.builder()
                .modelDir(TestModels.classifier())
                .chunkSize(256)
                .maxBatch(8)
                .hopSeconds(0.05)
                .maxBatchWait(Duration.ofMillis(20))
                .idleTimeout(Duration.ofSeconds(10))
                .continuation(c.build());
    }

    private static InferenceSettings settings() {
        return settings(continuation()).build();
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, AudioChunk, OutputRecord> harness(
            InferenceSettings s) throws Exception {
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new S4InferenceOperator(s), AudioChunk::streamId, Types.STRING);
        h.setProcessingTime(T0);
        return h;
    }

    /** Records of a stream whose end-of-stream record asks for {@code seconds} of continuation. */
    private static List<AudioChunk> asking(String id, DecodedAudio audio, double seconds) {
        List<AudioChunk> records = new ArrayList<>(TestAudio.records(id, audio, 4410));
        AudioChunk eos = records.remove(records.size() - 1);
        records.add(eos.toBuilder().continueSeconds(seconds).build());
        return records;
    }

    /** Advances processing time a millisecond at a time until no stream holds state. */
    private static void tickUntilDone(
            KeyedOneInputStreamOperatorTestHarness<String, AudioChunk, OutputRecord> h)
            throws Exception {
        long t = h.getProcessingTime();
        for (int i = 0; i < 100_000 && h.numKeyedStateEntries() > 0; i++) {
            h.setProcessingTime(++t);
        }
        assertThat(h.numKeyedStateEntries()).isZero();
    }

    /** Runs records through a fresh operator until every stream is done; returns its output. */
    private static List<OutputRecord> run(InferenceSettings s, List<AudioChunk> records)
            throws Exception {
        try (var h = harness(s)) {
            h.open();
            for (AudioChunk c : records) {
                h.processElement(c, 0);
            }
            tickUntilDone(h);
            return new ArrayList<>(h.extractOutputValues());
        }
    }

    private static Map<String, List<AudioChunk>> continuations(List<OutputRecord> out) {
        return out.stream()
                .filter(r -> r.kind() == OutputKind.CONTINUATION)
                .map(OutputRecord::audio)
                .collect(
                        Collectors.groupingBy(
                                AudioChunk::streamId, TreeMap::new, Collectors.toList()));
    }

    private static Map<String, List<String>> events(List<OutputRecord> out) {
        return out.stream()
                .filter(r -> r.kind() == OutputKind.EVENT)
                .collect(
                        Collectors.groupingBy(
                                OutputRecord::streamId,
                                TreeMap::new,
                                Collectors.mapping(OutputRecord::valueText, Collectors.toList())));
    }

    private static List<KafkaRecord> deadLetters(
            KeyedOneInputStreamOperatorTestHarness<String, AudioChunk, OutputRecord> h) {
        var side = h.getSideOutput(S4InferenceOperator.DEAD_LETTERS);
        return side == null
                ? List.of()
                : side.stream().map(StreamRecord::getValue).collect(Collectors.toList());
    }

    private static int totalFrames(List<AudioChunk> chunks) {
        return chunks.stream().mapToInt(AudioChunk::frameCount).sum();
    }

    @Test
    void theFinalEventComesFirstThenSSecondsOfContinuationThenNoStateIsLeft() throws Exception {
        double seconds = 0.25;
        try (var h = harness(settings())) {
            h.open();
            for (AudioChunk c : asking("a", A, seconds)) {
                h.processElement(c, 0);
            }
            h.setProcessingTime(T0 + 20); // the max batch wait: the stream's last chunks run, it ends
            List<OutputRecord> beforeTicks = new ArrayList<>(h.extractOutputValues());
            OutputRecord last = beforeTicks.get(beforeTicks.size() - 1);
            assertThat(ClassificationEventJson.parse(last.value()).finalEvent()).isTrue();
            assertThat(beforeTicks).allMatch(r -> r.kind() == OutputKind.EVENT);
            assertThat(h.numKeyedStateEntries()).as("the generation state").isEqualTo(1);

            tickUntilDone(h);
            List<OutputRecord> all = new ArrayList<>(h.extractOutputValues());
            assertThat(all.subList(0, beforeTicks.size())).isEqualTo(beforeTicks);
            List<OutputRecord> generated = all.subList(beforeTicks.size(), all.size());
            assertThat(generated).allMatch(r -> r.kind() == OutputKind.CONTINUATION);
            List<AudioChunk> chunks = generated.stream().map(OutputRecord::audio).toList();
            for (int i = 0; i < chunks.size(); i++) {
                AudioChunk c = chunks.get(i);
                assertThat(c.streamId()).isEqualTo("a");
                assertThat(c.seq()).isEqualTo(i);
                assertThat(c.endOfStream()).isEqualTo(i == chunks.size() - 1);
                assertThat(c.kind()).isEqualTo(RecordKind.CONTINUATION);
                assertThat(c.sampleRate()).isEqualTo(OUTPUT_RATE);
                assertThat(c.channels()).isEqualTo(1);
                assertThat(c.encoding()).isEqualTo(AudioEncoding.S16LE);
            }
            // 0.25 s = 4000 samples at 16 kHz, one record per 800-sample slice
            assertThat(chunks).hasSize(5);
            assertThat(totalFrames(chunks)).isCloseTo((int) (seconds * OUTPUT_RATE), within(3));
            float peak = 0;
            for (AudioChunk c : chunks) {
                for (int i = 0; i < c.sampleCount(); i++) {
                    peak = Math.max(peak, Math.abs(c.sample(i)));
                }
            }
            assertThat(peak).as("generated audio is not silence").isGreaterThan(0.01f);
        }
    }

    @Test
    void streamsGeneratingTogetherGetTheSameAudioAsEachAlone() throws Exception {
        List<List<AudioChunk>> streams =
                List.of(asking("a", A, 0.25), asking("b", B, 0.1), asking("c", C, 0.17));
        List<AudioChunk> interleaved = TestAudio.interleave(streams, new int[] {0, 1, 2});
        List<OutputRecord> together = run(settings(), interleaved);
        Map<String, List<AudioChunk>> got = continuations(together);
        assertThat(got).containsOnlyKeys("a", "b", "c");
        for (List<AudioChunk> alone : streams) {
            String id = alone.get(0).streamId();
            assertThat(got.get(id))
                    .as(id + " alone")
                    .isEqualTo(continuations(run(settings(), alone)).get(id));
        }
        InferenceSettings oneAtATime = settings(continuation()).maxBatch(1).build();
        assertThat(continuations(run(oneAtATime, interleaved))).isEqualTo(got);

        InferenceSettings off = settings(ContinuationSettings.builder().disabled()).build();
        assertThat(events(together))
                .as("continuations change no event")
                .isEqualTo(events(run(off, interleaved)));
    }

    @Test
    void aReplayGeneratesTheSameBytesAndTheSeedAndStreamIdMatter() throws Exception {
        AudioRecordCodec codec = new AudioRecordCodec();
        List<AudioChunk> input = asking("a", A, 0.1);
        List<AudioChunk> first = continuations(run(settings(), input)).get("a");
        List<AudioChunk> again = continuations(run(settings(), input)).get("a");
        assertThat(again).hasSameSizeAs(first);
        for (int i = 0; i < first.size(); i++) {
            assertThat(codec.encode(again.get(i)).value())
                    .isEqualTo(codec.encode(first.get(i)).value());
        }
        InferenceSettings otherSeed = settings(continuation().seed(8)).build();
        assertThat(continuations(run(otherSeed, input)).get("a")).isNotEqualTo(first);
        List<AudioChunk> renamed = asking("z", A, 0.1);
        List<AudioChunk> z = continuations(run(settings(), renamed)).get("z");
        assertThat(z.get(0).samples()).isNotEqualTo(first.get(0).samples());
    }

    @Test
    void aCheckpointInTheMiddleOfGenerationContinuesIdentically() throws Exception {
        InferenceSettings s = settings();
        List<AudioChunk> input =
                TestAudio.interleave(
                        List.of(asking("a", A, 0.2), asking("b", B, 0.15)), new int[] {0, 2});
        Map<String, List<AudioChunk>> expected = continuations(run(s, input));
        List<OutputRecord> got = new ArrayList<>();
        OperatorSubtaskState snapshot;
        try (var h = harness(s)) {
            h.open();
            for (AudioChunk c : input) {
                h.processElement(c, 0);
            }
            h.setProcessingTime(T0 + 20); // the max batch wait: both streams end, generation starts
            h.setProcessingTime(T0 + 21);
            h.setProcessingTime(T0 + 22);
            assertThat(continuations(h.extractOutputValues()).get("a")).hasSize(2);
            h.prepareSnapshotPreBarrier(1);
            snapshot = h.snapshot(1, T0 + 22);
            got.addAll(h.extractOutputValues());
        }
        try (var h = harness(s)) {
            h.initializeState(snapshot);
            h.open();
            tickUntilDone(h);
            got.addAll(h.extractOutputValues());
        }
        assertThat(continuations(got)).isEqualTo(expected);
    }

    @Test
    void recordsForAStreamThatIsGeneratingAreDeadLetteredAndChangeNothing() throws Exception {
        List<AudioChunk> input = asking("a", A, 0.1);
        Map<String, List<AudioChunk>> expected = continuations(run(settings(), input));
        AudioChunk late = TestAudio.records("a", A, 4410).get(0);
        try (var h = harness(settings())) {
            h.open();
            for (AudioChunk c : input) {
                h.processElement(c, 0);
            }
            h.processElement(late, 0);
            tickUntilDone(h);
            assertThat(continuations(h.extractOutputValues())).isEqualTo(expected);
            List<KafkaRecord> dead = deadLetters(h);
            assertThat(dead).hasSize(1);
            assertThat(dead.get(0).header(AudioHeaders.ERROR)).contains("SEQ_GAP");
            assertThat(dead.get(0).header(AudioHeaders.ERROR_DETAIL).orElseThrow())
                    .contains("generating its continuation");
        }
    }

    @Test
    void requestsThatCannotBeServedAreDeadLetteredAfterTheFinalEvent() throws Exception {
        InferenceSettings off = settings(ContinuationSettings.builder().disabled()).build();
        InferenceSettings short1 = settings(continuation().maxSeconds(0.05)).build();
        for (InferenceSettings s : List.of(off, short1)) {
            List<AudioChunk> input = asking("a", A, 0.1);
            try (var h = harness(s)) {
                h.open();
                for (AudioChunk c : input) {
                    h.processElement(c, 0);
                }
                h.setProcessingTime(T0 + 20);
                assertThat(h.numKeyedStateEntries()).isZero();
                List<OutputRecord> out = new ArrayList<>(h.extractOutputValues());
                assertThat(out).allMatch(r -> r.kind() == OutputKind.EVENT);
                ClassificationEvent last =
                        ClassificationEventJson.parse(out.get(out.size() - 1).value());
                assertThat(last.finalEvent()).isTrue();
                List<KafkaRecord> dead = deadLetters(h);
                assertThat(dead).hasSize(1);
                assertThat(dead.get(0).header(AudioHeaders.ERROR))
                        .contains(s == off ? "CONTINUATION_UNAVAILABLE" : "CONTINUATION_TOO_LONG");
                assertThat(dead.get(0).header(AudioHeaders.CONTINUE_SECONDS)).contains("0.1");
                assertThat(dead.get(0).value())
                        .isEqualTo(
                                new AudioRecordCodec().encode(input.get(input.size() - 1)).value());
            }
        }
    }

    @Test
    void theEndOfABoundedInputCompletesEveryContinuation() throws Exception {
        List<AudioChunk> input = asking("a", A, 0.15);
        Map<String, List<AudioChunk>> expected = continuations(run(settings(), input));
        try (var h = harness(settings())) {
            h.open();
            for (AudioChunk c : input) {
                h.processElement(c, 0);
            }
            h.endInput();
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(continuations(h.extractOutputValues())).isEqualTo(expected);
        }
    }

    @Test
    void anIdleStreamEndsWithoutContinuationAndLeavesNoPromptState() throws Exception {
        try (var h = harness(settings())) {
            h.open();
            h.processElement(TestAudio.records("a", A, 4410).get(0), 0);
            assertThat(h.numKeyedStateEntries()).as("stream and prompt").isEqualTo(2);
            h.setProcessingTime(T0 + 20_000);
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.extractOutputValues()).noneMatch(r -> r.kind() == OutputKind.CONTINUATION);
        }
    }
}
