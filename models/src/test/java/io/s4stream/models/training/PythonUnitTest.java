package io.s4stream.models.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the module's Python unit tests ({@code test_*.py}) in {@code mvn verify}, like the training smoke
 * runs: in {@code models/data}, the sample player that renders the tonejs-instruments training set (on
 * synthetic WAV notes) and the Csound instruments of the train_csynth set (through a real csound); in
 * {@code models/training}, the continuation model's training batches, the classifier's front end and its
 * convolution along the bands (its equality with the dense layer it exports as), and the ensemble join.
 */
class PythonUnitTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"data", "training"})
    void unitTestsPass(String directory) throws IOException, InterruptedException {
        String out = PythonScripts.runOk(tmp.resolve("unittest.log"), 2, "-m", "unittest", "discover", "-v", "-s",
                directory, "-p", "test_*.py");
        assertThat(out).as("log:%n%s", out).containsPattern("Ran [1-9][0-9]* tests").contains("\nOK");
    }
}
