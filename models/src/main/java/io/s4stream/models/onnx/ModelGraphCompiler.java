package io.s4stream.models.onnx;

import io.s4stream.models.io.Tensor;
import io.s4stream.models.runtime.StateSpec;
import io.s4stream.models.s4.DiscreteSsm;
import io.s4stream.models.s4.SsmParams;
import io.s4stream.models.s4.Weights;
import io.s4stream.models.spec.BlockSpec;
import io.s4stream.models.spec.LayerSpec;
import io.s4stream.models.spec.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compiles a {@link ModelSpec} and its weights into an ONNX graph that advances every stream of a
 * batch by exactly {@code samples} input samples: inputs {@code u} [B, samples, C_in] and
 * {@code state<i>} [H_i, B, N_i] (channel-major, so the batched products need no transposes of the
 * large state); outputs {@code y} [B, samples/frame, C_out] and {@code state<i>_out}.
 *
 * <p>Each S4 layer runs its T local steps as batched matrix products per channel with the exact
 * (T+N) x (T+N) map from [u_0..u_{T-1}, x_{-1}] to [y_0..y_{T-1}, x_{T-1}] (a Toeplitz block of
 * the kernel, the observability and controllability blocks, and A^T), computed in float64 from the
 * per-sample recurrence. In the step graph ({@link #compileStep()}) a single step of a diagonal
 * layer is elementwise instead: cheapest at small batch, where the per-channel products are tiny.
 * Chunk graphs keep the matrix form even when a layer takes one local step (a chunk of one frame):
 * at batch 64 the products beat the elementwise passes over the [H, B, N] state two to one.
 */
public final class ModelGraphCompiler {
    public static final String INPUT = "u";
    public static final String OUTPUT = "y";

    private final ModelSpec spec;
    private final Map<String, Tensor> weights;
    private final List<DiscreteSsm> ssms = new ArrayList<>();
    private final List<StateSpec> states = new ArrayList<>();

    public ModelGraphCompiler(ModelSpec spec, Map<String, Tensor> weights) {
        this.spec = spec;
        this.weights = weights;
        for (LayerSpec layer : LayerSpec.leaves(spec.layers())) {
            BlockSpec block = blockOf(layer);
            if (block != null) {
                String prefix = LayerSpec.prefix(layer.name()) + (layer instanceof LayerSpec.Residual ? "block." : "");
                DiscreteSsm ssm = DiscreteSsm.of(SsmParams.fromWeights(weights, prefix, block));
                states.add(new StateSpec("state" + ssms.size(), ssm.channels(), ssm.size()));
                ssms.add(ssm);
            }
            checkWeights(layer);
        }
    }

    private static BlockSpec blockOf(LayerSpec layer) {
        if (layer instanceof LayerSpec.S4Block b) {
            return b.block();
        }
        if (layer instanceof LayerSpec.Residual r) {
            return r.block();
        }
        return null;
    }

    public List<StateSpec> states() {
        return List.copyOf(states);
    }

    public List<DiscreteSsm> ssms() {
        return List.copyOf(ssms);
    }

    /** Fails early, naming the tensor, if a non-S4 layer's weights are missing or misshapen. */
    private void checkWeights(LayerSpec layer) {
        String p = LayerSpec.prefix(layer.name());
        if (layer instanceof LayerSpec.Pool pool) {
            Weights.require(weights, p + "weight", pool.outChannels(), (long) pool.poolFactor() * pool.inChannels());
            Weights.require(weights, p + "bias", pool.outChannels());
        } else if (layer instanceof LayerSpec.Linear lin) {
            Weights.require(weights, p + "weight", lin.outChannels(), lin.inChannels());
            Weights.require(weights, p + "bias", lin.outChannels());
        } else if (layer instanceof LayerSpec.Embedding e) {
            Weights.require(weights, p + "weight", e.num(), e.dim());
        } else if (layer instanceof LayerSpec.LayerNorm n) {
            Weights.require(weights, p + "weight", n.dim());
            Weights.require(weights, p + "bias", n.dim());
        } else if (layer instanceof LayerSpec.Residual r) {
            if (r.layerNorm()) {
                Weights.require(weights, p + "norm.weight", r.block().dModel());
                Weights.require(weights, p + "norm.bias", r.block().dModel());
            }
            checkBlockLinear(p + "block.", r.block().dModel());
        } else if (layer instanceof LayerSpec.S4Block b) {
            checkBlockLinear(p, b.block().dModel());
        }
    }

    private void checkBlockLinear(String p, int h) {
        Weights.require(weights, p + "output_linear.0.weight", 2L * h, h);
        Weights.require(weights, p + "output_linear.0.bias", 2L * h);
    }

    /** The step graph: one frame, diagonal layers stepped elementwise. */
    public byte[] compileStep() {
        return compile(spec.frame(), true);
    }

    /**
     * The chunk graph advancing {@code samples} input samples (a positive multiple of the frame),
     * every S4 layer in the matrix form.
     */
    public byte[] compile(int samples) {
        return compile(samples, false);
    }

    private byte[] compile(int samples, boolean elementwiseStep) {
        int frame = spec.frame();
        if (samples < frame || samples % frame != 0) {
            throw new IllegalArgumentException(
                    "chunk of " + samples + " samples is not a positive multiple of the model's frame " + frame);
        }
        OnnxGraph g = new OnnxGraph(spec.name() + "_T" + samples);
        g.metadata("s4stream.model", spec.name());
        g.metadata("s4stream.version", spec.version());
        g.metadata("s4stream.samples", Integer.toString(samples));
        String x = g.input(INPUT, -1, samples, spec.inputChannels());
        List<String> stateIn = new ArrayList<>();
        for (StateSpec s : states) {
            stateIn.add(g.input(s.name(), s.channels(), -1, s.size()));
        }
        x = new Emission(g, new LayerEmitter(g, weights, elementwiseStep), stateIn).layers(spec.layers(), x, samples);
        g.output(x, OUTPUT, -1, samples / frame, spec.outputChannels());
        return g.toBytes();
    }

    /** One graph's emission: the layers in order, each S4 layer taking the next state input. */
    private final class Emission {
        private final OnnxGraph g;
        private final LayerEmitter emitter;
        private final List<String> stateIn;
        private int ssmIndex;

        Emission(OnnxGraph g, LayerEmitter emitter, List<String> stateIn) {
            this.g = g;
            this.emitter = emitter;
            this.stateIn = stateIn;
        }

        /** Emits {@code layers} on x ([B, t, C]) and returns the last value; t is the local step count. */
        String layers(List<LayerSpec> layers, String x, int t) {
            for (LayerSpec layer : layers) {
                String p = LayerSpec.prefix(layer.name());
                if (layer instanceof LayerSpec.Pool pool) {
                    t /= pool.poolFactor();
                    x = g.op("Reshape", x, g.int64s(0, t, (long) pool.poolFactor() * pool.inChannels()));
                    x = emitter.linear(x, p);
                } else if (layer instanceof LayerSpec.Linear) {
                    x = emitter.linear(x, p);
                } else if (layer instanceof LayerSpec.Embedding) {
                    x = emitter.embedding(x, p);
                } else if (layer instanceof LayerSpec.LayerNorm) {
                    x = emitter.layerNorm(x, p);
                } else if (layer instanceof LayerSpec.Gelu) {
                    x = emitter.gelu(x);
                } else if (layer instanceof LayerSpec.Square) {
                    x = emitter.square(x);
                } else if (layer instanceof LayerSpec.Log lg) {
                    x = emitter.log(x, lg.eps());
                } else if (layer instanceof LayerSpec.S4Block) {
                    x = s4(emitter.s4Block(x, p, ssms.get(ssmIndex), stateIn.get(ssmIndex), t));
                } else if (layer instanceof LayerSpec.Residual r) {
                    String in = r.layerNorm() && r.prenorm() ? emitter.layerNorm(x, p + "norm.") : x;
                    x = g.op("Add", x, s4(emitter.s4Block(in, p + "block.", ssms.get(ssmIndex),
                            stateIn.get(ssmIndex), t)));
                    if (r.layerNorm() && !r.prenorm()) {
                        x = emitter.layerNorm(x, p + "norm.");
                    }
                } else if (layer instanceof LayerSpec.Ensemble e) {
                    String sum = null;
                    for (List<LayerSpec> branch : e.branches()) {
                        String y = layers(branch, x, t);
                        sum = sum == null ? y : g.op("Add", sum, y);
                    }
                    x = g.op("Mul", sum, g.constant(p + "mean", new float[] {1f / e.branches().size()}));
                }
            }
            return x;
        }

        /** Publishes an S4 layer's next state as the graph's next state output; returns its output value. */
        private String s4(String[] out) {
            StateSpec state = states.get(ssmIndex);
            g.output(out[1], state.name() + "_out", state.channels(), -1, state.size());
            ssmIndex++;
            return out[0];
        }
    }
}
