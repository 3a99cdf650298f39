package io.s4stream.audio.kafka;

import java.nio.file.Path;
import java.util.List;

/**
 * What a subscriber saw before it stopped.
 *
 * @param events classification events read
 * @param finalEvents final events among them
 * @param audioFiles WAV files written, in order
 * @param invalidRecords records skipped as undecodable
 * @param conditionsMet whether the stop conditions were met (false on timeout or stop request)
 */
public record SubscribeResult(
        long events,
        long finalEvents,
        List<Path> audioFiles,
        long invalidRecords,
        boolean conditionsMet) {
    public SubscribeResult {
        audioFiles = List.copyOf(audioFiles);
    }
}
