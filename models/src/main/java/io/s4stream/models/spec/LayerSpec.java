package io.s4stream.models.spec;

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

    static String prefix(String name) {
        return name.isEmpty() ? "" : name + ".";
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
}
