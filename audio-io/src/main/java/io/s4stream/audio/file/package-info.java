/** Audio files: WAV/AIFF/AU and raw PCM decoding to floats, 16-bit WAV writing. */
package io.s4stream.audio.file;
