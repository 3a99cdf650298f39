package io.s4stream.audio.source;

import io.s4stream.audio.record.AudioEncoding;
import io.s4stream.audio.record.PcmCodec;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/** Headerless PCM from a stream (a file or stdin), decoded as it arrives. */
public final class RawPcmSource implements AudioSource {
    private final InputStream in;
    private final AudioEncoding encoding;
    private final int sampleRate;
    private final int channels;
    private final int frameBytes;
    private byte[] buffer = new byte[0];
    private int buffered;
    private boolean closed;

    public RawPcmSource(InputStream in, AudioEncoding encoding, int sampleRate, int channels) {
        this.in = Objects.requireNonNull(in, "in");
        this.encoding = Objects.requireNonNull(encoding, "encoding");
        if (sampleRate <= 0 || channels <= 0) {
            throw new IllegalArgumentException(
                    "raw PCM needs a positive rate and channel count, got "
                            + sampleRate
                            + " Hz, "
                            + channels
                            + " channels");
        }
        this.sampleRate = sampleRate;
        this.channels = channels;
        this.frameBytes = encoding.bytesPerSample() * channels;
    }

    @Override
    public int sampleRate() {
        return sampleRate;
    }

    @Override
    public int channels() {
        return channels;
    }

    @Override
    public long totalFrames() {
        return -1;
    }

    @Override
    public int read(float[] dst, int offset, int maxFrames) {
        if (closed) {
            return -1;
        }
        int want = maxFrames * frameBytes;
        if (buffer.length < want) {
            byte[] grown = new byte[want];
            System.arraycopy(buffer, 0, grown, 0, buffered);
            buffer = grown;
        }
        try {
            while (buffered < frameBytes) {
                int n = in.read(buffer, buffered, want - buffered);
                if (n < 0) {
                    if (buffered > 0) {
                        throw new AudioSourceException(
                                "raw PCM ended with "
                                        + buffered
                                        + " bytes, not a whole "
                                        + frameBytes
                                        + "-byte frame ("
                                        + encoding.wireName()
                                        + ", "
                                        + channels
                                        + " channels)");
                    }
                    return -1;
                }
                buffered += n;
            }
        } catch (IOException e) {
            throw new AudioSourceException("reading raw PCM failed: " + e.getMessage(), e);
        }
        int frames = Math.min(maxFrames, buffered / frameBytes);
        int used = frames * frameBytes;
        PcmCodec.decode(buffer, 0, frames * channels, encoding, dst, offset);
        System.arraycopy(buffer, used, buffer, 0, buffered - used);
        buffered -= used;
        return frames;
    }

    /** Closes the underlying stream. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            in.close();
        } catch (IOException e) {
            throw new AudioSourceException("closing raw PCM input failed", e);
        }
    }
}
