package io.s4stream.audio.kafka;

import java.util.concurrent.TimeUnit;

/** The time source of real-time pacing; replaceable in tests. */
interface PaceClock {
    PaceClock SYSTEM =
            new PaceClock() {
                @Override
                public long nanoTime() {
                    return System.nanoTime();
                }

                @Override
                public void sleepNanos(long nanos) throws InterruptedException {
                    TimeUnit.NANOSECONDS.sleep(nanos);
                }
            };

    long nanoTime();

    void sleepNanos(long nanos) throws InterruptedException;
}
