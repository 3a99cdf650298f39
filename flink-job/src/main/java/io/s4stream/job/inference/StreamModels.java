package io.s4stream.job.inference;

import io.s4stream.models.runtime.ModelManifest;

/** Checks that a model can classify live audio streams. */
public final class StreamModels {

    private StreamModels() {}

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
}
