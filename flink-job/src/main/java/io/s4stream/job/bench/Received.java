package io.s4stream.job.bench;

/**
 * One classification event as the benchmark's consumer received it.
 *
 * @param startSample span start at the model's rate
 * @param endSample span end (exclusive) at the model's rate
 * @param finalEvent whether it is the stream's final event
 * @param receivedNanos {@link System#nanoTime()} when the consumer's poll returned it
 */
public record Received(long startSample, long endSample, boolean finalEvent, long receivedNanos) {}
