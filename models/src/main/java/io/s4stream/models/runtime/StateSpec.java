package io.s4stream.models.runtime;

/** The recurrent state of one S4 layer: a [channels, size] float tensor per stream. */
public record StateSpec(String name, int channels, int size) {
    public int length() {
        return channels * size;
    }
}
