package io.s4stream.audio.source;

import io.s4stream.audio.file.DecodedAudio;

import java.util.Objects;

/** Frames of an already decoded file. */
public final class DecodedAudioSource implements AudioSource {
    private final DecodedAudio audio;
    private int position;

    public DecodedAudioSource(DecodedAudio audio) {
        this.audio = Objects.requireNonNull(audio, "audio");
    }

    @Override
    public int sampleRate() {
        return audio.sampleRate();
    }

    @Override
    public int channels() {
        return audio.channels();
    }

    @Override
    public long totalFrames() {
        return audio.frames();
    }

    @Override
    public int read(float[] dst, int offset, int maxFrames) {
        int n = Math.min(maxFrames, audio.frames() - position);
        if (n <= 0) {
            return -1;
        }
        audio.copyFrames(position, n, dst, offset);
        position += n;
        return n;
    }

    @Override
    public void close() {
        position = audio.frames();
    }
}
