package io.s4stream.models.runtime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates session options for a device, falling back from CUDA to CPU with one clear log line. */
final class OrtSessions {
    private static final Logger LOG = LoggerFactory.getLogger(OrtSessions.class);

    private OrtSessions() {}

    /** The options to use; the caller owns and closes them after the sessions made from them. */
    static OrtSession.SessionOptions options(RuntimeOptions runtime, Device[] chosen) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        try {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            if (runtime.intraOpThreads() > 0) {
                options.setIntraOpNumThreads(runtime.intraOpThreads());
            }
            options.setInterOpNumThreads(1);
            chosen[0] = Device.CPU;
            if (runtime.device() == Device.CUDA) {
                try {
                    options.addCUDA(0);
                    chosen[0] = Device.CUDA;
                } catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
                    LOG.warn("CUDA execution provider unavailable ({}); running on CPU", e.getMessage());
                }
            }
            return options;
        } catch (OrtException | RuntimeException e) {
            options.close();
            throw e;
        }
    }

    static OrtEnvironment environment() {
        return OrtEnvironment.getEnvironment();
    }
}
