/**
 * Flink-free inference pieces shared by the job and the classify command: model-rate conversion,
 * hop events, file classification.
 */
package io.s4stream.job.inference;
