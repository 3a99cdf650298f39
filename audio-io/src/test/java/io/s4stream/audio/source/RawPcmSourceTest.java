package io.s4stream.audio.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.s4stream.audio.file.DecodedAudio;
import io.s4stream.audio.record.AudioEncoding;
import io.s4stream.audio.record.PcmCodec;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

class RawPcmSourceTest {
    /** Hands out one byte per read, like a slow pipe. */
    private static InputStream trickle(byte[] data) {
        return new ByteArrayInputStream(data) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1));
            }
        };
    }

    @Test
    void framesSplitAcrossReadsAreReassembled() {
        float[] s = {0.5f, -0.5f, 0.25f, -0.25f, 0.75f, 0f};
        byte[] raw = new byte[s.length * 4];
        PcmCodec.encode(s, 0, s.length, AudioEncoding.F32LE, raw, 0);
        try (RawPcmSource src = new RawPcmSource(trickle(raw), AudioEncoding.F32LE, 8000, 2)) {
            float[] got = new float[8];
            int total = 0;
            int n;
            while ((n = src.read(got, total * 2, 2)) > 0) {
                total += n;
            }
            assertThat(total).isEqualTo(3);
            assertThat(java.util.Arrays.copyOf(got, 6)).containsExactly(s);
            assertThat(src.read(got, 0, 1)).isEqualTo(-1);
        }
    }

    @Test
    void aTruncatedFrameAtTheEndIsAnError() {
        RawPcmSource src = new RawPcmSource(trickle(new byte[5]), AudioEncoding.S16LE, 8000, 2);
        float[] buf = new float[4];
        assertThat(src.read(buf, 0, 2)).isEqualTo(1);
        assertThatThrownBy(() -> src.read(buf, 0, 2))
                .isInstanceOf(AudioSourceException.class)
                .hasMessageContaining(
                        "ended with 1 bytes, not a whole 4-byte frame (s16le, 2 channels)");
    }

    @Test
    void decodedAudioSourceCopiesFramesAtAnOffset() {
        DecodedAudioSource src =
                new DecodedAudioSource(new DecodedAudio(new float[] {0.1f, 0.2f, 0.3f}, 8000, 1));
        float[] buf = new float[4];
        assertThat(src.read(buf, 1, 2)).isEqualTo(2);
        assertThat(src.read(buf, 3, 5)).isEqualTo(1);
        assertThat(src.read(buf, 0, 5)).isEqualTo(-1);
        assertThat(buf).containsExactly(0f, 0.1f, 0.2f, 0.3f);
        assertThat(src.totalFrames()).isEqualTo(3);
    }
}
