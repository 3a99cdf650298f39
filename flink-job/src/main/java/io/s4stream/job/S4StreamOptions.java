package io.s4stream.job;

import io.s4stream.models.runtime.Device;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;

import java.time.Duration;
import java.util.List;

/** Every setting of the s4stream job, as typed Flink options with defaults and descriptions. */
public final class S4StreamOptions {

    public static final ConfigOption<String> BOOTSTRAP_SERVERS =
            ConfigOptions.key("s4.kafka.bootstrap-servers")
                    .stringType()
                    .defaultValue("localhost:9092")
                    .withDescription("Kafka bootstrap servers, host:port[,host:port...].");

    public static final ConfigOption<String> GROUP_ID =
            ConfigOptions.key("s4.kafka.group-id")
                    .stringType()
                    .defaultValue("s4stream")
                    .withDescription("Consumer group id of the job's Kafka source.");

    public static final ConfigOption<String> INPUT_TOPIC =
            ConfigOptions.key("s4.topic.input")
                    .stringType()
                    .defaultValue("audio")
                    .withDescription("Topic the audio records are read from (key = stream id).");

    public static final ConfigOption<String> OUTPUT_TOPIC =
            ConfigOptions.key("s4.topic.output")
                    .stringType()
                    .defaultValue("events")
                    .withDescription(
                            "Topic the classification events (header s4.kind=event) and generated"
                                    + " audio are written to.");

    public static final ConfigOption<String> DEAD_LETTER_TOPIC =
            ConfigOptions.key("s4.topic.dead-letter")
                    .stringType()
                    .defaultValue("audio-dlq")
                    .withDescription(
                            "Topic invalid records go to, with headers s4.error and"
                                    + " s4.error-detail.");

    public static final ConfigOption<Integer> MAX_RECORD_BYTES =
            ConfigOptions.key("s4.max-record-bytes")
                    .intType()
                    .defaultValue(1 << 20)
                    .withDescription(
                            "Largest accepted record value in bytes; larger records are"
                                    + " dead-lettered as OVERSIZED.");

    public static final ConfigOption<String> MODEL_DIR =
            ConfigOptions.key("s4.model.dir")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Compiled model directory; default: the shipped instrument-family"
                                    + " classifier.");

    public static final ConfigOption<Double> HOP_SECONDS =
            ConfigOptions.key("s4.hop-seconds")
                    .doubleType()
                    .defaultValue(0.5)
                    .withDescription("Length of one classification event, in seconds.");

    public static final ConfigOption<Integer> TOP_K =
            ConfigOptions.key("s4.top-k")
                    .intType()
                    .defaultValue(3)
                    .withDescription("Number of labels listed in each event's top_k.");

    public static final ConfigOption<Device> DEVICE =
            ConfigOptions.key("s4.device")
                    .enumType(Device.class)
                    .defaultValue(Device.CPU)
                    .withDescription("ONNX Runtime device: cpu or cuda (falls back to cpu).");

    public static final ConfigOption<Integer> CHUNK_SIZE =
            ConfigOptions.key("s4.chunk-size")
                    .intType()
                    .defaultValue(1024)
                    .withDescription(
                            "Samples (at the model's rate) each stream advances per batched model"
                                    + " call; a multiple of the model's frame. The default is one"
                                    + " frame of the shipped classifier, so a hop's event never"
                                    + " waits for audio after the hop; larger chunks raise"
                                    + " throughput when the hop is a whole number of chunks.");

    public static final ConfigOption<Integer> MAX_BATCH =
            ConfigOptions.key("s4.max-batch")
                    .intType()
                    .defaultValue(64)
                    .withDescription("Most streams advanced together in one model call.");

    public static final ConfigOption<Duration> MAX_BATCH_WAIT =
            ConfigOptions.key("s4.max-batch-wait")
                    .durationType()
                    .defaultValue(Duration.ofMillis(2))
                    .withDescription(
                            "Longest time a ready stream waits for others to fill a batch.");

    public static final ConfigOption<Integer> PARALLELISM =
            ConfigOptions.key("s4.parallelism")
                    .intType()
                    .defaultValue(1)
                    .withDescription("Parallelism of every operator of the job.");

    public static final ConfigOption<DeliveryGuarantee> DELIVERY_GUARANTEE =
            ConfigOptions.key("s4.delivery-guarantee")
                    .enumType(DeliveryGuarantee.class)
                    .defaultValue(DeliveryGuarantee.AT_LEAST_ONCE)
                    .withDescription(
                            "Kafka sink guarantee: at-least-once, exactly-once (transactions"
                                    + " committed on checkpoints; read with"
                                    + " isolation.level=read_committed) or none.");

    public static final ConfigOption<String> TRANSACTIONAL_ID_PREFIX =
            ConfigOptions.key("s4.transactional-id-prefix")
                    .stringType()
                    .defaultValue("s4stream")
                    .withDescription("Transactional id prefix of the sinks under exactly-once.");

    public static final ConfigOption<Duration> TRANSACTION_TIMEOUT =
            ConfigOptions.key("s4.transaction-timeout")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(10))
                    .withDescription(
                            "Sink transaction.timeout.ms under exactly-once; must not exceed the"
                                    + " broker's transaction.max.timeout.ms (15 min by default).");

    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL =
            ConfigOptions.key("s4.checkpoint-interval")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(10))
                    .withDescription("Checkpoint interval; 0 disables checkpoints.");

    public static final ConfigOption<Duration> BUFFER_TIMEOUT =
            ConfigOptions.key("s4.buffer-timeout")
                    .durationType()
                    .defaultValue(Duration.ofMillis(5))
                    .withDescription(
                            "Longest time Flink holds a partly filled network buffer between the"
                                    + " job's operators (the job sets it on its environment, over"
                                    + " execution.buffer-timeout.interval, whose 100 ms default"
                                    + " would dominate the event latency); 0 flushes every record.");

    public static final ConfigOption<Duration> IDLE_TIMEOUT =
            ConfigOptions.key("s4.idle-timeout")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(5))
                    .withDescription(
                            "A stream without a record for this long is finalised as if it had"
                                    + " ended (processing time).");

    public static final ConfigOption<String> CONTINUATION_MODEL =
            ConfigOptions.key("s4.continuation.model")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Compiled mu-law generator directory for continuations; default: the"
                                    + " shipped piano-continuation model when it is present;"
                                    + " empty: continuations off (requests are dead-lettered as"
                                    + " CONTINUATION_UNAVAILABLE).");

    public static final ConfigOption<Double> CONTINUATION_TEMPERATURE =
            ConfigOptions.key("s4.continuation.temperature")
                    .doubleType()
                    .defaultValue(1.0)
                    .withDescription("Sampling temperature of continuations; 0 takes the argmax.");

    public static final ConfigOption<Double> CONTINUATION_TOP_P =
            ConfigOptions.key("s4.continuation.top-p")
                    .doubleType()
                    .defaultValue(0.3)
                    .withDescription(
                            "Nucleus sampling of continuations: each sample is drawn from the most"
                                    + " probable mu-law levels that hold this share of the"
                                    + " probability, in (0, 1]; 1 draws from all of them (plain"
                                    + " sampling, broadband noise with the shipped model).");

    public static final ConfigOption<Long> CONTINUATION_SEED =
            ConfigOptions.key("s4.continuation.seed")
                    .longType()
                    .defaultValue(0L)
                    .withDescription(
                            "Seed of continuations; with the stream id it fixes the generated"
                                    + " audio, so a replay generates the same.");

    public static final ConfigOption<Double> CONTINUATION_MAX_SECONDS =
            ConfigOptions.key("s4.continuation.max-seconds")
                    .doubleType()
                    .defaultValue(60.0)
                    .withDescription(
                            "Longest continuation served, in (0, 60] seconds; longer requests are"
                                    + " dead-lettered as CONTINUATION_TOO_LONG.");

    public static final ConfigOption<Integer> CONTINUATION_SLICE =
            ConfigOptions.key("s4.continuation.slice")
                    .intType()
                    .defaultValue(1600)
                    .withDescription(
                            "Samples (at the generator's rate) each generating stream advances per"
                                    + " timer tick; one continuation record per slice.");

    public static final ConfigOption<Integer> CONTINUATION_OUTPUT_RATE =
            ConfigOptions.key("s4.continuation.output-rate")
                    .intType()
                    .defaultValue(44_100)
                    .withDescription("Sample rate of the continuation records, in Hz.");

    public static final ConfigOption<Integer> CONTINUATION_CHUNK_SIZE =
            ConfigOptions.key("s4.continuation.chunk-size")
                    .intType()
                    .defaultValue(256)
                    .withDescription(
                            "Samples (at the generator's rate) each stream's prompt advances per"
                                    + " batched generator call.");

    /** All options, for listing and for copying from a configuration. */
    public static final List<ConfigOption<?>> ALL =
            List.of(
                    BOOTSTRAP_SERVERS,
                    GROUP_ID,
                    INPUT_TOPIC,
                    OUTPUT_TOPIC,
                    DEAD_LETTER_TOPIC,
                    MAX_RECORD_BYTES,
                    MODEL_DIR,
                    HOP_SECONDS,
                    TOP_K,
                    DEVICE,
                    CHUNK_SIZE,
                    MAX_BATCH,
                    MAX_BATCH_WAIT,
                    PARALLELISM,
                    DELIVERY_GUARANTEE,
                    TRANSACTIONAL_ID_PREFIX,
                    TRANSACTION_TIMEOUT,
                    CHECKPOINT_INTERVAL,
                    BUFFER_TIMEOUT,
                    IDLE_TIMEOUT,
                    CONTINUATION_MODEL,
                    CONTINUATION_TEMPERATURE,
                    CONTINUATION_SEED,
                    CONTINUATION_MAX_SECONDS,
                    CONTINUATION_SLICE,
                    CONTINUATION_OUTPUT_RATE,
                    CONTINUATION_CHUNK_SIZE);

    private S4StreamOptions() {}
}
