package io.s4stream.audio.file;

import io.s4stream.audio.record.AudioEncoding;
import io.s4stream.audio.record.PcmCodec;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * Reads WAV, AIFF and AU files (through {@code javax.sound.sampled}) and raw PCM into floats, and
 * writes 16-bit PCM WAV files.
 *
 * <p>Supported sample formats: signed or unsigned integer PCM of 8, 16, 24 or 32 bits in either
 * byte order, 32- or 64-bit float, μ-law and A-law; any channel count.
 */
public final class AudioFiles {
    private AudioFiles() {}

    /**
     * Decodes an audio file.
     *
     * @throws AudioFileException when the file is missing, not audio, or in an unsupported format
     */
    public static DecodedAudio read(Path path) {
        Objects.requireNonNull(path, "path");
        if (!Files.isRegularFile(path)) {
            throw new AudioFileException("no such audio file: " + path);
        }
        try (AudioInputStream in = AudioSystem.getAudioInputStream(path.toFile())) {
            return decode(in, path.toString());
        } catch (UnsupportedAudioFileException e) {
            throw new AudioFileException(
                    path
                            + " is not a WAV, AIFF or AU file that Java Sound can read"
                            + " (for raw PCM use readRaw / --raw-rate)",
                    e);
        } catch (IOException e) {
            throw new AudioFileException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** Decodes an audio file from a stream; {@code name} is used in error messages. */
    public static DecodedAudio read(InputStream stream, String name) {
        InputStream buffered =
                stream.markSupported() ? stream : new BufferedInputStream(stream, 1 << 16);
        try (AudioInputStream in = AudioSystem.getAudioInputStream(buffered)) {
            return decode(in, name);
        } catch (UnsupportedAudioFileException e) {
            throw new AudioFileException(name + " is not a WAV, AIFF or AU stream", e);
        } catch (IOException e) {
            throw new AudioFileException("cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads headerless PCM until the end of the stream.
     *
     * @throws AudioFileException when the byte count is not a whole number of frames
     */
    public static DecodedAudio readRaw(
            InputStream in, AudioEncoding encoding, int sampleRate, int channels) {
        Objects.requireNonNull(encoding, "encoding");
        if (sampleRate <= 0 || channels <= 0) {
            throw new IllegalArgumentException(
                    "raw PCM needs a positive rate and channel count, got "
                            + sampleRate
                            + " Hz, "
                            + channels
                            + " channels");
        }
        byte[] bytes;
        try {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new AudioFileException("cannot read raw PCM: " + e.getMessage(), e);
        }
        int frameBytes = encoding.bytesPerSample() * channels;
        if (bytes.length % frameBytes != 0) {
            throw new AudioFileException(
                    "raw PCM of "
                            + bytes.length
                            + " bytes is not a whole number of "
                            + frameBytes
                            + "-byte frames ("
                            + encoding.wireName()
                            + ", "
                            + channels
                            + " channels)");
        }
        float[] samples = new float[bytes.length / encoding.bytesPerSample()];
        PcmCodec.decode(bytes, 0, samples.length, encoding, samples, 0);
        return DecodedAudio.adopt(samples, sampleRate, channels);
    }

    /** Writes interleaved samples as a 16-bit PCM WAV file (values are clamped to [-1, 1]). */
    public static void writeWav(Path path, float[] samples, int sampleRate, int channels) {
        Objects.requireNonNull(path, "path");
        if (sampleRate <= 0 || channels <= 0 || samples.length % channels != 0) {
            throw new IllegalArgumentException(
                    "cannot write "
                            + samples.length
                            + " samples as "
                            + channels
                            + "-channel frames at "
                            + sampleRate
                            + " Hz");
        }
        byte[] pcm = new byte[samples.length * 2];
        PcmCodec.encode(samples, 0, samples.length, AudioEncoding.S16LE, pcm, 0);
        AudioFormat format = new AudioFormat(sampleRate, 16, channels, true, false);
        long frames = samples.length / channels;
        try (AudioInputStream in =
                new AudioInputStream(new ByteArrayInputStream(pcm), format, frames)) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, path.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
    }

    /** Writes decoded audio as a 16-bit PCM WAV file. */
    public static void writeWav(Path path, DecodedAudio audio) {
        writeWav(path, audio.interleaved(), audio.sampleRate(), audio.channels());
    }

    private static DecodedAudio decode(AudioInputStream in, String name) throws IOException {
        AudioFormat format = in.getFormat();
        AudioFormat.Encoding enc = format.getEncoding();
        if (AudioFormat.Encoding.ULAW.equals(enc) || AudioFormat.Encoding.ALAW.equals(enc)) {
            AudioFormat pcm16 =
                    new AudioFormat(format.getSampleRate(), 16, format.getChannels(), true, false);
            try (AudioInputStream converted = AudioSystem.getAudioInputStream(pcm16, in)) {
                return decode(converted, name);
            }
        }
        int channels = format.getChannels();
        int bits = format.getSampleSizeInBits();
        float rate = format.getSampleRate();
        if (channels <= 0 || rate <= 0 || rate != Math.rint(rate)) {
            throw new AudioFileException(
                    name + ": unsupported channel count or sample rate in " + format);
        }
        SampleLayout layout = SampleLayout.of(enc, bits, format.getFrameSize(), channels);
        if (layout == null) {
            throw new AudioFileException(
                    name
                            + ": unsupported sample format "
                            + format
                            + " (supported: PCM 8/16/24/32-bit, 32/64-bit float, μ-law, A-law)");
        }
        byte[] bytes = in.readAllBytes();
        int frameBytes = layout.bytes() * channels;
        int frames = bytes.length / frameBytes;
        float[] samples = new float[frames * channels];
        layout.decode(bytes, samples, format.isBigEndian());
        return DecodedAudio.adopt(samples, (int) rate, channels);
    }
}
