/** Throughput and end-to-end latency benchmarks of the job's inference path and pipeline. */
package io.s4stream.job.bench;
