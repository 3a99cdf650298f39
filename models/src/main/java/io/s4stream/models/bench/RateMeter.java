package io.s4stream.models.bench;

/**
 * Calls per second of a piece of work: a warm-up, then {@code reps} timed loops of about {@code
 * seconds} each; the median of the loops' rates (benchmark machines are noisy).
 */
public record RateMeter(double seconds, int reps) {

    public RateMeter {
        if (!(seconds > 0)) {
            throw new IllegalArgumentException(
                    "seconds per repetition must be > 0, got " + seconds);
        }
        if (reps < 1) {
            throw new IllegalArgumentException("repetitions must be >= 1, got " + reps);
        }
    }

    /** Median calls per second of {@code call}. */
    public double callsPerSecond(Runnable call) {
        long warmEnd = System.nanoTime() + (long) (0.2e9 * seconds);
        do {
            call.run();
        } while (System.nanoTime() < warmEnd);
        double[] rates = new double[reps];
        for (int rep = 0; rep < reps; rep++) {
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            long calls = 0;
            long now;
            do {
                call.run();
                calls++;
                now = System.nanoTime();
            } while (now < end);
            rates[rep] = calls / ((now - start) / 1e9);
        }
        return Stats.median(rates);
    }
}
