/** Signal processing on float samples: downmix to mono and streaming sample-rate conversion. */
package io.s4stream.audio.dsp;
