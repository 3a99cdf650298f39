package io.s4stream.audio.dsp;

/**
 * Receives output samples. The array is lent for the duration of the call only: copy what you keep,
 * never retain or modify the array.
 */
@FunctionalInterface
public interface SampleSink {
    void accept(float[] samples, int offset, int length);
}
