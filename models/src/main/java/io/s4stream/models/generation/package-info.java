/** Autoregressive sample-level generation with mu-law models: priming, sampling, likelihood. */
package io.s4stream.models.generation;
