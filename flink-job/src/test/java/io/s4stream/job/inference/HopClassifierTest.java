package io.s4stream.job.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.s4stream.audio.event.ClassificationEvent;
import io.s4stream.audio.event.LabelScore;
import io.s4stream.models.runtime.ModelManifest;
import io.s4stream.models.runtime.StateSpec;
import io.s4stream.models.runtime.Task;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

class HopClassifierTest {

    /** 100 Hz model, frame of 3 samples, labels a/b/c; a hop of 0.1 s is 10 samples. */
    private static ModelManifest manifest(Task task, int frame) {
        return new ModelManifest(
                "m",
                "1.2.3",
                task,
                100,
                List.of("a", "b", "c"),
                1,
                3,
                frame,
                List.of(new StateSpec("s0", 2, 2)),
                "float",
                List.of());
    }

    private static float[] logits(int frames, int label) {
        float[] l = new float[frames * 3];
        for (int f = 0; f < frames; f++) {
            l[f * 3 + label] = 2f;
        }
        return l;
    }

    @Test
    void hopsAreContiguousFramesBelongToTheHopTheirLastSampleFallsIn() {
        HopClassifier c = new HopClassifier(manifest(Task.CLASSIFICATION, 3), 0.1, 3);
        ClassificationTally t = c.newTally();
        List<ClassificationEvent> events = new ArrayList<>();
        // frames end at 3,6,9 (hop 0), 12,15,18 (hop 1), 21 ... : hop 0 closes after frame 3
        c.accept(t, "s", logits(7, 1), 0, 7, events::add);
        assertThat(events).extracting(ClassificationEvent::startSample).containsExactly(0L, 10L);
        assertThat(events).extracting(ClassificationEvent::endSample).containsExactly(10L, 20L);
        assertThat(t.hopFrames()).isEqualTo(1);
        c.finish(t, "s", 22, events::add);
        assertThat(events).hasSize(4);
        assertThat(events.get(2).startSample()).isEqualTo(20);
        assertThat(events.get(2).endSample()).isEqualTo(22);
        assertThat(events.get(2).finalEvent()).isFalse();
        ClassificationEvent last = events.get(3);
        assertThat(last.finalEvent()).isTrue();
        assertThat(last.startSample()).isZero();
        assertThat(last.endSample()).isEqualTo(22);
        assertThat(last.label()).isEqualTo("b");
        assertThat(last.model()).isEqualTo("m");
        assertThat(last.modelVersion()).isEqualTo("1.2.3");
        assertThat(last.sampleRate()).isEqualTo(100);
    }

    @Test
    void scoreIsTheMeanSoftmaxAndTopKIsOrdered() {
        HopClassifier c = new HopClassifier(manifest(Task.CLASSIFICATION, 5), 0.1, 2);
        ClassificationTally t = c.newTally();
        List<ClassificationEvent> events = new ArrayList<>();
        float[] l = {0f, 0f, 0f, 0f, (float) Math.log(3), 0f};
        c.accept(t, "s", l, 0, 2, events::add);
        assertThat(events).hasSize(1);
        ClassificationEvent e = events.get(0);
        // frame 0: 1/3 each; frame 1: b = 3/5, a = c = 1/5
        assertThat(e.label()).isEqualTo("b");
        assertThat(e.score()).isCloseTo((1.0 / 3 + 3.0 / 5) / 2, within(1e-6));
        assertThat(e.topK()).extracting(LabelScore::label).containsExactly("b", "a");
        assertThat(e.topK().get(1).score()).isCloseTo((1.0 / 3 + 1.0 / 5) / 2, within(1e-6));
    }

    @Test
    void tiesGoToTheLowerLabelIndex() {
        HopClassifier c = new HopClassifier(manifest(Task.CLASSIFICATION, 10), 0.1, 3);
        ClassificationTally t = c.newTally();
        List<ClassificationEvent> events = new ArrayList<>();
        c.accept(t, "s", new float[] {0f, 1f, 1f}, 0, 1, events::add);
        assertThat(events.get(0).topK())
                .extracting(LabelScore::label)
                .containsExactly("b", "c", "a");
    }

    @Test
    void streamWithoutWholeFramesHasNoEventsAndHopEndingOnTheEdgeHasNoPartialHop() {
        HopClassifier c = new HopClassifier(manifest(Task.CLASSIFICATION, 5), 0.1, 3);
        List<ClassificationEvent> events = new ArrayList<>();
        c.finish(c.newTally(), "s", 4, events::add);
        assertThat(events).isEmpty();
        ClassificationTally t = c.newTally();
        c.accept(t, "s", logits(2, 0), 0, 2, events::add);
        c.finish(t, "s", 10, events::add);
        assertThat(events).extracting(ClassificationEvent::finalEvent).containsExactly(false, true);
    }

    @Test
    void rejectsModelsThatCannotClassifyOrHopsShorterThanAFrame() {
        assertThatThrownBy(() -> new HopClassifier(manifest(Task.GENERATION, 3), 0.1, 3))
                .isInstanceOf(UnsupportedModelException.class)
                .hasMessageContaining("GENERATION");
        assertThatThrownBy(() -> new HopClassifier(manifest(Task.CLASSIFICATION, 30), 0.1, 3))
                .isInstanceOf(UnsupportedModelException.class)
                .hasMessageContaining("frame of 30");
    }

    @Test
    void finishBeforeTheClassifiedFramesIsRejected() {
        HopClassifier c = new HopClassifier(manifest(Task.CLASSIFICATION, 3), 0.1, 3);
        ClassificationTally t = c.newTally();
        c.accept(t, "s", logits(2, 0), 0, 2, e -> {});
        assertThatThrownBy(() -> c.finish(t, "s", 5, e -> {})).hasMessageContaining("end sample 5");
    }
}
