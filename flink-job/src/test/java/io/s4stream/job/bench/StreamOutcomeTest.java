package io.s4stream.job.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

/** Judging one stream from hand-made events and send times (no clocks involved). */
class StreamOutcomeTest {

    private static final long MS = 1_000_000L;
    private static final int RECORDS = 30; // 3 s of 100 ms records at 44.1 kHz
    private static final int HOP = 22_050;
    private static final StreamOutcome.Timeline TIMELINE =
            new StreamOutcome.Timeline(44_100, 4410, RECORDS, 44_100, 64);
    private static final KeepUpRules RULES = new KeepUpRules(1.0, 1000, 50, 150);

    /** Record k sent at (k + 1) * 100 ms, end of stream right after the last one. */
    private static PublishLog log() {
        long[][] send = new long[1][RECORDS + 1];
        for (int k = 0; k < RECORDS; k++) {
            send[0][k] = (k + 1) * 100 * MS;
        }
        send[0][RECORDS] = RECORDS * 100 * MS + 1;
        return new PublishLog(0, 100 * MS, send, new long[1][RECORDS]);
    }

    /** Hop h arrives {@code delays[h]} ms after the record holding its last sample was sent. */
    private static List<Received> hops(long... delays) {
        List<Received> events = new ArrayList<>();
        for (int h = 0; h < delays.length; h++) {
            long end = (long) (h + 1) * HOP;
            int record = (int) ((end - 1) / 4410);
            events.add(
                    new Received(
                            h * (long) HOP, end, false, ((record + 1) * 100 + delays[h]) * MS));
        }
        return events;
    }

    private static StreamOutcome judge(List<Received> events) {
        return StreamOutcome.evaluate("s", 0, events, log(), TIMELINE, RULES);
    }

    @Test
    void latencyCountsFromTheRecordHoldingTheHopsLastSampleAfterTheWarmUp() {
        List<Received> events = hops(500, 110, 120, 130, 140, 150);
        events.add(new Received(0, 6L * HOP, true, (RECORDS * 100 + 200) * MS));
        StreamOutcome o = judge(events);
        assertThat(o.keptUp()).as(o.problem()).isTrue();
        assertThat(o.hopEvents()).isEqualTo(6);
        // hops 0 and 1 end within the 1 s warm-up
        assertThat(o.latenciesMillis()).containsExactly(120, 130, 140, 150);
        assertThat(o.finalAfterEosMillis()).isCloseTo(200, offset(0.01));
        assertThat(o.coveredSamples()).isEqualTo(6L * HOP);
    }

    @Test
    void aMissingHopOrFinalEventMeansTheStreamDidNotKeepUp() {
        List<Received> gap = hops(100, 100, 100, 100, 100, 100);
        gap.remove(2);
        gap.add(new Received(0, 6L * HOP, true, (RECORDS * 100 + 100) * MS));
        assertThat(judge(gap).problem()).contains("not contiguous at sample 44100");

        StreamOutcome noFinal = judge(hops(100, 100, 100, 100, 100, 100));
        assertThat(noFinal.keptUp()).isFalse();
        assertThat(noFinal.problem()).contains("no final event");
    }

    @Test
    void replayedHopEventsAreCountedAndNamedAsARestart() {
        List<Received> replayed = hops(100, 100, 100, 100, 100, 100);
        // after hop 3 the job restarts from a checkpoint taken after hop 1: hops 2 and 3 come again
        List<Received> again = new ArrayList<>();
        for (Received e : replayed.subList(2, 4)) {
            again.add(new Received(e.startSample(), e.endSample(), false, e.receivedNanos() + 900 * MS));
        }
        replayed.addAll(4, again);
        replayed.add(new Received(0, 6L * HOP, true, (RECORDS * 100 + 100) * MS));
        StreamOutcome o = judge(replayed);
        assertThat(o.repeatedHops()).isEqualTo(2);
        assertThat(o.keptUp()).isFalse();
        assertThat(o.problem()).startsWith("2 hop events repeated (the job restarted");
        assertThat(o.problem()).doesNotContain("not contiguous");
        assertThat(judge(hops(100, 100, 100, 100, 100, 100)).repeatedHops()).isZero();
    }

    @Test
    void aLateFinalEventOrGrowingLatencyMeansTheStreamFellBehind() {
        List<Received> late = hops(100, 100, 100, 100, 100, 100);
        late.add(new Received(0, 6L * HOP, true, (RECORDS * 100 + 1500) * MS));
        assertThat(judge(late).problem()).contains("final event 1500 ms after end of stream");

        List<Received> growing = hops(100, 100, 100, 120, 300, 400);
        growing.add(new Received(0, 6L * HOP, true, (RECORDS * 100 + 500) * MS));
        StreamOutcome o = judge(growing);
        // post warm-up latencies 100, 120, 300, 400: thirds of one hop each
        assertThat(o.problem()).contains("latency grew from 100 ms to 400 ms");
        assertThat(o.firstThirdMillis()).isEqualTo(100);
        assertThat(o.lastThirdMillis()).isEqualTo(400);
    }
}
