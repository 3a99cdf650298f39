package io.s4stream.job.inference;

import io.s4stream.job.InferenceSettings;
import io.s4stream.models.generation.MuLaw;
import io.s4stream.models.runtime.ModelManifest;
import io.s4stream.models.runtime.RuntimeOptions;
import io.s4stream.models.runtime.S4Runtime;
import io.s4stream.models.runtime.Task;

import java.nio.file.Path;

/** Opens models for live streams and checks that they can classify, or continue, them. */
public final class StreamModels {

    private StreamModels() {}

    /**
     * Opens the model in {@code dir} as the operator runs it: the settings' device, one intra-op
     * thread (Flink's parallelism scales out), {@code chunkSize}-sample chunk calls for batches of
     * up to {@code max-batch} streams (padding rows included, see {@link ModelBatch#rowsFor}).
     */
    public static S4Runtime open(Path dir, InferenceSettings settings, int chunkSize) {
        return S4Runtime.open(
                dir,
                RuntimeOptions.builder()
                        .device(settings.device())
                        .chunkSize(chunkSize)
                        .maxBatch(ModelBatch.rowsFor(settings.maxBatch()))
                        .intraOpThreads(1)
                        .build());
    }

    /**
     * Requires a classifier over one float audio channel (streams are mixed to mono).
     *
     * @throws UnsupportedModelException naming what does not fit
     */
    public static void requireAudioClassifier(ModelManifest m) {
        if (m.inputChannels() != 1) {
            throw new UnsupportedModelException(
                    "model "
                            + m.name()
                            + " takes "
                            + m.inputChannels()
                            + " input channels; streams are mixed to 1");
        }
        if (!"float".equals(m.inputEncoding())) {
            throw new UnsupportedModelException(
                    "model "
                            + m.name()
                            + " takes input encoding '"
                            + m.inputEncoding()
                            + "', expected 'float' audio");
        }
    }

    /** The {@code input_encoding} of mu-law generators. */
    public static final String MULAW_INDEX = "mulaw-index";

    /**
     * Requires a sample-level mu-law generator: task GENERATION, one input channel holding the
     * previous sample's mu-law index, {@value MuLaw#CLASSES} logits per sample (frame 1).
     *
     * @throws UnsupportedModelException naming what does not fit
     */
    public static void requireGenerator(ModelManifest m) {
        String problem = null;
        if (m.task() != Task.GENERATION) {
            problem = "is a " + m.task() + " model, expected GENERATION";
        } else if (!MULAW_INDEX.equals(m.inputEncoding()) || m.inputChannels() != 1) {
            problem =
                    "takes "
                            + m.inputChannels()
                            + " input channel(s) encoded '"
                            + m.inputEncoding()
                            + "', expected 1 of '"
                            + MULAW_INDEX
                            + "'";
        } else if (m.outputChannels() != MuLaw.CLASSES || m.frame() != 1) {
            problem =
                    "has "
                            + m.outputChannels()
                            + " outputs per frame of "
                            + m.frame()
                            + ", expected "
                            + MuLaw.CLASSES
                            + " logits per sample (frame 1)";
        }
        if (problem != null) {
            throw new UnsupportedModelException("continuation model " + m.name() + " " + problem);
        }
    }
}
