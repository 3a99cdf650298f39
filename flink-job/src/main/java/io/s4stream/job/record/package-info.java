/** The records the job passes between its operators and writes to Kafka. */
package io.s4stream.job.record;
