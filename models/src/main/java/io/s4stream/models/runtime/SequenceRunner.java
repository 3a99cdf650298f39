package io.s4stream.models.runtime;

/**
 * Runs one stream's whole sequence through an {@link S4Runtime}: as many chunk calls as fit, then
 * step calls for the remaining whole frames. A final partial frame (fewer than {@code frame}
 * samples) produces no output and is reported by {@link Result#consumed()}.
 */
public final class SequenceRunner {
    private SequenceRunner() {}

    /** Output steps and the number of input samples consumed. */
    public record Result(float[] output, int steps, int consumed) {}

    /**
     * @param input [length][inputChannels] row-major
     * @param useChunks false to run every frame through the step graph
     */
    public static Result run(S4Runtime runtime, float[] state, float[] input, int length, boolean useChunks) {
        ModelManifest m = runtime.manifest();
        int cin = m.inputChannels();
        int cout = m.outputChannels();
        int frame = m.frame();
        int steps = length / frame;
        float[] out = new float[steps * cout];
        float[][] states = {state};
        int pos = 0;
        int outPos = 0;
        int t = useChunks ? runtime.chunkSize() : 0;
        if (t > 0) {
            float[] in = new float[t * cin];
            float[] o = new float[(t / frame) * cout];
            while (pos + t <= length) {
                System.arraycopy(input, pos * cin, in, 0, t * cin);
                runtime.advanceChunk(states, 1, in, o);
                System.arraycopy(o, 0, out, outPos, o.length);
                pos += t;
                outPos += o.length;
            }
        }
        float[] in = new float[frame * cin];
        float[] o = new float[cout];
        while (pos + frame <= length) {
            System.arraycopy(input, pos * cin, in, 0, frame * cin);
            runtime.advanceStep(states, 1, in, o);
            System.arraycopy(o, 0, out, outPos, cout);
            pos += frame;
            outPos += cout;
        }
        return new Result(out, steps, pos);
    }
}
