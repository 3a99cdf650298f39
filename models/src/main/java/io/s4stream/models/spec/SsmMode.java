package io.s4stream.models.spec;

import java.util.Arrays;

/** The official S4 kernel modes. */
public enum SsmMode {
    /** S4D: diagonal state matrix. */
    DIAG("diag"),
    /** S4: diagonal plus low-rank (normal plus low-rank) state matrix. */
    NPLR("nplr");

    private final String id;

    SsmMode(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static SsmMode of(String id) {
        return Arrays.stream(values())
                .filter(m -> m.id.equals(id))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "Unknown S4 mode '" + id + "', expected one of " + Arrays.toString(ids())));
    }

    static String[] ids() {
        return Arrays.stream(values()).map(SsmMode::id).toArray(String[]::new);
    }
}
