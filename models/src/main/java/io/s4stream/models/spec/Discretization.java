package io.s4stream.models.spec;

import java.util.Arrays;

/** Continuous-to-discrete transforms. */
public enum Discretization {
    ZOH("zoh"),
    BILINEAR("bilinear");

    private final String id;

    Discretization(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Discretization of(String id) {
        return Arrays.stream(values())
                .filter(m -> m.id.equals(id))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown discretization '" + id
                        + "', expected one of " + Arrays.toString(Arrays.stream(values()).map(Discretization::id).toArray())));
    }
}
