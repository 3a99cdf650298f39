package io.s4stream.models.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the models module's Python code (Debian's /usr/bin/python3, which has torch) from the tests. */
final class PythonScripts {
    static final String PYTHON = "/usr/bin/python3";

    private PythonScripts() {}

    /**
     * Runs {@code python3 ARGS...} in the module directory with stdout and stderr in {@code log}, and
     * asserts that it finished within {@code minutes} and exited 0 (the log is in the failure message).
     * Returns the log.
     */
    static String runOk(Path log, int minutes, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(PYTHON));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        boolean done = p.waitFor(minutes, TimeUnit.MINUTES);
        if (!done) {
            p.destroyForcibly();
        }
        String out = Files.readString(log);
        assertThat(done).as("%s finished in time; log:%n%s", command, out).isTrue();
        assertThat(p.exitValue()).as("%s exit code; log:%n%s", command, out).isZero();
        return out;
    }
}
