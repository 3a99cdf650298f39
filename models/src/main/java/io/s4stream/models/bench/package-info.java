/** Throughput measurement of compiled models against in-process baselines. */
package io.s4stream.models.bench;
