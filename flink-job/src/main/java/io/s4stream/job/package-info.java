/** The s4stream Flink job: Kafka audio records in, S4 classification events out. */
package io.s4stream.job;
