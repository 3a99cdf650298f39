package io.s4stream.models.spec;

import java.util.Arrays;

/** How A (and B, P) start before training; recorded so imports can check mode/init agree. */
public enum SsmInit {
    DIAG_LIN("diag-lin"),
    DIAG_INV("diag-inv"),
    LEGS("legs"),
    /** Random A (the ablation baseline): only meaningful for trained diagonal models. */
    RANDOM("random");

    private final String id;

    SsmInit(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static SsmInit of(String id) {
        return Arrays.stream(values())
                .filter(m -> m.id.equals(id))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown S4 init '" + id + "', expected one of "
                        + Arrays.toString(Arrays.stream(values()).map(SsmInit::id).toArray())));
    }
}
