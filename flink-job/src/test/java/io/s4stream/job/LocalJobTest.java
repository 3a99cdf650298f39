package io.s4stream.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Local runs checkpoint to a directory, never into the JobManager's capped memory. */
class LocalJobTest {

    @Test
    void aConfigurationWithoutACheckpointDirectoryGetsATemporaryOne() throws Exception {
        Configuration flink = new Configuration();
        Optional<Path> dir = LocalJob.useCheckpointDirectory(flink);
        assertThat(dir).isPresent();
        try {
            assertThat(Files.isDirectory(dir.get())).isTrue();
            assertThat(flink.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
                    .isEqualTo(dir.get().toUri().toString());
            Files.writeString(dir.get().resolve("chk-1"), "state");
        } finally {
            LocalJob.deleteQuietly(dir.get());
        }
        assertThat(Files.exists(dir.get())).isFalse();
    }

    @Test
    void aCheckpointDirectoryTheUserNamedIsKept() {
        Configuration flink = new Configuration();
        flink.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, "file:///data/checkpoints");
        assertThat(LocalJob.useCheckpointDirectory(flink)).isEmpty();
        assertThat(flink.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
                .isEqualTo("file:///data/checkpoints");
    }
}
