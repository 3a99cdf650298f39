package io.s4stream.audio.dsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DownmixerTest {
    @Test
    void stereoIsTheMeanOfBothChannels() {
        float[] mono = Downmixer.toMono(new float[] {1f, 0f, 0.5f, -0.5f, -1f, -0.5f}, 2);
        assertThat(mono).containsExactly(0.5f, 0f, -0.75f);
    }

    @Test
    void threeChannelsWithOffsets() {
        float[] in = {9f, 0.3f, 0.6f, 0.9f, -0.3f, 0f, 0.3f};
        float[] out = new float[4];
        Downmixer.toMono(in, 1, 2, 3, out, 1);
        assertThat(out[0]).isZero();
        assertThat(out[1]).isCloseTo(0.6f, org.assertj.core.data.Offset.offset(1e-7f));
        assertThat(out[2]).isCloseTo(0f, org.assertj.core.data.Offset.offset(1e-7f));
        assertThat(out[3]).isZero();
    }

    @Test
    void monoIsACopy() {
        float[] in = {0.1f, 0.2f};
        float[] out = Downmixer.toMono(in, 1);
        assertThat(out).containsExactly(in).isNotSameAs(in);
    }

    @Test
    void inPlaceWorks() {
        float[] buf = {0.2f, 0.4f, 1f, 0f};
        Downmixer.toMono(buf, 0, 2, 2, buf, 0);
        assertThat(buf[0]).isCloseTo(0.3f, org.assertj.core.data.Offset.offset(1e-7f));
        assertThat(buf[1]).isEqualTo(0.5f);
    }

    @Test
    void rejectsPartialFrames() {
        assertThatThrownBy(() -> Downmixer.toMono(new float[5], 2))
                .hasMessageContaining("5 samples is not a whole number of 2-channel frames");
        assertThatThrownBy(() -> Downmixer.toMono(new float[2], 0))
                .hasMessageContaining("channels must be >= 1");
    }
}
