package io.s4stream.models.spec;

import java.util.ArrayList;
import java.util.List;

/** One layer of a model's sequential stack over [batch, time, channels]. */
public sealed interface LayerSpec {
    /** Weight-name prefix, ending in "." unless empty. */
    String name();

    int inChannels();

    int outChannels();

    /** Time steps consumed per output step (pooling factor); 1 for rate-preserving layers. */
    default int factor() {
        return 1;
    }

    /** Whether the layer reads level indices (so it must be the model's first layer). */
    default boolean readsIndices() {
        return this instanceof Embedding || this instanceof PitchLagEmbedding;
    }

    static String prefix(String name) {
        return name.isEmpty() ? "" : name + ".";
    }

    /**
     * The layers that hold weights or state, in stack order: an ensemble's branches in place of it, a
     * pooled level followed by its inner layers.
     */
    static List<LayerSpec> leaves(List<LayerSpec> layers) {
        List<LayerSpec> out = new ArrayList<>();
        for (LayerSpec l : layers) {
            if (l instanceof Ensemble e) {
                e.branches().forEach(b -> out.addAll(leaves(b)));
            } else if (l instanceof Pooled p) {
                out.add(l);
                out.addAll(leaves(p.layers()));
            } else {
                out.add(l);
            }
        }
        return out;
    }

    /** Official S4Block: SSM + D skip, GELU, Linear(H->2H), GLU. */
    record S4Block(String name, BlockSpec block) implements LayerSpec {
        public int inChannels() {
            return block.dModel();
        }

        public int outChannels() {
            return block.dModel();
        }
    }

    /** Residual around an S4Block with an optional LayerNorm before (prenorm) or after. */
    record Residual(String name, boolean layerNorm, boolean prenorm, BlockSpec block) implements LayerSpec {
        public int inChannels() {
            return block.dModel();
        }

        public int outChannels() {
            return block.dModel();
        }
    }

    /** Causal down-pooling: p consecutive steps flattened time-major, then linear. */
    record Pool(String name, int poolFactor, int inChannels, int outChannels) implements LayerSpec {
        public Pool {
            if (poolFactor < 1) {
                throw new IllegalArgumentException("pool factor must be >= 1, got " + poolFactor);
            }
        }

        @Override
        public int factor() {
            return poolFactor;
        }
    }

    /**
     * A SaShiMi level: inner layers that step once every {@code poolFactor} steps, added back to the
     * stream (width {@code dModel}). Block j = steps [jp, jp+p): its p inputs, flattened time-major
     * ({@code s*dModel + c}), go through {@code <name>.down} (-> dInner), the inner layers and
     * {@code <name>.up} (-> p*dModel, step s of the block at {@code s*dModel + c}); that is added to
     * block j+1's steps, once all p inputs it summarises are in (block 0 adds nothing). Causal and
     * rate-preserving: a stream runs it one sample at a time, keeping the current block's inputs, the
     * previous block's up-projection and its phase as state. Inner layers keep the rate of the level
     * (no pool or embedding) and their whole weight names.
     */
    record Pooled(String name, int poolFactor, int dModel, int dInner, List<LayerSpec> layers) implements LayerSpec {
        public Pooled {
            layers = List.copyOf(layers);
            if (poolFactor < 2) {
                throw new IllegalArgumentException("pooled level '" + name + "': factor must be at least 2, got "
                        + poolFactor);
            }
            if (layers.isEmpty()) {
                throw new IllegalArgumentException("pooled level '" + name + "' has no inner layers");
            }
            int channels = dInner;
            for (LayerSpec l : layers) {
                if (l.factor() != 1 || l.readsIndices()) {
                    throw new IllegalArgumentException("pooled level '" + name + "': layer '" + l.name() + "' ("
                            + l.getClass().getSimpleName() + ") cannot be an inner layer (no pool or embedding)");
                }
                if (l.inChannels() != channels) {
                    throw new IllegalArgumentException("pooled level '" + name + "': layer '" + l.name()
                            + "' expects " + l.inChannels() + " channels but receives " + channels);
                }
                channels = l.outChannels();
            }
            if (channels != dInner) {
                throw new IllegalArgumentException("pooled level '" + name + "': the inner layers end with "
                        + channels + " channels, the up-projection reads d_inner = " + dInner);
            }
        }

        public int inChannels() {
            return dModel;
        }

        public int outChannels() {
            return dModel;
        }
    }

    record Linear(String name, int inChannels, int outChannels) implements LayerSpec {}

    /** Index (held in a float) to row of a table. */
    record Embedding(String name, int num, int dim) implements LayerSpec {
        public int inChannels() {
            return 1;
        }

        public int outChannels() {
            return dim;
        }
    }

    /**
     * An embedding plus the inputs one estimated pitch period back, what speech codecs' long-term
     * predictors add (models/training/pitch_lag.py; {@link io.s4stream.models.s4.PitchLag} runs it
     * one step at a time). Per step a ring of the last {@code maxLag + 1} inputs and a difference
     * function over lags 1..maxLag, windowed exponentially over {@code window} samples and
     * normalised by its cumulative mean (YIN), pick the period P in minLag..maxLag; the inputs P-2,
     * P-1 and P steps back and the normalised difference at P, through {@code <name>.taps.weight}
     * [dim, 4], add to the index's row of {@code <name>.weight}. A recurrence with an argmin per
     * step, so a chunk graph unrolls it.
     */
    record PitchLagEmbedding(String name, int num, int dim, int minLag, int maxLag, int window)
            implements LayerSpec {
        public PitchLagEmbedding {
            if (minLag < 2 || maxLag < minLag || window < 1) {
                throw new IllegalArgumentException("pitch-lag embedding '" + name
                        + "': need 2 <= min_lag <= max_lag and window >= 1, got min_lag " + minLag + ", max_lag "
                        + maxLag + ", window " + window);
            }
        }

        public int inChannels() {
            return 1;
        }

        public int outChannels() {
            return dim;
        }
    }

    record LayerNorm(String name, int dim) implements LayerSpec {
        public int inChannels() {
            return dim;
        }

        public int outChannels() {
            return dim;
        }
    }

    record Gelu(String name, int dim) implements LayerSpec {
        public int inChannels() {
            return dim;
        }

        public int outChannels() {
            return dim;
        }
    }

    /** Element-wise y = x * x (e.g. the power of DFT coefficients). */
    record Square(String name, int dim) implements LayerSpec {
        public int inChannels() {
            return dim;
        }

        public int outChannels() {
            return dim;
        }
    }

    /** Element-wise y = ln(x + eps); eps > 0 keeps a zero input finite. */
    record Log(String name, int dim, double eps) implements LayerSpec {
        public Log {
            if (!(eps > 0) || Double.isInfinite(eps)) {
                throw new IllegalArgumentException("log layer '" + name + "': eps must be a finite number > 0, got "
                        + eps);
            }
        }

        public int inChannels() {
            return dim;
        }

        public int outChannels() {
            return dim;
        }
    }

    /**
     * Separately trained stacks over one input, averaged: y = (branch_0(x) + ... + branch_{n-1}(x)) / n.
     * Branches keep the rate (no pooling, no embedding, no nested ensemble), read the same width and
     * write the same width; their layers carry whole weight names (e.g. "trunks.0.proj").
     */
    record Ensemble(String name, List<List<LayerSpec>> branches) implements LayerSpec {
        public Ensemble {
            branches = branches.stream().map(List::copyOf).toList();
            if (branches.size() < 2) {
                throw new IllegalArgumentException("ensemble '" + name + "' needs at least 2 branches, got "
                        + branches.size());
            }
            int in = -1;
            int out = -1;
            for (int i = 0; i < branches.size(); i++) {
                List<LayerSpec> branch = branches.get(i);
                if (branch.isEmpty()) {
                    throw new IllegalArgumentException("ensemble '" + name + "' branch " + i + " has no layers");
                }
                int channels = branch.get(0).inChannels();
                for (LayerSpec l : branch) {
                    if (l.factor() != 1 || l.readsIndices() || l instanceof Ensemble) {
                        throw new IllegalArgumentException("ensemble '" + name + "' branch " + i + ": layer '"
                                + l.name() + "' (" + l.getClass().getSimpleName()
                                + ") cannot be in a branch (branches keep the rate: no pool, embedding or ensemble)");
                    }
                    if (l.inChannels() != channels) {
                        throw new IllegalArgumentException("ensemble '" + name + "' branch " + i + ": layer '"
                                + l.name() + "' expects " + l.inChannels() + " channels but receives " + channels);
                    }
                    channels = l.outChannels();
                }
                if (i == 0) {
                    in = branch.get(0).inChannels();
                    out = channels;
                } else if (branch.get(0).inChannels() != in || channels != out) {
                    throw new IllegalArgumentException("ensemble '" + name + "' branch " + i + " maps "
                            + branch.get(0).inChannels() + " -> " + channels + " channels, branch 0 maps " + in
                            + " -> " + out);
                }
            }
        }

        public int inChannels() {
            return branches.get(0).get(0).inChannels();
        }

        public int outChannels() {
            List<LayerSpec> first = branches.get(0);
            return first.get(first.size() - 1).outChannels();
        }
    }
}
