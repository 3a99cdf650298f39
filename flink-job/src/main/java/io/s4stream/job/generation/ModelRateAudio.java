package io.s4stream.job.generation;

import io.s4stream.audio.dsp.Downmixer;
import io.s4stream.audio.dsp.StreamResampler;
import io.s4stream.audio.file.DecodedAudio;

/** Whole-clip conversions between a file's rate and channels and a model's mono rate. */
public final class ModelRateAudio {
    private ModelRateAudio() {}

    /** Downmixes to mono and resamples to {@code rate} (flushed: the whole clip). */
    public static float[] toMono(DecodedAudio audio, int rate) {
        return resample(
                Downmixer.toMono(audio.interleaved(), audio.channels()), audio.sampleRate(), rate);
    }

    public static float[] resample(float[] mono, int from, int to) {
        if (from == to) {
            return mono;
        }
        StreamResampler r = new StreamResampler(from, to);
        float[] body = r.process(mono, 0, mono.length);
        float[] tail = r.flush();
        float[] out = new float[body.length + tail.length];
        System.arraycopy(body, 0, out, 0, body.length);
        System.arraycopy(tail, 0, out, body.length, tail.length);
        return out;
    }
}
