package io.s4stream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import java.util.List;

class ConfusionMatrixTest {

    @Test
    void countsAccuracyRecallAndPrecision() {
        ConfusionMatrix m = new ConfusionMatrix(List.of("organ", "bass", "reed"));
        m.add("organ", "organ");
        m.add("organ", "reed");
        m.add("bass", "bass");
        m.add("reed", "organ");
        assertThat(m.total()).isEqualTo(4);
        assertThat(m.accuracy()).isEqualTo(0.5);
        String report = m.report();
        assertThat(report).contains("clip accuracy: 0.5000 (4 clips)");
        // organ: 1 of 2 right (recall 0.5), 1 of 2 organ predictions right (precision 0.5)
        assertThat(report).containsPattern("organ +1/2 +0\\.500 +0\\.500");
        assertThat(report).containsPattern("bass +1/1 +1\\.000 +1\\.000");
        assertThat(report).containsPattern("reed +0/1 +0\\.000 +0\\.000");
        assertThat(report).containsPattern("organ +1 +0 +1\\n");
    }

    @Test
    void svgShowsEveryNonZeroCellAndTheAccuracy() {
        ConfusionMatrix m = new ConfusionMatrix(List.of("a<b", "c"));
        m.add("a<b", "c");
        m.add("c", "c");
        m.add("c", "c");
        String svg = m.svg("t");
        assertThat(svg).startsWith("<svg").endsWith("</svg>\n").contains("a&lt;b");
        assertThat(svg).contains(">2</text>").contains(">1</text>").contains("clip accuracy 66.7 %");
    }

    @Test
    void unknownLabelIsAClearError() {
        ConfusionMatrix m = new ConfusionMatrix(List.of("a"));
        assertThatThrownBy(() -> m.add("x", "a"))
                .hasMessageContaining("true label 'x' is not one of the model's labels [a]");
    }
}
