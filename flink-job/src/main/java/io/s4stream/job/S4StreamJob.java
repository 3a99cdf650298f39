package io.s4stream.job;

import io.s4stream.audio.record.AudioChunk;
import io.s4stream.job.decode.AudioRecordDecoder;
import io.s4stream.job.kafka.KafkaConnectors;
import io.s4stream.job.operator.S4InferenceOperator;
import io.s4stream.job.record.KafkaRecord;
import io.s4stream.job.record.OutputRecord;
import io.s4stream.job.types.AudioChunkTypeInfo;
import io.s4stream.job.types.OutputRecordTypeInfo;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;

/**
 * The s4stream pipeline: audio records → decode and validate (invalid → dead letters) → key by
 * stream id → {@link S4InferenceOperator} → output sink (JSON events, continuation audio). The
 * sources and sinks come from the constructor, so tests plug in their own; {@link
 * #kafka(S4StreamSettings)} and {@link #main(String[])} plug in Kafka.
 */
public final class S4StreamJob {

    /** The job's name in Flink. */
    public static final String NAME = "s4stream";

    private final S4StreamSettings settings;
    private final Source<KafkaRecord, ?, ?> source;
    private final Sink<OutputRecord> outputSink;
    private final Sink<KafkaRecord> deadLetterSink;

    public S4StreamJob(
            S4StreamSettings settings,
            Source<KafkaRecord, ?, ?> source,
            Sink<OutputRecord> outputSink,
            Sink<KafkaRecord> deadLetterSink) {
        this.settings = settings;
        this.source = source;
        this.outputSink = outputSink;
        this.deadLetterSink = deadLetterSink;
    }

    /** The job reading and writing the Kafka topics of {@code settings}. */
    public static S4StreamJob kafka(S4StreamSettings settings) {
        return new S4StreamJob(
                settings,
                KafkaConnectors.source(settings.kafka()),
                KafkaConnectors.outputSink(settings.kafka()),
                KafkaConnectors.deadLetterSink(settings.kafka()));
    }

    /** Applies the job's parallelism, buffer timeout and checkpoint interval to {@code env}. */
    public void configure(StreamExecutionEnvironment env) {
        env.setParallelism(settings.parallelism());
        env.setBufferTimeout(settings.bufferTimeout().toMillis());
        long interval = settings.checkpointInterval().toMillis();
        if (interval > 0) {
            env.enableCheckpointing(interval);
        }
    }

    /** Adds the pipeline to {@code env} (after {@link #configure}). */
    public void build(StreamExecutionEnvironment env) {
        SingleOutputStreamOperator<AudioChunk> decoded =
                env.fromSource(
                                source,
                                WatermarkStrategy.noWatermarks(),
                                "audio-source",
                                TypeInformation.of(KafkaRecord.class))
                        .uid("audio-source")
                        .process(
                                new AudioRecordDecoder(settings.maxRecordBytes()),
                                AudioChunkTypeInfo.INSTANCE)
                        .name("decode")
                        .uid("decode");

        SingleOutputStreamOperator<OutputRecord> inferred =
                decoded.keyBy(new StreamIdSelector(), Types.STRING)
                        .transform(
                                "s4-inference",
                                OutputRecordTypeInfo.INSTANCE,
                                new S4InferenceOperator(settings.inference()))
                        .uid("s4-inference");

        inferred.sinkTo(outputSink).name("output-sink").uid("output-sink");

        DataStream<KafkaRecord> deadLetters =
                decoded.getSideOutput(AudioRecordDecoder.DEAD_LETTERS)
                        .union(inferred.getSideOutput(S4InferenceOperator.DEAD_LETTERS));
        deadLetters.sinkTo(deadLetterSink).name("dead-letter-sink").uid("dead-letter-sink");
    }

    /** Configures {@code env}, builds the pipeline and starts it without waiting. */
    public JobClient start(StreamExecutionEnvironment env) throws Exception {
        configure(env);
        build(env);
        return env.executeAsync(NAME);
    }

    /** Configures {@code env}, builds the pipeline and runs it until it ends or is cancelled. */
    public void execute(StreamExecutionEnvironment env) throws Exception {
        configure(env);
        build(env);
        env.execute(NAME);
    }

    public S4StreamSettings settings() {
        return settings;
    }

    /**
     * Runs the job against Kafka. Arguments are {@code --<option key> <value>} pairs of {@link
     * S4StreamOptions}, e.g. {@code --s4.topic.input audio}.
     */
    public static void main(String[] args) throws Exception {
        Configuration config = configurationFromArgs(args);
        S4StreamSettings settings = S4StreamSettings.fromConfiguration(config);
        kafka(settings).execute(StreamExecutionEnvironment.getExecutionEnvironment(config));
    }

    /** {@code --key value} pairs as a Flink configuration (s4 options and any Flink option). */
    static Configuration configurationFromArgs(String[] args) {
        return Configuration.fromMap(ParameterTool.fromArgs(args).toMap());
    }

    /** Keys chunks by their stream id. */
    static final class StreamIdSelector implements KeySelector<AudioChunk, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(AudioChunk chunk) {
            return chunk.streamId();
        }
    }
}
