package io.s4stream.models.runtime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.s4stream.models.compile.ModelCompiler;
import io.s4stream.models.io.ModelFileException;
import io.s4stream.models.io.Safetensors;
import io.s4stream.models.onnx.ModelGraphCompiler;
import io.s4stream.models.spec.ModelSpecJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a compiled model in ONNX Runtime for a batch of streams: the step graph (one frame) and,
 * when a chunk size is set, the exact chunk graph (T samples). Each stream's recurrent state is a
 * plain {@code float[]} owned by the caller (for example Flink keyed state), copied into the
 * stacked batch tensors once per call and back once. One instance per thread; {@link #close()}
 * releases every native object and is idempotent.
 */
public final class S4Runtime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(S4Runtime.class);

    private final ModelManifest manifest;
    private final RuntimeOptions options;
    private final OrtSession.SessionOptions sessionOptions;
    private final GraphSession step;
    private final GraphSession chunk;
    private final Device device;
    private boolean closed;

    private S4Runtime(ModelManifest manifest, RuntimeOptions options, OrtSession.SessionOptions sessionOptions,
            GraphSession step, GraphSession chunk, Device device) {
        this.manifest = manifest;
        this.options = options;
        this.sessionOptions = sessionOptions;
        this.step = step;
        this.chunk = chunk;
        this.device = device;
    }

    public static S4Runtime open(Path modelDir, RuntimeOptions options) {
        ModelManifest manifest = ModelManifest.read(modelDir);
        int t = options.chunkSize();
        if (t > 0 && t % manifest.frame() != 0) {
            throw new IllegalArgumentException("chunk size " + t + " is not a multiple of model " + manifest.name()
                    + "'s frame " + manifest.frame());
        }
        OrtEnvironment env = OrtSessions.environment();
        Device[] chosen = new Device[1];
        OrtSession.SessionOptions so = null;
        GraphSession step = null;
        GraphSession chunk = null;
        try {
            so = OrtSessions.options(options, chosen);
            GraphSource source = new GraphSource(modelDir);
            step = new GraphSession(env, source.graph(ModelCompiler.STEP, manifest.frame()), so, manifest, manifest.frame());
            if (t > 0) {
                chunk = new GraphSession(env, source.graph(ModelCompiler.chunkFile(t), t), so, manifest, t);
            }
            LOG.info("Opened model {} {} on {}: frame {}, chunk {}, max batch {}", manifest.name(), manifest.version(),
                    chosen[0], manifest.frame(), t, options.maxBatch());
            return new S4Runtime(manifest, options, so, step, chunk, chosen[0]);
        } catch (OrtException e) {
            closeQuietly(chunk, step, so);
            throw new ModelFileException("ONNX Runtime could not load model " + modelDir + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(chunk, step, so);
            throw e;
        }
    }

    /** Reads a graph file, or compiles it from the model's weights when it is not on disk. */
    private static final class GraphSource {
        private final Path dir;
        private ModelGraphCompiler compiler;

        GraphSource(Path dir) {
            this.dir = dir;
        }

        byte[] graph(String file, int samples) {
            Path p = dir.resolve(file);
            try {
                if (Files.exists(p)) {
                    return Files.readAllBytes(p);
                }
            } catch (IOException e) {
                throw new ModelFileException("Cannot read graph " + p + ": " + e.getMessage(), e);
            }
            if (compiler == null) {
                compiler = new ModelGraphCompiler(ModelSpecJson.read(dir.resolve(ModelCompiler.MODEL_JSON)),
                        Safetensors.read(dir.resolve(ModelCompiler.WEIGHTS)));
            }
            return file.equals(ModelCompiler.STEP) ? compiler.compileStep() : compiler.compile(samples);
        }
    }

    public ModelManifest manifest() {
        return manifest;
    }

    /** The execution provider actually in use (CPU after a CUDA fallback). */
    public Device device() {
        return device;
    }

    public int chunkSize() {
        return chunk == null ? 0 : chunk.samples();
    }

    public int frame() {
        return manifest.frame();
    }

    public int maxBatch() {
        return options.maxBatch();
    }

    public float[] newState() {
        return new float[manifest.stateSize()];
    }

    /**
     * Advances {@code batch} streams by {@link #chunkSize()} samples each. {@code input} is
     * [batch][chunkSize][inputChannels] row-major; {@code states[i]} (i < batch) is updated in
     * place; {@code output} receives [batch][chunkSize/frame][outputChannels].
     */
    public void advanceChunk(float[][] states, int batch, float[] input, float[] output) {
        if (chunk == null) {
            throw new IllegalStateException("this runtime was opened without a chunk size");
        }
        run(chunk, states, batch, input, output);
    }

    /** Advances {@code batch} streams by one frame each through the step graph. */
    public void advanceStep(float[][] states, int batch, float[] input, float[] output) {
        run(step, states, batch, input, output);
    }

    private void run(GraphSession graph, float[][] states, int batch, float[] input, float[] output) {
        if (closed) {
            throw new IllegalStateException("runtime for model " + manifest.name() + " is closed");
        }
        if (batch < 1 || batch > options.maxBatch() || batch > states.length) {
            throw new IllegalArgumentException("batch " + batch + " outside 1.." + Math.min(options.maxBatch(), states.length));
        }
        int needIn = batch * graph.samples() * manifest.inputChannels();
        int needOut = batch * (graph.samples() / manifest.frame()) * manifest.outputChannels();
        if (input.length < needIn || output.length < needOut) {
            throw new IllegalArgumentException("buffers too small: input " + input.length + " < " + needIn
                    + " or output " + output.length + " < " + needOut);
        }
        for (int i = 0; i < batch; i++) {
            if (states[i].length != manifest.stateSize()) {
                throw new IllegalArgumentException("stream state " + i + " holds " + states[i].length
                        + " floats but model " + manifest.name() + " " + manifest.version() + " needs "
                        + manifest.stateSize() + " (a state saved with another model, e.g. a checkpoint taken"
                        + " before the model was changed: restore it with the model it was taken with)");
            }
        }
        try {
            graph.advance(states, batch, input, output);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed running model " + manifest.name() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeQuietly(chunk, step, sessionOptions);
    }

    private static void closeQuietly(GraphSession chunk, GraphSession step, OrtSession.SessionOptions so) {
        try {
            if (chunk != null) {
                chunk.close();
            }
            if (step != null) {
                step.close();
            }
        } catch (OrtException e) {
            LOG.warn("Closing ONNX Runtime session failed: {}", e.getMessage());
        } finally {
            if (so != null) {
                so.close();
            }
        }
    }
}
