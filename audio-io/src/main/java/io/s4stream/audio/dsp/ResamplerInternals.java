package io.s4stream.audio.dsp;

import be.tarsos.dsp.resample.Resampler;

import java.lang.reflect.Field;

/**
 * Reads and writes the mutable fields of TarsosDSP 2.4's {@link Resampler} (a port of libresample):
 * the input history {@code X[0..Xread)}, the read position {@code Xp}, the fractional time {@code
 * Time} and pending output {@code Y[0..Yp)}. Everything else in the resampler is derived from its
 * constructor arguments, so these fields plus the configuration restore it exactly.
 */
final class ResamplerInternals {
    private static final Field X = field("X");
    private static final Field XP = field("Xp");
    private static final Field XREAD = field("Xread");
    private static final Field Y = field("Y");
    private static final Field YP = field("Yp");
    private static final Field TIME = field("Time");

    private ResamplerInternals() {}

    /** The mutable state of one resampler. */
    record Fields(float[] history, int position, double time, float[] output) {}

    static Fields read(Resampler r) {
        try {
            float[] x = (float[]) X.get(r);
            int xread = XREAD.getInt(r);
            float[] y = (float[]) Y.get(r);
            int yp = YP.getInt(r);
            float[] history = new float[xread];
            System.arraycopy(x, 0, history, 0, xread);
            float[] output = new float[yp];
            System.arraycopy(y, 0, output, 0, yp);
            return new Fields(history, XP.getInt(r), TIME.getDouble(r), output);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read TarsosDSP Resampler fields", e);
        }
    }

    static void write(Resampler r, Fields f) {
        try {
            float[] x = (float[]) X.get(r);
            float[] y = (float[]) Y.get(r);
            if (f.history().length > x.length || f.output().length > y.length) {
                throw new IllegalArgumentException(
                        "resampler state does not fit this resampler: history "
                                + f.history().length
                                + " of "
                                + x.length
                                + ", output "
                                + f.output().length
                                + " of "
                                + y.length
                                + " (wrong rates or quality?)");
            }
            if (f.position() < 0 || f.position() > f.history().length) {
                throw new IllegalArgumentException(
                        "resampler position " + f.position() + " outside the history");
            }
            System.arraycopy(f.history(), 0, x, 0, f.history().length);
            XREAD.setInt(r, f.history().length);
            XP.setInt(r, f.position());
            TIME.setDouble(r, f.time());
            System.arraycopy(f.output(), 0, y, 0, f.output().length);
            YP.setInt(r, f.output().length);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot write TarsosDSP Resampler fields", e);
        }
    }

    private static Field field(String name) {
        try {
            Field f = Resampler.class.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (NoSuchFieldException | RuntimeException e) {
            throw new IllegalStateException(
                    "TarsosDSP Resampler has no accessible field '"
                            + name
                            + "': resampler snapshots need com.github.axet:TarsosDSP:2.4",
                    e);
        }
    }
}
