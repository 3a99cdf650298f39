/** Decoding and validation of input records, with dead-lettering of invalid ones. */
package io.s4stream.job.decode;
