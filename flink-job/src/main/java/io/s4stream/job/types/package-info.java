/** Flink type information and serializers for the types the job moves between operators. */
package io.s4stream.job.types;
