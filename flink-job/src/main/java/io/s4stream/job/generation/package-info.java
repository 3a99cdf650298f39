/** Continuations of audio streams with the mu-law generator, outside and inside the job. */
package io.s4stream.job.generation;
