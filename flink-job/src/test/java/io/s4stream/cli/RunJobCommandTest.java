package io.s4stream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.s4stream.job.ContinuationSettings;
import io.s4stream.job.S4StreamOptions;
import io.s4stream.job.S4StreamSettings;
import io.s4stream.models.runtime.Device;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.junit.jupiter.api.Test;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;

class RunJobCommandTest {

    @Test
    void everyFlagLandsInItsOptionAndFlinkOptionsPassThrough() {
        RunJobCommand command = new RunJobCommand();
        new CommandLine(command)
                .parseArgs(
                        "--bootstrap-servers", "k1:9092,k2:9092",
                        "--input-topic", "in",
                        "--output-topic", "out",
                        "--dead-letter-topic", "dlq",
                        "--group-id", "g",
                        "--model", "/models/x",
                        "--hop-seconds", "0.25",
                        "--top-k", "5",
                        "--device", "CUDA",
                        "--chunk-size", "512",
                        "--max-batch", "16",
                        "--max-batch-wait", "5ms",
                        "--idle-timeout", "2min",
                        "--parallelism", "3",
                        "--delivery-guarantee", "exactly-once",
                        "--transaction-timeout", "5 min",
                        "--checkpoint-interval", "30s",
                        "--buffer-timeout", "0ms",
                        "--max-record-bytes", "4096",
                        "--continuation-model", "/models/gen",
                        "--continuation-temperature", "0.7",
                        "--continuation-top-p", "0.8",
                        "--continuation-seed", "42",
                        "--continuation-max-seconds", "12.5",
                        "--continuation-slice", "800",
                        "--continuation-output-rate", "48000",
                        "--continuation-chunk-size", "128",
                        "-D", "state.backend.type=rocksdb");
        Configuration config = command.configuration();
        assertThat(config.getString("state.backend.type", null)).isEqualTo("rocksdb");
        S4StreamSettings s = S4StreamSettings.fromConfiguration(config);
        assertThat(s.kafka().bootstrapServers()).isEqualTo("k1:9092,k2:9092");
        assertThat(s.bufferTimeout()).isEqualTo(java.time.Duration.ZERO);
        assertThat(s.kafka().inputTopic()).isEqualTo("in");
        assertThat(s.kafka().outputTopic()).isEqualTo("out");
        assertThat(s.kafka().deadLetterTopic()).isEqualTo("dlq");
        assertThat(s.kafka().groupId()).isEqualTo("g");
        assertThat(s.kafka().deliveryGuarantee()).isEqualTo(DeliveryGuarantee.EXACTLY_ONCE);
        assertThat(s.kafka().transactionTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.inference().modelDir()).contains(Path.of("/models/x"));
        assertThat(s.inference().hopSeconds()).isEqualTo(0.25);
        assertThat(s.inference().topK()).isEqualTo(5);
        assertThat(s.inference().device()).isEqualTo(Device.CUDA);
        assertThat(s.inference().chunkSize()).isEqualTo(512);
        assertThat(s.inference().maxBatch()).isEqualTo(16);
        assertThat(s.inference().maxBatchWait()).isEqualTo(Duration.ofMillis(5));
        assertThat(s.inference().idleTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(s.parallelism()).isEqualTo(3);
        assertThat(s.checkpointInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.maxRecordBytes()).isEqualTo(4096);
        ContinuationSettings c = s.inference().continuation();
        assertThat(c.source()).isEqualTo(ContinuationSettings.ModelSource.DIRECTORY);
        assertThat(c.resolveModelDir()).contains(Path.of("/models/gen"));
        assertThat(c.temperature()).isEqualTo(0.7);
        assertThat(c.topP()).isEqualTo(0.8);
        assertThat(c.seed()).isEqualTo(42);
        assertThat(c.maxSeconds()).isEqualTo(12.5);
        assertThat(c.slice()).isEqualTo(800);
        assertThat(c.outputRate()).isEqualTo(48_000);
        assertThat(c.chunkSize()).isEqualTo(128);
    }

    @Test
    void anEmptyContinuationModelTurnsContinuationsOff() {
        RunJobCommand command = new RunJobCommand();
        new CommandLine(command).parseArgs("--continuation-model", "");
        ContinuationSettings c =
                S4StreamSettings.fromConfiguration(command.configuration())
                        .inference()
                        .continuation();
        assertThat(c.source()).isEqualTo(ContinuationSettings.ModelSource.NONE);
        assertThat(c.resolveModelDir()).isEmpty();
    }

    @Test
    void flagsNotGivenKeepTheOptionDefaults() {
        RunJobCommand command = new RunJobCommand();
        new CommandLine(command).parseArgs();
        Configuration config = command.configuration();
        assertThat(config.keySet()).isEmpty();
        assertThat(S4StreamSettings.fromConfiguration(config).kafka().inputTopic())
                .isEqualTo(S4StreamOptions.INPUT_TOPIC.defaultValue());
    }

    @Test
    void badValuesAreRejectedNamingThem() {
        StringWriter err = new StringWriter();
        CommandLine cli = S4StreamCli.commandLine().setErr(new PrintWriter(err));
        int code = cli.execute("run-job", "--delivery-guarantee", "twice");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString())
                .contains("'twice' is not one of [exactly-once, at-least-once, none]");
        code = cli.execute("run-job", "--max-batch-wait", "soon");
        assertThat(err.toString()).contains("'soon' is not a duration");
    }
}
