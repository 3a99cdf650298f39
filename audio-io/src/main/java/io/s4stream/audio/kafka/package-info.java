/** Kafka I/O: publishing audio streams, subscribing to job output, and an embedded broker. */
package io.s4stream.audio.kafka;
