package io.s4stream.models.onnx;

import io.s4stream.models.io.Tensor;
import io.s4stream.models.runtime.StateSpec;
import io.s4stream.models.s4.DiscreteSsm;
import io.s4stream.models.s4.PitchLag;
import io.s4stream.models.s4.SsmParams;
import io.s4stream.models.s4.Weights;
import io.s4stream.models.spec.BlockSpec;
import io.s4stream.models.spec.LayerSpec;
import io.s4stream.models.spec.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
 * at batch 64 the products beat the elementwise passes over the [H, B, N] state two to one. A
 * pooled level's inner layers step once per block: in the step graph inside an {@code If}, gated
 * per stream; in a chunk of k blocks in their chunk form, with the level's inputs and outputs
 * gathered at each stream's phase.
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
                states.add(new StateSpec("state" + states.size(), ssm.channels(), ssm.size()));
                ssms.add(ssm);
            } else if (layer instanceof LayerSpec.Pooled pl) {
                // the current block's inputs, the previous block's up-projection (both [H, B, p]), the phase
                states.add(new StateSpec("state" + states.size(), pl.dModel(), pl.poolFactor()));
                states.add(new StateSpec("state" + states.size(), pl.dModel(), pl.poolFactor()));
                states.add(new StateSpec("state" + states.size(), 1, 1));
            } else if (layer instanceof LayerSpec.PitchLagEmbedding pe) {
                states.add(new StateSpec("state" + states.size(), 1, pe.maxLag() + 1)); // the ring
                states.add(new StateSpec("state" + states.size(), 1, pe.maxLag())); // the difference function
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
        } else if (layer instanceof LayerSpec.PitchLagEmbedding e) {
            Weights.require(weights, p + "weight", e.num(), e.dim());
            Weights.require(weights, p + "taps.weight", e.dim(), PitchLag.FEATURES);
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
        } else if (layer instanceof LayerSpec.Pooled pl) {
            long wide = (long) pl.poolFactor() * pl.dModel();
            Weights.require(weights, p + "down.weight", pl.dInner(), wide);
            Weights.require(weights, p + "down.bias", pl.dInner());
            Weights.require(weights, p + "up.weight", wide, pl.dInner());
            Weights.require(weights, p + "up.bias", wide);
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

    /**
     * One graph's emission: the layers in order, each stateful layer taking the next state inputs. In
     * a step graph the inner layers of a pooled level run inside an {@code If} that executes when the
     * block of any stream (row) completes, and keep their old state in the other rows ({@link #gate}),
     * so streams at different phases batch and a lone stream skips them between blocks.
     */
    private final class Emission {
        private final OnnxGraph g;
        private final LayerEmitter emitter;
        private final List<String> stateIn;
        private int ssmIndex;
        private int stateIndex;
        /** Per-stream condition [1, B, 1] under which the layers now emitted advance; null: always. */
        private String gate;
        /** Inside an {@code If} branch: the next states computed there, by state index; null: graph outputs. */
        private Map<Integer, String> branchStates;

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
                } else if (layer instanceof LayerSpec.PitchLagEmbedding pe) {
                    String[] out = emitter.pitchLagEmbedding(x, p, pe, stateIn.get(stateIndex),
                            stateIn.get(stateIndex + 1), t);
                    publish(stateIndex++, out[1]);
                    publish(stateIndex++, out[2]);
                    x = out[0];
                } else if (layer instanceof LayerSpec.LayerNorm) {
                    x = emitter.layerNorm(x, p);
                } else if (layer instanceof LayerSpec.Gelu) {
                    x = emitter.gelu(x);
                } else if (layer instanceof LayerSpec.Square) {
                    x = emitter.square(x);
                } else if (layer instanceof LayerSpec.Log lg) {
                    x = emitter.log(x, lg.eps());
                } else if (layer instanceof LayerSpec.S4Block) {
                    x = s4(emitter.s4Block(x, p, ssms.get(ssmIndex), stateIn.get(stateIndex), t));
                } else if (layer instanceof LayerSpec.Residual r) {
                    String in = r.layerNorm() && r.prenorm() ? emitter.layerNorm(x, p + "norm.") : x;
                    x = g.op("Add", x, s4(emitter.s4Block(in, p + "block.", ssms.get(ssmIndex),
                            stateIn.get(stateIndex), t)));
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
                } else if (layer instanceof LayerSpec.Pooled pl) {
                    if (t != 1 && t % pl.poolFactor() != 0) {
                        throw new IllegalArgumentException("pooled level '" + pl.name() + "' would take " + t
                                + " steps per call: a chunk must give it one step or a multiple of its factor "
                                + pl.poolFactor());
                    }
                    x = t == 1 ? pooledStep(pl, x, p) : pooledChunk(pl, x, p, t);
                }
            }
            return x;
        }

        /** Publishes an S4 layer's next state as the graph's next state output; returns its output value. */
        private String s4(String[] out) {
            publish(stateIndex++, out[1]);
            ssmIndex++;
            return out[0];
        }

        /** Publishes state {@code index}'s successor (kept as it was where the gate is closed). */
        private void publish(int index, String next) {
            publishAt(index, gate == null ? next : g.op("Where", gate, next, stateIn.get(index)));
        }

        private void publishAt(int index, String value) {
            if (branchStates != null) {
                branchStates.put(index, value);
                return;
            }
            StateSpec state = states.get(index);
            g.output(value, state.name() + "_out", state.channels(), -1, state.size());
        }

        /**
         * One step of a pooled level on x [B, 1, H]: write x into the current block's slot (the
         * phase), add the previous block's up-projection at that slot, and where the phase is the
         * block's last (per stream) advance the inner layers by one step and keep their
         * up-projection for the next block. The inner layers and the up-projection run in the then
         * branch of an {@code If} on "some stream's block completes"; the else branch passes their
         * states on.
         */
        private String pooledStep(LayerSpec.Pooled pl, String x, String p) {
            int f = pl.poolFactor();
            int h = pl.dModel();
            int own = stateIndex;
            String downIn = stateIn.get(own);
            String upIn = stateIn.get(own + 1);
            String phase = stateIn.get(own + 2);
            float[] slots = new float[f];
            for (int s = 0; s < f; s++) {
                slots[s] = s;
            }
            String at = g.op("Equal", g.constant(p + "slots", slots, 1, 1, f), phase); // [1, B, f]
            String down = g.op("Where", at, g.op("Transpose", Map.of("perm", new long[] {2, 0, 1}), x), downIn);
            String from = g.op("ReduceSum", Map.of("keepdims", 1),
                    g.op("Mul", upIn, g.op("Cast", Map.of("to", 1), at)), g.int64s(2)); // [H, B, 1]
            String y = g.op("Add", x, g.op("Transpose", Map.of("perm", new long[] {1, 2, 0}), from));
            String fire = g.op("Equal", phase, g.constant(p + "last", new float[] {f - 1}));
            String any = g.op("Greater", g.op("ReduceMax", Map.of("keepdims", 0), g.op("Cast", Map.of("to", 1), fire)),
                    g.constant(p + "none", new float[] {0f})); // boolean scalar

            Map<Integer, String> outerStates = branchStates;
            String outerGate = gate;
            branchStates = new TreeMap<>();
            g.beginBranch();
            stateIndex = own + 3;
            gate = outerGate == null ? fire : g.op("And", outerGate, fire);
            String block = g.op("Reshape", g.op("Transpose", Map.of("perm", new long[] {1, 2, 0}), down),
                    g.int64s(0, 1, (long) f * h)); // [B, 1, f*H], time-major
            String inner = layers(pl.layers(), emitter.linear(block, p + "down."), 1);
            String up = g.op("Transpose", Map.of("perm", new long[] {2, 0, 1}),
                    g.op("Reshape", emitter.linear(inner, p + "up."), g.int64s(0, f, h))); // [H, B, f]
            String upNext = g.op("Where", gate, up, upIn);
            List<Integer> indices = new ArrayList<>(branchStates.keySet());
            List<String> computed = new ArrayList<>(branchStates.values());
            computed.add(upNext);
            var then = g.endBranch(p + "then", computed);
            g.beginBranch();
            List<String> kept = new ArrayList<>();
            indices.forEach(i -> kept.add(stateIn.get(i)));
            kept.add(upIn);
            var otherwise = g.endBranch(p + "else", kept);
            List<String> results = g.ifOp(any, then, otherwise, computed.size());
            branchStates = outerStates;
            gate = outerGate;

            publish(own, down);
            publishAt(own + 1, results.get(results.size() - 1)); // gated in the branch
            publish(own + 2, g.op("Where", fire, g.constant(p + "zero", new float[] {0f}),
                    g.op("Add", phase, g.constant(p + "one", new float[] {1f}))));
            for (int i = 0; i < indices.size(); i++) {
                publishAt(indices.get(i), results.get(i));
            }
            return y;
        }

        /**
         * t = k*p steps of a pooled level on x [B, t, H]: every stream completes exactly k blocks
         * whatever its phase φ, so the inner layers take k steps in their chunk form. With E = [the
         * current block's inputs | x] and U = [the previous up-projection | the k new ones], both
         * [B, p + t, H]: block m's step s is E[p + m p + s - φ] (the stored slot s where that is
         * before x), step i adds U[i + φ], the next up state is U[t .. t+p) and the next input slot s
         * is E[t + (s - φ) mod p]. The phase is unchanged.
         */
        private String pooledChunk(LayerSpec.Pooled pl, String x, String p, int t) {
            int f = pl.poolFactor();
            int h = pl.dModel();
            String downIn = stateIn.get(stateIndex);
            String upIn = stateIn.get(stateIndex + 1);
            String phase = stateIn.get(stateIndex + 2);
            String phi = g.op("Cast", Map.of("to", 7), g.op("Reshape", phase, g.int64s(-1, 1))); // [B, 1]
            String steps = range(t); // [1, t]: i
            String e = g.op("Concat", Map.of("axis", 1),
                    g.op("Transpose", Map.of("perm", new long[] {1, 2, 0}), downIn), x); // [B, p + t, H]
            String rel = g.op("Sub", steps, phi);
            String stored = g.op("Less", rel, g.int64s(0));
            String blocks = gather(e, g.op("Where", stored, steps, g.op("Add", rel, g.int64s(f))), h);
            int own = stateIndex;
            stateIndex += 3;
            String inner = layers(pl.layers(),
                    emitter.linear(g.op("Reshape", blocks, g.int64s(0, t / f, (long) f * h)), p + "down."), t / f);
            String ups = g.op("Reshape", emitter.linear(inner, p + "up."), g.int64s(0, t, h));
            String u = g.op("Concat", Map.of("axis", 1),
                    g.op("Transpose", Map.of("perm", new long[] {1, 2, 0}), upIn), ups); // [B, p + t, H]
            String y = g.op("Add", x, gather(u, g.op("Add", steps, phi), h));
            String upNext = g.op("Slice", u, g.int64s(t), g.int64s(t + f), g.int64s(1));
            String slot = g.op("Add", g.op("Mod", g.op("Add", g.op("Sub", range(f), phi), g.int64s(f)),
                    g.int64s(f)), g.int64s(t));
            String downNext = gather(e, slot, h);
            publish(own, g.op("Transpose", Map.of("perm", new long[] {2, 0, 1}), downNext));
            publish(own + 1, g.op("Transpose", Map.of("perm", new long[] {2, 0, 1}), upNext));
            publish(own + 2, phase);
            return y;
        }

        /** The int64 row [1, n] of 0, 1, ..., n - 1. */
        private String range(int n) {
            long[] v = new long[n];
            for (int i = 0; i < n; i++) {
                v[i] = i;
            }
            return g.op("Reshape", g.int64s(v), g.int64s(1, n));
        }

        /** v [B, L, H] at steps idx [B, n] -> [B, n, H]. */
        private String gather(String v, String idx, int h) {
            String full = g.op("Expand", g.op("Unsqueeze", idx, g.int64s(2)), g.int64s(1, 1, h));
            return g.op("GatherElements", Map.of("axis", 1), v, full);
        }
    }
}
