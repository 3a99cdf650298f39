package io.s4stream.models.runtime;

/** How an {@link S4Runtime} runs: device, chunk length, batch limit, threads. Immutable. */
public final class RuntimeOptions {
    private final Device device;
    private final int chunkSize;
    private final int maxBatch;
    private final int intraOpThreads;

    private RuntimeOptions(Builder b) {
        this.device = b.device;
        this.chunkSize = b.chunkSize;
        this.maxBatch = b.maxBatch;
        this.intraOpThreads = b.intraOpThreads;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Device device() {
        return device;
    }

    /** Input samples per stream per chunk call; 0 means only the step graph is opened. */
    public int chunkSize() {
        return chunkSize;
    }

    public int maxBatch() {
        return maxBatch;
    }

    public int intraOpThreads() {
        return intraOpThreads;
    }

    /** Defaults: CPU, chunk 256, max batch 64, one intra-op thread (Flink parallelism scales out). */
    public static final class Builder {
        private Device device = Device.CPU;
        private int chunkSize = 256;
        private int maxBatch = 64;
        private int intraOpThreads = 1;

        public Builder device(Device v) {
            device = v;
            return this;
        }

        public Builder chunkSize(int v) {
            chunkSize = v;
            return this;
        }

        public Builder maxBatch(int v) {
            maxBatch = v;
            return this;
        }

        public Builder intraOpThreads(int v) {
            intraOpThreads = v;
            return this;
        }

        public RuntimeOptions build() {
            if (device == null) {
                throw new IllegalArgumentException("device is required");
            }
            if (chunkSize < 0) {
                throw new IllegalArgumentException("chunk size must be >= 0 (0 = step graph only), got " + chunkSize);
            }
            if (maxBatch < 1) {
                throw new IllegalArgumentException("max batch must be >= 1, got " + maxBatch);
            }
            if (intraOpThreads < 0) {
                throw new IllegalArgumentException("intra-op threads must be >= 0 (0 = ORT default), got "
                        + intraOpThreads);
            }
            return new RuntimeOptions(this);
        }
    }
}
