/** Kafka source, sinks and record (de)serializers of the job. */
package io.s4stream.job.kafka;
