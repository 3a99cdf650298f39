package io.s4stream.models.bench;

import io.s4stream.models.s4.PitchLag;
import io.s4stream.models.spec.LayerSpec;
import io.s4stream.models.spec.ModelSpec;
import java.util.List;

/**
 * Multiply-add work of one graph call, counted from the model description: 2 FLOPs per
 * multiply-add of every matrix product the compiler emits (dense (T+N)^2 maps per channel for S4
 * layers, or the elementwise step, plus the linear layers). Elementwise activations are left out.
 */
public final class FlopCount {
    private FlopCount() {}

    /** FLOPs per stream for a graph advancing {@code samples} input samples. */
    public static double perCall(ModelSpec spec, int samples) {
        return layers(spec.layers(), samples);
    }

    /**
     * {@code list} over t local steps. A pooled level's inner layers (with its down and up
     * projections) take t/p steps in a chunk; the step graph runs them in one call of p, where a
     * block completes, for a lone stream or streams in phase (counted so); a batch of streams at
     * other phases runs them in more calls.
     */
    private static double layers(List<LayerSpec> list, int steps) {
        double flops = 0;
        int t = steps;
        for (LayerSpec l : list) {
            if (l instanceof LayerSpec.Pool p) {
                t /= p.poolFactor();
                flops += 2.0 * t * p.poolFactor() * p.inChannels() * p.outChannels();
            } else if (l instanceof LayerSpec.Linear lin) {
                flops += 2.0 * t * lin.inChannels() * lin.outChannels();
            } else if (l instanceof LayerSpec.PitchLagEmbedding e) {
                // per step and lag: difference, square, decay, sum, running sum, lag weight, eps, division; then the taps
                flops += t * (8.0 * e.maxLag() + 2.0 * PitchLag.FEATURES * e.dim());
            } else if (l instanceof LayerSpec.S4Block b) {
                flops += block(b.block().dModel(), b.block().dState(), t, b.block().mode());
            } else if (l instanceof LayerSpec.Residual r) {
                flops += block(r.block().dModel(), r.block().dState(), t, r.block().mode());
            } else if (l instanceof LayerSpec.Ensemble e) {
                for (List<LayerSpec> branch : e.branches()) {
                    flops += layers(branch, t);
                }
            } else if (l instanceof LayerSpec.Pooled p) {
                int blocks = Math.max(1, t / p.poolFactor());
                double level = 2 * 2.0 * blocks * p.poolFactor() * p.dModel() * p.dInner() + layers(p.layers(), blocks);
                flops += t < p.poolFactor() ? level / p.poolFactor() : level;
            }
        }
        return flops;
    }

    private static double block(int h, int n, int t, io.s4stream.models.spec.SsmMode mode) {
        boolean diag = mode == io.s4stream.models.spec.SsmMode.DIAG;
        double ssm;
        if (t == 1 && diag) {
            ssm = 8.0 * h * n;
        } else if (diag) {
            ssm = 2.0 * h * ((double) t * (t + n) + (double) n * t) + 4.0 * h * n;
        } else {
            ssm = 2.0 * h * (double) (t + n) * (t + n);
        }
        return ssm + 2.0 * t * h * 2 * h;
    }
}
