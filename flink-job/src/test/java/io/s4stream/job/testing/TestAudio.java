package io.s4stream.job.testing;

import io.s4stream.audio.file.DecodedAudio;
import io.s4stream.audio.record.AudioChunk;
import io.s4stream.audio.record.AudioEncoding;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Deterministic test audio (16-bit exact values) and its cutting into records. */
public final class TestAudio {

    private TestAudio() {}

    /**
     * A tone sweep with a little noise, every channel slightly different, quantized to 16-bit
     * values so s16le records carry it exactly.
     */
    public static DecodedAudio tone(int rate, int channels, double seconds, double hz, long seed) {
        int frames = (int) Math.round(rate * seconds);
        float[] s = new float[frames * channels];
        Random rnd = new Random(seed);
        for (int f = 0; f < frames; f++) {
            double t = (double) f / rate;
            for (int c = 0; c < channels; c++) {
                double v =
                        0.5 * Math.sin(2 * Math.PI * (hz * (1 + 0.5 * t) + 30 * c) * t)
                                + 0.05 * rnd.nextGaussian();
                v = Math.max(-1, Math.min(32767.0 / 32768, v));
                s[f * channels + c] = Math.round(v * 32768) / 32768f;
            }
        }
        return new DecodedAudio(s, rate, channels);
    }

    /**
     * Cuts audio into records of {@code framesPerRecord} frames, seq 0.., and a final empty
     * end-of-stream record (as the publisher does).
     */
    public static List<AudioChunk> records(
            String streamId, DecodedAudio audio, int framesPerRecord) {
        List<AudioChunk> out = new ArrayList<>();
        int ch = audio.channels();
        float[] buf = new float[framesPerRecord * ch];
        long seq = 0;
        for (int f = 0; f < audio.frames(); f += framesPerRecord) {
            int n = Math.min(framesPerRecord, audio.frames() - f);
            audio.copyFrames(f, n, buf, 0);
            out.add(builder(streamId, audio).seq(seq++).samples(buf, 0, n * ch).build());
        }
        out.add(builder(streamId, audio).seq(seq).samples(new float[0]).endOfStream(true).build());
        return out;
    }

    private static AudioChunk.Builder builder(String streamId, DecodedAudio audio) {
        return AudioChunk.builder()
                .streamId(streamId)
                .sampleRate(audio.sampleRate())
                .channels(audio.channels())
                .encoding(AudioEncoding.S16LE);
    }

    /**
     * Interleaves several streams' records round-robin, stream {@code i} starting after {@code
     * startAfter[i]} rounds, so streams start and end at different times.
     */
    public static List<AudioChunk> interleave(List<List<AudioChunk>> streams, int[] startAfter) {
        List<AudioChunk> out = new ArrayList<>();
        int[] next = new int[streams.size()];
        boolean any = true;
        for (int round = 0; any; round++) {
            any = false;
            for (int i = 0; i < streams.size(); i++) {
                if (round < startAfter[i]) {
                    any = true;
                    continue;
                }
                if (next[i] < streams.get(i).size()) {
                    out.add(streams.get(i).get(next[i]++));
                    any = true;
                }
            }
        }
        return out;
    }
}
