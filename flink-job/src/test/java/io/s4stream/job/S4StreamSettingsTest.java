package io.s4stream.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.s4stream.models.generation.Sampling;
import io.s4stream.models.runtime.Device;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.description.HtmlFormatter;
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
        assertThat(s.inference().maxBatchWait()).isEqualTo(Duration.ofMillis(2));
        assertThat(s.inference().idleTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.inference().modelDir()).isEmpty();
        assertThat(s.maxRecordBytes()).isEqualTo(1 << 20);
        ContinuationSettings c = s.inference().continuation();
        assertThat(c.source()).isEqualTo(ContinuationSettings.ModelSource.SHIPPED);
        assertThat(c.temperature()).isEqualTo(1.0);
        assertThat(c.topP()).isEqualTo(0.3);
        assertThat(c.seed()).isZero();
        assertThat(c.maxSeconds()).isEqualTo(60.0);
        assertThat(c.slice()).isEqualTo(1600);
        assertThat(c.outputRate()).isEqualTo(44_100);
        assertThat(c.chunkSize()).isEqualTo(256);
    }

    @Test
    void continuationOptionsReadAsStringsAndRoundTrip() {
        Configuration config =
                Configuration.fromMap(
                        Map.of(
                                "s4.continuation.model", "/tmp/gen",
                                "s4.continuation.temperature", "0.5",
                                "s4.continuation.top-p", "0.6",
                                "s4.continuation.seed", "-3",
                                "s4.continuation.max-seconds", "2.5",
                                "s4.continuation.slice", "160",
                                "s4.continuation.output-rate", "22050"));
        S4StreamSettings s = S4StreamSettings.fromConfiguration(config);
        ContinuationSettings c = s.inference().continuation();
        assertThat(c.resolveModelDir()).contains(Path.of("/tmp/gen"));
        assertThat(c.temperature()).isEqualTo(0.5);
        assertThat(c.topP()).isEqualTo(0.6);
        assertThat(c.sampling()).isEqualTo(new Sampling(0.5, 0.6));
        assertThat(c.seed()).isEqualTo(-3);
        assertThat(c.maxSeconds()).isEqualTo(2.5);
        assertThat(c.slice()).isEqualTo(160);
        assertThat(c.outputRate()).isEqualTo(22_050);
        S4StreamSettings again = S4StreamSettings.fromConfiguration(s.toConfiguration());
        assertThat(again.inference().toString()).isEqualTo(s.inference().toString());

        Configuration off = Configuration.fromMap(Map.of("s4.continuation.model", ""));
        ContinuationSettings none =
                S4StreamSettings.fromConfiguration(off).inference().continuation();
        assertThat(none.source()).isEqualTo(ContinuationSettings.ModelSource.NONE);
        assertThat(none.resolveModelDir()).isEmpty();
        assertThat(
                        S4StreamSettings.fromConfiguration(
                                        S4StreamSettings.fromConfiguration(off).toConfiguration())
                                .inference()
                                .continuation()
                                .source())
                .isEqualTo(ContinuationSettings.ModelSource.NONE);
    }

    @Test
    void theDeliveryGuaranteeIsDescribedWithTheValuesFlinkAccepts() {
        String description =
                new HtmlFormatter().format(S4StreamOptions.DELIVERY_GUARANTEE.description());
        for (DeliveryGuarantee g : DeliveryGuarantee.values()) {
            Configuration config = new Configuration();
            config.setString(S4StreamOptions.DELIVERY_GUARANTEE.key(), g.toString());
            assertThat(config.get(S4StreamOptions.DELIVERY_GUARANTEE)).isEqualTo(g);
            assertThat(description).contains(g.toString());
        }
        assertThat(description).doesNotContain("_ONCE");
        assertThatThrownBy(
                        () ->
                                new KafkaSettings(
                                        "b:9092",
                                        "g",
                                        "in",
                                        "out",
                                        "dlq",
                                        null,
                                        "p",
                                        Duration.ofMinutes(1)))
                .hasMessageContaining("at-least-once, exactly-once or none");
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
        assertThatThrownBy(() -> ContinuationSettings.builder().maxSeconds(61).build())
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("got 61.0");
        assertThatThrownBy(() -> ContinuationSettings.builder().topP(0).build())
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("top-p must be in (0, 1], got 0.0");
        assertThatThrownBy(() -> ContinuationSettings.builder().slice(0).build())
                .hasMessageContaining("slice");
        assertThatThrownBy(() -> ContinuationSettings.builder().outputRate(500).build())
                .hasMessageContaining("got 500");
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
