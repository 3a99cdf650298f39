package io.s4stream.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.s4stream.models.runtime.Device;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

class S4StreamSettingsTest {

    @Test
    void defaultsMatchTheDocumentedOnes() {
        S4StreamSettings s = S4StreamSettings.defaults();
        assertThat(s.kafka().inputTopic()).isEqualTo("audio");
        assertThat(s.kafka().outputTopic()).isEqualTo("events");
        assertThat(s.kafka().deadLetterTopic()).isEqualTo("audio-dlq");
        assertThat(s.kafka().deliveryGuarantee()).isEqualTo(DeliveryGuarantee.AT_LEAST_ONCE);
        assertThat(s.inference().hopSeconds()).isEqualTo(0.5);
        assertThat(s.inference().topK()).isEqualTo(3);
        assertThat(s.inference().device()).isEqualTo(Device.CPU);
        assertThat(s.inference().maxBatchWait()).isEqualTo(Duration.ofMillis(20));
        assertThat(s.inference().idleTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.inference().modelDir()).isEmpty();
        assertThat(s.maxRecordBytes()).isEqualTo(1 << 20);
    }

    @Test
    void readsStringValuesAsACommandLineGivesThemAndRoundTrips() {
        Configuration config =
                Configuration.fromMap(
                        Map.of(
                                "s4.device", "cuda",
                                "s4.delivery-guarantee", "exactly-once",
                                "s4.max-batch-wait", "5 ms",
                                "s4.idle-timeout", "30s",
                                "s4.model.dir", "/tmp/m",
                                "s4.max-batch", "8"));
        S4StreamSettings s = S4StreamSettings.fromConfiguration(config);
        assertThat(s.inference().device()).isEqualTo(Device.CUDA);
        assertThat(s.kafka().deliveryGuarantee()).isEqualTo(DeliveryGuarantee.EXACTLY_ONCE);
        assertThat(s.inference().maxBatchWait()).isEqualTo(Duration.ofMillis(5));
        assertThat(s.inference().idleTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.inference().modelDir()).contains(Path.of("/tmp/m"));
        assertThat(s.inference().maxBatch()).isEqualTo(8);

        S4StreamSettings again = S4StreamSettings.fromConfiguration(s.toConfiguration());
        assertThat(again.kafka()).isEqualTo(s.kafka());
        assertThat(again.inference().toString()).isEqualTo(s.inference().toString());
    }

    @Test
    void rejectsValuesThatCannotWorkNamingThem() {
        assertThatThrownBy(() -> InferenceSettings.builder().maxBatch(0).build())
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("got 0");
        assertThatThrownBy(() -> InferenceSettings.builder().hopSeconds(-1).build())
                .hasMessageContaining("got -1.0");
        assertThatThrownBy(() -> InferenceSettings.builder().idleTimeout(Duration.ZERO).build())
                .hasMessageContaining("idle timeout");
        Configuration tooLong = new Configuration();
        tooLong.set(S4StreamOptions.TRANSACTION_TIMEOUT, Duration.ofMinutes(20));
        assertThatThrownBy(() -> S4StreamSettings.fromConfiguration(tooLong))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("PT20M");
        Configuration sameTopic = new Configuration();
        sameTopic.set(S4StreamOptions.OUTPUT_TOPIC, "audio");
        assertThatThrownBy(() -> S4StreamSettings.fromConfiguration(sameTopic))
                .hasMessageContaining("must differ");
    }

    @Test
    void theJobsMainReadsKeyValueArgumentsAsDeployScriptsPassThem() {
        Configuration config =
                S4StreamJob.configurationFromArgs(
                        new String[] {
                            "--s4.kafka.bootstrap-servers", "b:9092",
                            "--s4.delivery-guarantee", "exactly-once",
                            "--s4.max-batch-wait", "10ms",
                            "--execution.checkpointing.interval", "10s"
                        });
        S4StreamSettings s = S4StreamSettings.fromConfiguration(config);
        assertThat(s.kafka().bootstrapServers()).isEqualTo("b:9092");
        assertThat(s.kafka().deliveryGuarantee()).isEqualTo(DeliveryGuarantee.EXACTLY_ONCE);
        assertThat(s.inference().maxBatchWait()).isEqualTo(Duration.ofMillis(10));
        assertThat(config.getString("execution.checkpointing.interval", null)).isEqualTo("10s");
    }
}
