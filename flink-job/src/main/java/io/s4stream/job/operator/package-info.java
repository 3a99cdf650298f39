/**
 * The keyed S4 inference operator: per-stream state, cross-stream batching, end-of-stream handling.
 */
package io.s4stream.job.operator;
