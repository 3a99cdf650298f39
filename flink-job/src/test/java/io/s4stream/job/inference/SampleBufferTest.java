package io.s4stream.job.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SampleBufferTest {

    @Test
    void appendsGrowsConsumesAndCopies() {
        SampleBuffer b = new SampleBuffer(2);
        float[] in = new float[40];
        for (int i = 0; i < in.length; i++) {
            in[i] = i;
        }
        b.accept(in, 5, 30);
        assertThat(b.size()).isEqualTo(30);
        b.consume(10);
        assertThat(b.get(0)).isEqualTo(15f);
        float[] out = new float[4];
        b.copyTo(2, out, 1, 3);
        assertThat(out).containsExactly(0f, 17f, 18f, 19f);
        SampleBuffer copy = b.copy();
        assertThat(copy).isEqualTo(b);
        b.consume(1);
        assertThat(copy).isNotEqualTo(b);
        assertThatThrownBy(() -> b.consume(100)).hasMessageContaining("100 of 19");
        assertThatThrownBy(() -> b.copyTo(10, out, 0, 10)).hasMessageContaining("[10, 20)");
    }
}
