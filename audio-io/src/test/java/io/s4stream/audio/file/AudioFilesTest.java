package io.s4stream.audio.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.s4stream.audio.record.AudioEncoding;
import io.s4stream.audio.record.PcmCodec;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

class AudioFilesTest {
    @TempDir Path dir;

    private static float[] stereoSine(int frames) {
        float[] s = new float[frames * 2];
        for (int i = 0; i < frames; i++) {
            s[2 * i] = (float) (0.7 * Math.sin(i * 0.05));
            s[2 * i + 1] = (float) (-0.4 * Math.cos(i * 0.011));
        }
        return s;
    }

    @Test
    void reads24BitStereoExactly() throws Exception {
        int[] codes = {0, -8388608, 8388607, 4194304, -1, 123456};
        Path f = dir.resolve("s24.wav");
        Files.write(f, WavBytes.wav(1, 2, 96_000, 24, WavBytes.pcm24(codes)));

        DecodedAudio a = AudioFiles.read(f);
        assertThat(a.sampleRate()).isEqualTo(96_000);
        assertThat(a.channels()).isEqualTo(2);
        assertThat(a.frames()).isEqualTo(3);
        float[] expected = new float[codes.length];
        for (int i = 0; i < codes.length; i++) {
            expected[i] = (float) (codes[i] / 8388608.0);
        }
        assertThat(a.interleaved()).containsExactly(expected);
        assertThat(a.toMono()[1])
                .isCloseTo((float) ((8388607 + 4194304) / 8388608.0 / 2), Offset.offset(1e-7f));
    }

    @Test
    void reads32BitFloatAnd32BitIntegerWav() throws Exception {
        Path f = dir.resolve("f32.wav");
        Files.write(f, WavBytes.wav(3, 1, 44_100, 32, WavBytes.float32(0.25f, -1f, 0.999f)));
        assertThat(AudioFiles.read(f).interleaved()).containsExactly(0.25f, -1f, 0.999f);

        Path i32 = dir.resolve("i32.wav");
        Files.write(i32, WavBytes.wav(1, 1, 8_000, 32, WavBytes.int32(1 << 30, Integer.MIN_VALUE)));
        assertThat(AudioFiles.read(i32).interleaved()).containsExactly(0.5f, -1f);
    }

    @Test
    void reads8BitUnsignedWav() throws Exception {
        Path f = dir.resolve("u8.wav");
        Files.write(f, WavBytes.wav(1, 1, 11_025, 8, new byte[] {(byte) 128, (byte) 255, 0, 64}));
        assertThat(AudioFiles.read(f).interleaved()).containsExactly(0f, 127 / 128f, -1f, -0.5f);
    }

    @Test
    void wavRoundTripIsS16Quantization() {
        float[] s = stereoSine(5000);
        Path f = dir.resolve("rt.wav");
        AudioFiles.writeWav(f, s, 22_050, 2);
        DecodedAudio back = AudioFiles.read(f);
        assertThat(back.sampleRate()).isEqualTo(22_050);
        assertThat(back.channels()).isEqualTo(2);
        float[] got = back.interleaved();
        assertThat(got).hasSize(s.length);
        for (int i = 0; i < s.length; i++) {
            assertThat(got[i]).isEqualTo(PcmCodec.roundTripS16(s[i]));
        }
    }

    @Test
    void readsAiffAndAuWrittenByJavaSound() throws Exception {
        float[] s = stereoSine(1000);
        byte[] be = new byte[s.length * 2];
        for (int i = 0; i < s.length; i++) {
            int q = PcmCodec.quantizeS16(s[i]);
            be[2 * i] = (byte) (q >> 8);
            be[2 * i + 1] = (byte) q;
        }
        AudioFormat format = new AudioFormat(32_000, 16, 2, true, true);
        for (AudioFileFormat.Type type :
                new AudioFileFormat.Type[] {AudioFileFormat.Type.AIFF, AudioFileFormat.Type.AU}) {
            Path f = dir.resolve("x." + type.getExtension());
            AudioSystem.write(
                    new AudioInputStream(new ByteArrayInputStream(be), format, 1000),
                    type,
                    f.toFile());
            DecodedAudio a = AudioFiles.read(f);
            assertThat(a.sampleRate()).as(type.toString()).isEqualTo(32_000);
            assertThat(a.channels()).isEqualTo(2);
            float[] got = a.interleaved();
            for (int i = 0; i < s.length; i++) {
                assertThat(got[i]).isEqualTo(PcmCodec.roundTripS16(s[i]));
            }
        }
    }

    @Test
    void readsMuLawAu() throws Exception {
        AudioFormat ulaw = new AudioFormat(AudioFormat.Encoding.ULAW, 8000, 8, 1, 1, 8000, true);
        byte[] codes = {(byte) 0xff, (byte) 0x80, (byte) 0x00};
        Path f = dir.resolve("u.au");
        AudioSystem.write(
                new AudioInputStream(new ByteArrayInputStream(codes), ulaw, 3),
                AudioFileFormat.Type.AU,
                f.toFile());
        float[] got = AudioFiles.read(f).interleaved();
        assertThat(got[0]).isEqualTo(0f);
        assertThat(got[1]).isGreaterThan(0.9f);
        assertThat(got[2]).isLessThan(-0.9f);
    }

    @Test
    void rawPcmInBothEncodings() {
        float[] s = {0.5f, -0.25f, 0.125f, 1f};
        byte[] f32 = new byte[16];
        PcmCodec.encode(s, 0, 4, AudioEncoding.F32LE, f32, 0);
        DecodedAudio a =
                AudioFiles.readRaw(new ByteArrayInputStream(f32), AudioEncoding.F32LE, 8000, 2);
        assertThat(a.interleaved()).containsExactly(s);
        assertThat(a.frames()).isEqualTo(2);
        byte[] s16 = new byte[8];
        PcmCodec.encode(s, 0, 4, AudioEncoding.S16LE, s16, 0);
        assertThat(
                        AudioFiles.readRaw(
                                        new ByteArrayInputStream(s16), AudioEncoding.S16LE, 8000, 1)
                                .interleaved())
                .containsExactly(0.5f, -0.25f, 0.125f, 32767 / 32768f);
    }

    @Test
    void rawPcmWithAPartialFrameIsRejected() {
        assertThatThrownBy(
                        () ->
                                AudioFiles.readRaw(
                                        new ByteArrayInputStream(new byte[6]),
                                        AudioEncoding.S16LE,
                                        8000,
                                        2))
                .isInstanceOf(AudioFileException.class)
                .hasMessageContaining("6 bytes is not a whole number of 4-byte frames");
    }

    @Test
    void clearErrorsForMissingNonAudioAndUnsupportedFiles() throws Exception {
        assertThatThrownBy(() -> AudioFiles.read(dir.resolve("nope.wav")))
                .isInstanceOf(AudioFileException.class)
                .hasMessageContaining("no such audio file");
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "not audio at all, just some text ".repeat(20));
        assertThatThrownBy(() -> AudioFiles.read(text))
                .isInstanceOf(AudioFileException.class)
                .hasMessageContaining("is not a WAV, AIFF or AU file");
        Path twelve = dir.resolve("pcm12.wav");
        Files.write(twelve, WavBytes.wav(1, 1, 8000, 12, new byte[8]));
        assertThatThrownBy(() -> AudioFiles.read(twelve))
                .isInstanceOf(AudioFileException.class)
                .hasMessageContaining("pcm12.wav");
    }

    @Test
    void decodedAudioIsDefensive() {
        float[] s = {0.1f, 0.2f};
        DecodedAudio a = new DecodedAudio(s, 8000, 1);
        s[0] = 1f;
        a.interleaved()[1] = 1f;
        assertThat(a.interleaved()).containsExactly(0.1f, 0.2f);
        float[] dst = new float[3];
        a.copyFrames(1, 1, dst, 2);
        assertThat(dst[2]).isEqualTo(0.2f);
    }

    @Test
    void readFromAStream() {
        float[] s = stereoSine(100);
        Path f = dir.resolve("s.wav");
        AudioFiles.writeWav(f, s, 8000, 2);
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        try {
            Files.copy(f, copy);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        DecodedAudio a = AudioFiles.read(new ByteArrayInputStream(copy.toByteArray()), "mem");
        assertThat(a).isEqualTo(AudioFiles.read(f));
    }
}
