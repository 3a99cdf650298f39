package io.s4stream.models.s4;

import io.s4stream.models.io.Tensor;
import io.s4stream.models.spec.LayerSpec;
import io.s4stream.models.spec.ModelSpec;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/**
 * The whole model in float64, layer by layer over a full sequence, with every S4 layer run by its
 * per-sample recurrence ({@link DiscreteSsm#step}): the ground truth the ONNX graphs are held to.
 */
public final class ReferenceModel {
    private final ModelSpec spec;
    private final Map<String, Tensor> weights;
    private final List<DiscreteSsm> ssms = new ArrayList<>();

    public ReferenceModel(ModelSpec spec, Map<String, Tensor> weights) {
        this.spec = spec;
        this.weights = weights;
        for (LayerSpec l : LayerSpec.leaves(spec.layers())) {
            if (l instanceof LayerSpec.S4Block b) {
                ssms.add(DiscreteSsm.of(SsmParams.fromWeights(weights, LayerSpec.prefix(l.name()), b.block())));
            } else if (l instanceof LayerSpec.Residual r) {
                ssms.add(DiscreteSsm.of(SsmParams.fromWeights(weights, LayerSpec.prefix(l.name()) + "block.", r.block())));
            }
        }
    }

    /** input [length][C_in] -> output [length/frame][C_out], from the zero state. */
    public double[] forward(double[] input, int length) {
        return layers(spec.layers(), input, length, spec.inputChannels(), ssms.iterator());
    }

    /** The layers on x ([t][c]); each S4 layer takes the next of {@link #ssms} (stack order). */
    private double[] layers(List<LayerSpec> list, double[] x, int t, int c, Iterator<DiscreteSsm> next) {
        for (LayerSpec l : list) {
            String p = LayerSpec.prefix(l.name());
            if (l instanceof LayerSpec.Pool pool) {
                t /= pool.poolFactor();
                double[] grouped = new double[t * pool.poolFactor() * c];
                System.arraycopy(x, 0, grouped, 0, grouped.length);
                x = linear(grouped, t, p);
            } else if (l instanceof LayerSpec.Linear) {
                x = linear(x, t, p);
            } else if (l instanceof LayerSpec.Embedding e) {
                Tensor w = weights.get(p + "weight");
                double[] y = new double[t * e.dim()];
                for (int i = 0; i < t; i++) {
                    int idx = (int) x[i];
                    for (int j = 0; j < e.dim(); j++) {
                        y[i * e.dim() + j] = w.get(idx * e.dim() + j);
                    }
                }
                x = y;
            } else if (l instanceof LayerSpec.PitchLagEmbedding e) {
                x = pitchLagEmbedding(e, x, t, p);
            } else if (l instanceof LayerSpec.LayerNorm) {
                x = layerNorm(x, t, p);
            } else if (l instanceof LayerSpec.Gelu) {
                x = gelu(x);
            } else if (l instanceof LayerSpec.Square) {
                x = map(x, v -> v * v);
            } else if (l instanceof LayerSpec.Log lg) {
                x = log(x, lg.eps());
            } else if (l instanceof LayerSpec.S4Block) {
                x = block(x, t, p, next.next());
            } else if (l instanceof LayerSpec.Residual r) {
                double[] in = r.layerNorm() && r.prenorm() ? layerNorm(x, t, p + "norm.") : x;
                double[] y = block(in, t, p + "block.", next.next());
                for (int i = 0; i < y.length; i++) {
                    y[i] += x[i];
                }
                x = r.layerNorm() && !r.prenorm() ? layerNorm(y, t, p + "norm.") : y;
            } else if (l instanceof LayerSpec.Ensemble e) {
                double[] mean = new double[t * e.outChannels()];
                for (List<LayerSpec> branch : e.branches()) {
                    double[] y = layers(branch, x, t, c, next);
                    for (int i = 0; i < mean.length; i++) {
                        mean[i] += y[i] / e.branches().size();
                    }
                }
                x = mean;
            } else if (l instanceof LayerSpec.Pooled pl) {
                x = pooled(pl, x, t, p, next);
            }
            c = l.outChannels();
        }
        return x;
    }

    /**
     * The row of each index plus the taps of its pitch-lag features; the features are float32 by
     * definition (the lag is an argmin the training code takes in float32), the rest float64.
     */
    private double[] pitchLagEmbedding(LayerSpec.PitchLagEmbedding e, double[] x, int t, String p) {
        Tensor w = weights.get(p + "weight");
        Tensor taps = weights.get(p + "taps.weight");
        PitchLag lag = new PitchLag(e);
        float[] f = new float[PitchLag.FEATURES];
        double[] y = new double[t * e.dim()];
        for (int i = 0; i < t; i++) {
            int idx = (int) x[i];
            lag.step(idx, f, 0);
            for (int j = 0; j < e.dim(); j++) {
                double v = w.get(idx * e.dim() + j);
                for (int k = 0; k < PitchLag.FEATURES; k++) {
                    v += (double) taps.get(j * PitchLag.FEATURES + k) * f[k];
                }
                y[i * e.dim() + j] = v;
            }
        }
        return y;
    }

    /**
     * A pooled level by its definition over the whole sequence: blocks of p steps (the last one padded
     * with zeros), down, the inner layers at 1/p of the rate, up, and block j's up-projection added to
     * block j+1.
     */
    private double[] pooled(LayerSpec.Pooled pl, double[] x, int t, String p, Iterator<DiscreteSsm> next) {
        int f = pl.poolFactor();
        int h = pl.dModel();
        int blocks = (t + f - 1) / f;
        double[] grouped = new double[blocks * f * h];
        System.arraycopy(x, 0, grouped, 0, t * h);
        double[] z = layers(pl.layers(), linear(grouped, blocks, p + "down."), blocks, pl.dInner(), next);
        double[] up = linear(z, blocks, p + "up."); // [blocks][f * h]: block j's step s at j*f*h + s*h
        double[] y = x.clone();
        for (int i = f * h; i < t * h; i++) {
            y[i] += up[i - f * h];
        }
        return y;
    }

    /** The SSM alone by its recurrence, [t][H] -> [t][H] (D included). */
    public static double[] recurrence(DiscreteSsm ssm, double[] u, int t) {
        int h = ssm.channels();
        double[] state = new double[h * ssm.size()];
        double[] scratch = new double[ssm.size()];
        double[] uk = new double[h];
        double[] yk = new double[h];
        double[] y = new double[t * h];
        for (int k = 0; k < t; k++) {
            System.arraycopy(u, k * h, uk, 0, h);
            ssm.step(state, uk, yk, scratch);
            System.arraycopy(yk, 0, y, k * h, h);
        }
        return y;
    }

    private double[] block(double[] x, int t, String p, DiscreteSsm ssm) {
        int h = ssm.channels();
        double[] y = gelu(recurrence(ssm, x, t));
        double[] z = linear(y, t, p + "output_linear.0.");
        double[] out = new double[t * h];
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < h; j++) {
                double a = z[i * 2 * h + j];
                double g = z[i * 2 * h + h + j];
                out[i * h + j] = a / (1 + Math.exp(-g));
            }
        }
        return out;
    }

    private double[] linear(double[] x, int t, String p) {
        Tensor w = weights.get(p + "weight");
        Tensor b = weights.get(p + "bias");
        int out = w.dim(0);
        int in = w.dim(1);
        double[] y = new double[t * out];
        for (int i = 0; i < t; i++) {
            for (int o = 0; o < out; o++) {
                double acc = b.get(o);
                for (int k = 0; k < in; k++) {
                    acc += w.get(o * in + k) * x[i * in + k];
                }
                y[i * out + o] = acc;
            }
        }
        return y;
    }

    private double[] layerNorm(double[] x, int t, String p) {
        Tensor w = weights.get(p + "weight");
        Tensor b = weights.get(p + "bias");
        int c = w.dim(0);
        double[] y = new double[x.length];
        for (int i = 0; i < t; i++) {
            double mean = 0;
            for (int j = 0; j < c; j++) {
                mean += x[i * c + j];
            }
            mean /= c;
            double var = 0;
            for (int j = 0; j < c; j++) {
                double d = x[i * c + j] - mean;
                var += d * d;
            }
            var /= c;
            double inv = 1 / Math.sqrt(var + 1e-5);
            for (int j = 0; j < c; j++) {
                y[i * c + j] = (x[i * c + j] - mean) * inv * w.get(j) + b.get(j);
            }
        }
        return y;
    }

    /** f applied to every element (the element-wise layers: square, log, GELU). */
    static double[] map(double[] x, DoubleUnaryOperator f) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = f.applyAsDouble(x[i]);
        }
        return y;
    }

    /** ln(x + eps); NaN where x + eps < 0, as in the graphs. */
    static double[] log(double[] x, double eps) {
        return map(x, v -> Math.log(v + eps));
    }

    static double[] gelu(double[] x) {
        return map(x, v -> 0.5 * v * (1 + Erf.erf(v / Math.sqrt(2))));
    }
}
