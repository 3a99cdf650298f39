package io.s4stream.models.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the Python unit tests of the data recipes ({@code models/data/test_*.py}: the sample player that
 * renders the tonejs-instruments training set, on synthetic WAV notes), so they run in {@code mvn verify}
 * like the training smoke runs.
 */
class DataRecipeTest {
    @TempDir
    Path tmp;

    @Test
    void dataRecipeUnitTestsPass() throws IOException, InterruptedException {
        String out = PythonScripts.runOk(tmp.resolve("unittest.log"), 2, "-m", "unittest", "discover", "-v", "-s",
                "data", "-p", "test_*.py");
        assertThat(out).as("log:%n%s", out).containsPattern("Ran [1-9][0-9]* tests").contains("\nOK");
    }
}
