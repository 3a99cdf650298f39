package io.s4stream.audio.kafka;

import io.s4stream.audio.file.AudioFiles;
import io.s4stream.audio.record.AudioChunk;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Gathers the audio chunks of each stream and writes {@code <dir>/<stream-id>.wav} at its end. */
final class StreamAudioAssembler {
    private static final Logger LOG = LoggerFactory.getLogger(StreamAudioAssembler.class);

    /** A finished stream's file. */
    record Written(String streamId, Path file, long frames, int sampleRate) {}

    private final Path dir;
    private final Map<String, Pending> open = new HashMap<>();

    StreamAudioAssembler(Path dir) {
        this.dir = dir;
    }

    /** Adds a chunk; returns the written file when the chunk ends its stream. */
    Optional<Written> add(AudioChunk c) {
        Pending p = open.get(c.streamId());
        if (p != null && (c.seq() == 0 || p.rate != c.sampleRate() || p.channels != c.channels())) {
            LOG.warn(
                    "Stream {} restarted (seq {}, {} Hz, {} ch); dropping {} buffered frames",
                    c.streamId(),
                    c.seq(),
                    c.sampleRate(),
                    c.channels(),
                    p.size / p.channels);
            p = null;
        }
        if (p == null) {
            p = new Pending(c.sampleRate(), c.channels());
            open.put(c.streamId(), p);
            if (c.seq() != 0) {
                LOG.warn("Stream {} starts at seq {}, not 0", c.streamId(), c.seq());
            }
        } else if (c.seq() != p.nextSeq) {
            LOG.warn("Stream {}: expected seq {}, got {}", c.streamId(), p.nextSeq, c.seq());
        }
        p.append(c);
        p.nextSeq = c.seq() + 1;
        if (!c.endOfStream()) {
            return Optional.empty();
        }
        open.remove(c.streamId());
        Path file = dir.resolve(fileName(c.streamId()));
        write(file, Arrays.copyOf(p.samples, p.size), p.rate, p.channels);
        long frames = p.size / p.channels;
        LOG.info("Wrote {} frames of stream {} to {}", frames, c.streamId(), file);
        return Optional.of(new Written(c.streamId(), file, frames, p.rate));
    }

    /** Streams whose end has not arrived yet. */
    int openStreams() {
        return open.size();
    }

    /**
     * A file name for a stream id: characters other than letters, digits, '.', '-', '_' become '_'.
     */
    static String fileName(String streamId) {
        StringBuilder sb = new StringBuilder(streamId.length() + 4);
        for (int i = 0; i < streamId.length(); i++) {
            char ch = streamId.charAt(i);
            boolean ok =
                    (ch >= 'a' && ch <= 'z')
                            || (ch >= 'A' && ch <= 'Z')
                            || (ch >= '0' && ch <= '9')
                            || ch == '-'
                            || ch == '_'
                            || (ch == '.' && i > 0);
            sb.append(ok ? ch : '_');
        }
        return sb.append(".wav").toString();
    }

    private static void write(Path file, float[] samples, int rate, int channels) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".part");
            AudioFiles.writeWav(tmp, samples, rate, channels);
            Files.move(
                    tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static final class Pending {
        final int rate;
        final int channels;
        float[] samples = new float[4096];
        int size;
        long nextSeq;

        Pending(int rate, int channels) {
            this.rate = rate;
            this.channels = channels;
        }

        void append(AudioChunk c) {
            int n = c.sampleCount();
            if (size + n > samples.length) {
                samples = Arrays.copyOf(samples, Math.max(samples.length * 2, size + n));
            }
            c.copySamples(samples, size);
            size += n;
        }
    }
}
