package io.s4stream.audio.record;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** PCM sample encodings allowed in a record value (header {@code s4.encoding}). */
public enum AudioEncoding {
    /** Signed 16-bit little-endian integers, scaled by 1/32768. */
    S16LE("s16le", 2),
    /** IEEE 754 32-bit little-endian floats in [-1, 1]. */
    F32LE("f32le", 4);

    private final String wireName;
    private final int bytesPerSample;

    AudioEncoding(String wireName, int bytesPerSample) {
        this.wireName = wireName;
        this.bytesPerSample = bytesPerSample;
    }

    /** The header value, e.g. {@code s16le}. */
    public String wireName() {
        return wireName;
    }

    /** Bytes per sample of one channel. */
    public int bytesPerSample() {
        return bytesPerSample;
    }

    /** The encoding whose wire name is {@code name} (case-insensitive), if any. */
    public static Optional<AudioEncoding> find(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String lower = name.trim().toLowerCase(Locale.ROOT);
        for (AudioEncoding e : values()) {
            if (e.wireName.equals(lower)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /**
     * The encoding whose wire name is {@code name}.
     *
     * @throws IllegalArgumentException naming the value and the accepted ones
     */
    public static AudioEncoding fromWireName(String name) {
        return find(name)
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "Unknown audio encoding '"
                                                + name
                                                + "', expected one of "
                                                + Arrays.toString(wireNames())));
    }

    /** All wire names, in declaration order. */
    public static String[] wireNames() {
        AudioEncoding[] all = values();
        String[] names = new String[all.length];
        for (int i = 0; i < all.length; i++) {
            names[i] = all[i].wireName;
        }
        return names;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
