package io.s4stream.job.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.s4stream.audio.event.ClassificationEvent;
import io.s4stream.audio.event.ClassificationEventJson;
import io.s4stream.audio.file.DecodedAudio;
import io.s4stream.audio.record.AudioChunk;
import io.s4stream.audio.record.AudioHeaders;
import io.s4stream.audio.record.AudioRecordCodec;
import io.s4stream.job.ContinuationSettings;
import io.s4stream.job.InferenceSettings;
import io.s4stream.job.inference.FileClassifier;
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

class S4InferenceOperatorTest {

    private static final long T0 = 1_000_000;

    private static InferenceSettings.Builder settings() {
        return InferenceSettings.builder()
                .modelDir(TestModels.classifier())
                .chunkSize(256)
                .maxBatch(8)
                .hopSeconds(0.05)
                .maxBatchWait(Duration.ofMillis(20))
                .idleTimeout(Duration.ofSeconds(10))
                // classification only: ContinuationOperatorTest covers the generator's keyed state
                .continuation(ContinuationSettings.builder().disabled().build());
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, AudioChunk, OutputRecord> harness(
            InferenceSettings s) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, AudioChunk, OutputRecord> h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new S4InferenceOperator(s), AudioChunk::streamId, Types.STRING);
        h.setProcessingTime(T0);
        return h;
    }

    private static List<ClassificationEvent> events(
            KeyedOneInputStreamOperatorTestHarness<String, AudioChunk, OutputRecord> h) {
        List<ClassificationEvent> out = new ArrayList<>();
        for (OutputRecord r : h.extractOutputValues()) {
            assertThat(r.kind()).isEqualTo(OutputKind.EVENT);
            ClassificationEvent e = ClassificationEventJson.parse(r.value());
            assertThat(e.streamId()).isEqualTo(r.streamId());
            out.add(e);
        }
        return out;
    }

    private static Map<String, List<ClassificationEvent>> byStream(List<ClassificationEvent> all) {
        return all.stream()
                .collect(
                        Collectors.groupingBy(
                                ClassificationEvent::streamId, TreeMap::new, Collectors.toList()));
    }

    private static List<KafkaRecord> deadLetters(
            KeyedOneInputStreamOperatorTestHarness<String, AudioChunk, OutputRecord> h) {
        var side = h.getSideOutput(S4InferenceOperator.DEAD_LETTERS);
        return side == null
                ? List.of()
                : side.stream().map(StreamRecord::getValue).collect(Collectors.toList());
    }

    /**
     * Runs records through a fresh operator; after the max batch wait (when a stream that ended
     * holding whole chunks runs them and ends) every stream must have ended and left no state.
     */
    private static List<ClassificationEvent> run(InferenceSettings s, List<AudioChunk> records)
            throws Exception {
        try (var h = harness(s)) {
            h.open();
            for (AudioChunk c : records) {
                h.processElement(c, 0);
            }
            h.setProcessingTime(T0 + s.maxBatchWait().toMillis());
            assertThat(h.numKeyedStateEntries()).isZero();
            return events(h);
        }
    }

    private static final DecodedAudio A = TestAudio.tone(44_100, 1, 0.61, 220, 1);
    private static final DecodedAudio B = TestAudio.tone(48_000, 2, 0.47, 440, 2);
    private static final DecodedAudio C = TestAudio.tone(16_000, 1, 0.83, 330, 3);

    private static List<AudioChunk> interleaved() {
        return TestAudio.interleave(
                List.of(
                        TestAudio.records("a", A, 4410),
                        TestAudio.records("b", B, 1000),
                        TestAudio.records("c", C, 2400)),
                new int[] {0, 3, 7});
    }

    @Test
    void endOfStreamEmitsHopsAndTheFinalEventThenClearsAllState() throws Exception {
        try (var h = harness(settings().build())) {
            h.open();
            List<AudioChunk> records = TestAudio.records("a", A, 4410);
            for (AudioChunk c : records.subList(0, records.size() - 1)) {
                h.processElement(c, 0);
            }
            assertThat(h.numKeyedStateEntries()).isEqualTo(1);
            h.processElement(records.get(records.size() - 1), 0);
            // it ended holding whole chunks: they run with the next batch, at the max wait
            assertThat(h.numKeyedStateEntries()).isEqualTo(1);
            assertThat(events(h)).noneMatch(ClassificationEvent::finalEvent);
            h.setProcessingTime(T0 + 20);
            assertThat(h.numKeyedStateEntries()).isZero();

            List<ClassificationEvent> events = events(h);
            ClassificationEvent last = events.get(events.size() - 1);
            assertThat(last.finalEvent()).isTrue();
            assertThat(last.startSample()).isZero();
            assertThat(last.endSample()).isEqualTo(A.frames());
            List<ClassificationEvent> hops = events.subList(0, events.size() - 1);
            assertThat(hops).noneMatch(ClassificationEvent::finalEvent);
            assertThat(hops.get(0).startSample()).isZero();
            for (int i = 0; i < hops.size(); i++) {
                ClassificationEvent e = hops.get(i);
                assertThat(e.startSample()).isEqualTo(i * 2205L);
                assertThat(e.endSample())
                        .isEqualTo(i < hops.size() - 1 ? (i + 1) * 2205L : A.frames());
            }
            assertThat(hops).hasSize((int) Math.ceil(A.frames() / 2205.0));
        }
    }

    @Test
    void eachStreamKeepsItsOwnStateAndMatchesTheFileClassifier() throws Exception {
        InferenceSettings s = settings().build();
        Map<String, List<ClassificationEvent>> together = byStream(run(s, interleaved()));
        try (FileClassifier files = new FileClassifier(s)) {
            Map<String, DecodedAudio> audio = Map.of("a", A, "b", B, "c", C);
            for (var e : audio.entrySet()) {
                List<ClassificationEvent> expected = new ArrayList<>();
                files.classify(e.getKey(), e.getValue(), expected::add);
                assertThat(together.get(e.getKey())).as(e.getKey()).isEqualTo(expected);
            }
        }
        // stream b resampled from 48 kHz stereo: its end is 0.47 s at the model's 44.1 kHz
        List<ClassificationEvent> b = together.get("b");
        assertThat(b.get(b.size() - 1).endSample()).isBetween(20_720L, 20_730L);
    }

    @Test
    void maxBatchOneAndEightGiveIdenticalEventsForInterleavedStreams() throws Exception {
        List<ClassificationEvent> one = run(settings().maxBatch(1).build(), interleaved());
        List<ClassificationEvent> eight = run(settings().maxBatch(8).build(), interleaved());
        List<ClassificationEvent> eightNoWait =
                run(settings().maxBatch(8).maxBatchWait(Duration.ZERO).build(), interleaved());
        assertThat(byStream(eight)).isEqualTo(byStream(one));
        assertThat(byStream(eightNoWait)).isEqualTo(byStream(one));
        assertThat(one).hasSizeGreaterThan(20);
    }

    @Test
    void aStreamIdReusedWhileItsStreamIsEndingStartsANewStreamAfterTheOldOneEnds()
            throws Exception {
        List<AudioChunk> once = TestAudio.records("a", A, 4410);
        List<ClassificationEvent> expected = run(settings().build(), once);
        List<AudioChunk> twice = new ArrayList<>(once);
        twice.addAll(once);
        List<ClassificationEvent> got = run(settings().build(), twice);
        assertThat(got.subList(0, expected.size())).isEqualTo(expected);
        assertThat(got.subList(expected.size(), got.size())).isEqualTo(expected);
    }

    @Test
    void theMaxWaitTimerFlushesALoneStream() throws Exception {
        try (var h = harness(settings().hopSeconds(0.0058).build())) {
            h.open();
            // 600 samples: two 256-sample chunks ready; a hop is 256 samples
            h.processElement(TestAudio.records("a", A, 600).get(0), 0);
            assertThat(h.extractOutputValues()).isEmpty();
            h.setProcessingTime(T0 + 19);
            assertThat(h.extractOutputValues()).isEmpty();
            h.setProcessingTime(T0 + 20);
            assertThat(events(h))
                    .extracting(ClassificationEvent::endSample)
                    .containsExactly(256L, 512L);
        }
    }

    @Test
    void anIdleStreamIsFinalisedByItsProcessingTimeTimer() throws Exception {
        try (var h = harness(settings().build())) {
            h.open();
            List<AudioChunk> records = TestAudio.records("a", A, 4410);
            h.processElement(records.get(0), 0);
            h.setProcessingTime(T0 + 6_000);
            h.processElement(records.get(1), 0);
            h.setProcessingTime(T0 + 10_000);
            assertThat(events(h)).noneMatch(ClassificationEvent::finalEvent);
            assertThat(h.numKeyedStateEntries()).isEqualTo(1);
            h.setProcessingTime(T0 + 16_000);
            List<ClassificationEvent> events = events(h);
            ClassificationEvent last = events.get(events.size() - 1);
            assertThat(last.finalEvent()).isTrue();
            assertThat(last.endSample()).isEqualTo(2 * 4410);
            assertThat(h.numKeyedStateEntries()).isZero();
        }
    }

    @Test
    void outOfSequenceRecordsAreDeadLetteredAndLeaveTheStreamUntouched() throws Exception {
        List<AudioChunk> clean = TestAudio.records("a", A, 4410);
        AudioChunk duplicate = clean.get(2);
        AudioChunk gap = clean.get(5).toBuilder().seq(40).build();
        AudioChunk otherRate = clean.get(4).toBuilder().sampleRate(22_050).build();
        AudioChunk lateStart = TestAudio.records("z", A, 4410).get(1);
        List<AudioChunk> dirty = new ArrayList<>(clean);
        dirty.add(3, duplicate);
        dirty.add(5, gap);
        dirty.add(6, otherRate);
        dirty.add(1, lateStart);

        List<ClassificationEvent> expected = run(settings().build(), clean);
        try (var h = harness(settings().build())) {
            h.open();
            for (AudioChunk c : dirty) {
                h.processElement(c, 0);
            }
            h.setProcessingTime(T0 + 20);
            assertThat(events(h)).isEqualTo(expected);
            List<KafkaRecord> dead = deadLetters(h);
            assertThat(dead)
                    .extracting(r -> r.header(AudioHeaders.ERROR).orElseThrow())
                    .containsExactly("SEQ_GAP", "SEQ_DUPLICATE", "SEQ_GAP", "FORMAT_CHANGED");
            assertThat(dead.get(1).header(AudioHeaders.ERROR_DETAIL).orElseThrow())
                    .contains("expects seq 3, got seq 2");
            assertThat(dead.get(1).value())
                    .isEqualTo(new AudioRecordCodec().encode(duplicate).value());
            assertThat(dead.get(0).keyText()).isEqualTo("z");
            assertThat(h.numKeyedStateEntries()).isZero();
        }
    }

    @Test
    void aRestoredCheckpointContinuesExactlyAsAnUninterruptedRun() throws Exception {
        InferenceSettings s = settings().build();
        List<AudioChunk> records = interleaved();
        List<ClassificationEvent> expected = run(s, records);
        int cut = records.size() / 2;
        List<ClassificationEvent> got = new ArrayList<>();
        OperatorSubtaskState snapshot;
        try (var h = harness(s)) {
            h.open();
            for (AudioChunk c : records.subList(0, cut)) {
                h.processElement(c, 0);
            }
            // as a task does at a barrier: first the pre-barrier hook, then the snapshot
            h.prepareSnapshotPreBarrier(1);
            snapshot = h.snapshot(1, T0);
            got.addAll(events(h));
        }
        try (var h = harness(s)) {
            h.initializeState(snapshot);
            h.open();
            for (AudioChunk c : records.subList(cut, records.size())) {
                h.processElement(c, 0);
            }
            h.setProcessingTime(T0 + 20);
            got.addAll(events(h));
            assertThat(h.numKeyedStateEntries()).isZero();
        }
        assertThat(byStream(got)).isEqualTo(byStream(expected));
    }

    @Test
    void theEndOfABoundedInputEndsEveryOpenStream() throws Exception {
        List<AudioChunk> records = interleaved();
        List<AudioChunk> withoutEos =
                records.stream().filter(c -> !c.endOfStream()).collect(Collectors.toList());
        try (var h = harness(settings().build())) {
            h.open();
            for (AudioChunk c : withoutEos) {
                h.processElement(c, 0);
            }
            assertThat(h.numKeyedStateEntries()).isEqualTo(3);
            h.endInput();
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(byStream(events(h))).isEqualTo(byStream(run(settings().build(), records)));
        }
    }
}
