package io.s4stream.job.bench;

/**
 * When each record of each stream left the publisher.
 *
 * @param startNanos {@link System#nanoTime()} at which every stream's audio starts
 * @param periodNanos audio per record
 * @param sendNanos per stream, the send time of each audio record and, last, of its end-of-stream
 *     record
 * @param lagNanos per stream and audio record, how long after its due time (the end of its audio)
 *     the record was sent
 */
public record PublishLog(long startNanos, long periodNanos, long[][] sendNanos, long[][] lagNanos) {

    public int streams() {
        return sendNanos.length;
    }

    /** Audio records per stream (the end-of-stream record not counted). */
    public int records() {
        return sendNanos.length == 0 ? 0 : sendNanos[0].length - 1;
    }

    /** Send time of the end-of-stream record of stream {@code s}. */
    public long endOfStreamNanos(int s) {
        return sendNanos[s][sendNanos[s].length - 1];
    }
}
