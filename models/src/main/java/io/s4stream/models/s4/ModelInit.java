package io.s4stream.models.s4;

import io.s4stream.models.io.Tensor;
import io.s4stream.models.spec.LayerSpec;
import io.s4stream.models.spec.ModelSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded initial weights for every layer of a {@link ModelSpec}: S4 blocks from {@link S4Init},
 * linear and pooling layers with uniform(-1/sqrt(fan_in), 1/sqrt(fan_in)) (PyTorch's default),
 * embeddings standard normal, layer norms at identity. An untrained model, for tests and benchmarks.
 */
public final class ModelInit {
    private ModelInit() {}

    public static Map<String, Tensor> weights(ModelSpec spec, long seed) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        Random r = new Random(seed);
        for (LayerSpec l : LayerSpec.leaves(spec.layers())) {
            String p = LayerSpec.prefix(l.name());
            if (l instanceof LayerSpec.S4Block b) {
                put(out, S4Init.block(p, b.block(), r.nextLong(), 0.001, 0.1));
            } else if (l instanceof LayerSpec.Residual res) {
                put(out, S4Init.block(p + "block.", res.block(), r.nextLong(), 0.001, 0.1));
                if (res.layerNorm()) {
                    norm(out, p + "norm.", res.block().dModel());
                }
            } else if (l instanceof LayerSpec.Pool pool) {
                linear(out, p, pool.poolFactor() * pool.inChannels(), pool.outChannels(), r);
            } else if (l instanceof LayerSpec.Linear lin) {
                linear(out, p, lin.inChannels(), lin.outChannels(), r);
            } else if (l instanceof LayerSpec.Pooled pl) {
                linear(out, p + "down.", pl.poolFactor() * pl.dModel(), pl.dInner(), r);
                linear(out, p + "up.", pl.dInner(), pl.poolFactor() * pl.dModel(), r);
            } else if (l instanceof LayerSpec.Embedding e) {
                out.put(p + "weight", new Tensor(p + "weight", new long[] {e.num(), e.dim()},
                        S4Init.gaussian(r, e.num() * e.dim(), 1)));
            } else if (l instanceof LayerSpec.PitchLagEmbedding e) {
                out.put(p + "weight", new Tensor(p + "weight", new long[] {e.num(), e.dim()},
                        S4Init.gaussian(r, e.num() * e.dim(), 1)));
                out.put(p + "taps.weight", new Tensor(p + "taps.weight", new long[] {e.dim(), PitchLag.FEATURES},
                        S4Init.gaussian(r, e.dim() * PitchLag.FEATURES, 1)));
            } else if (l instanceof LayerSpec.LayerNorm n) {
                norm(out, p, n.dim());
            }
        }
        return out;
    }

    private static void put(Map<String, Tensor> out, List<Tensor> tensors) {
        tensors.forEach(t -> out.put(t.name(), t));
    }

    private static void linear(Map<String, Tensor> out, String p, int in, int outCh, Random r) {
        double bound = 1 / Math.sqrt(in);
        float[] w = new float[in * outCh];
        float[] b = new float[outCh];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) ((2 * r.nextDouble() - 1) * bound);
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) ((2 * r.nextDouble() - 1) * bound);
        }
        out.put(p + "weight", new Tensor(p + "weight", new long[] {outCh, in}, w));
        out.put(p + "bias", new Tensor(p + "bias", new long[] {outCh}, b));
    }

    private static void norm(Map<String, Tensor> out, String p, int dim) {
        float[] ones = new float[dim];
        java.util.Arrays.fill(ones, 1f);
        out.put(p + "weight", new Tensor(p + "weight", new long[] {dim}, ones));
        out.put(p + "bias", new Tensor(p + "bias", new long[] {dim}, new float[dim]));
    }
}
