package io.s4stream.models.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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
        Path log = tmp.resolve("unittest.log");
        Process p = new ProcessBuilder("/usr/bin/python3", "-m", "unittest", "discover", "-v", "-s", "data", "-p",
                "test_*.py")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        boolean done = p.waitFor(2, TimeUnit.MINUTES);
        if (!done) {
            p.destroyForcibly();
        }
        String out = Files.readString(log);
        assertThat(done).as("unit tests finished in time; log:%n%s", out).isTrue();
        assertThat(p.exitValue()).as("exit code; log:%n%s", out).isZero();
        assertThat(out).as("log:%n%s", out).containsPattern("Ran [1-9][0-9]* tests").contains("\nOK");
    }
}
