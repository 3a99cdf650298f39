package io.s4stream.audio.record;

import java.nio.charset.StandardCharsets;

/** Allocation-free parsing of ASCII header values. */
final class HeaderValues {
    private HeaderValues() {}

    /** The value as decimal digits, or -1 when it is not 1..18 ASCII digits. */
    static long parseNonNegativeLong(byte[] raw) {
        if (raw.length == 0 || raw.length > 18) {
            return -1;
        }
        long v = 0;
        for (byte b : raw) {
            if (b < '0' || b > '9') {
                return -1;
            }
            v = v * 10 + (b - '0');
        }
        return v;
    }

    static boolean equalsAscii(byte[] raw, String expected) {
        if (raw.length != expected.length()) {
            return false;
        }
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] != expected.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    static boolean equalsAsciiIgnoreCase(byte[] raw, String expectedLower) {
        if (raw.length != expectedLower.length()) {
            return false;
        }
        for (int i = 0; i < raw.length; i++) {
            int b = raw[i];
            if (b >= 'A' && b <= 'Z') {
                b += 'a' - 'A';
            }
            if (b != expectedLower.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The value as text for error messages, shortened to 64 characters. */
    static String text(byte[] raw) {
        String s = new String(raw, StandardCharsets.UTF_8);
        return s.length() > 64 ? s.substring(0, 64) + "..." : s;
    }
}
