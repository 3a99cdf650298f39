package io.s4stream.audio.source;

import io.s4stream.audio.record.AudioEncoding;
import io.s4stream.audio.record.PcmCodec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.TargetDataLine;

/** Live capture from the default input device, as 16-bit PCM, for a fixed or open duration. */
public final class MicrophoneSource implements AudioSource {
    private static final Logger LOG = LoggerFactory.getLogger(MicrophoneSource.class);

    private final TargetDataLine line;
    private final int sampleRate;
    private final int channels;
    private final long maxFrames;
    private byte[] buffer = new byte[0];
    private long framesRead;
    private volatile boolean closed;

    private MicrophoneSource(TargetDataLine line, int sampleRate, int channels, long maxFrames) {
        this.line = line;
        this.sampleRate = sampleRate;
        this.channels = channels;
        this.maxFrames = maxFrames;
    }

    /**
     * Opens and starts the default capture line.
     *
     * @param maxSeconds stop after this many seconds; 0 = until {@link #close()}
     * @throws AudioSourceException when no capture device supports the format
     */
    public static MicrophoneSource open(int sampleRate, int channels, double maxSeconds) {
        if (sampleRate <= 0 || channels <= 0 || maxSeconds < 0) {
            throw new IllegalArgumentException(
                    "bad capture settings: "
                            + sampleRate
                            + " Hz, "
                            + channels
                            + " channels, "
                            + maxSeconds
                            + " s");
        }
        AudioFormat format = new AudioFormat(sampleRate, 16, channels, true, false);
        try {
            TargetDataLine line = AudioSystem.getTargetDataLine(format);
            line.open(format, sampleRate / 10 * format.getFrameSize());
            line.start();
            LOG.info(
                    "Capturing {} Hz, {} channel(s) from {}",
                    sampleRate,
                    channels,
                    line.getLineInfo());
            long max = maxSeconds == 0 ? -1 : Math.round(maxSeconds * sampleRate);
            return new MicrophoneSource(line, sampleRate, channels, max);
        } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
            throw new AudioSourceException(
                    "no capture device for " + format + ": " + e.getMessage(), e);
        }
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
        return maxFrames;
    }

    @Override
    public int read(float[] dst, int offset, int maxFramesToRead) {
        long left = maxFrames < 0 ? Long.MAX_VALUE : maxFrames - framesRead;
        int frames = (int) Math.min(maxFramesToRead, left);
        if (closed || frames <= 0) {
            return -1;
        }
        int frameBytes = 2 * channels;
        if (buffer.length < frames * frameBytes) {
            buffer = new byte[frames * frameBytes];
        }
        int n;
        do {
            n = line.read(buffer, 0, frames * frameBytes) / frameBytes;
        } while (n <= 0 && !closed && line.isOpen());
        if (n <= 0) {
            return -1;
        }
        PcmCodec.decode(buffer, 0, n * channels, AudioEncoding.S16LE, dst, offset);
        framesRead += n;
        return n;
    }

    /** Stops capturing; safe from another thread. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        line.stop();
        line.close();
    }
}
