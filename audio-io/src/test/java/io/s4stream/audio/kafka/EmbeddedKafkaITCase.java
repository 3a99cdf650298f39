package io.s4stream.audio.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

class EmbeddedKafkaITCase {

    @Test
    void startingAndStoppingABrokerPrintsNothingOnStandardOutput() {
        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        String bootstrap;
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(1, "quiet");
            bootstrap = kafka.bootstrapServers();
        } finally {
            System.setOut(original);
        }
        assertThat(printed.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(System.out).isSameAs(original);
        assertThat(bootstrap).contains(":");
    }
}
