/** Frame-wise pitch tracking (TarsosDSP YIN) and how stable the track is, as a measure of tone. */
package io.s4stream.audio.pitch;
