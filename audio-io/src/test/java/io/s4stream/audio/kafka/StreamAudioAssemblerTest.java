package io.s4stream.audio.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.s4stream.audio.file.AudioFiles;
import io.s4stream.audio.record.AudioChunk;
import io.s4stream.audio.record.RecordKind;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Optional;

class StreamAudioAssemblerTest {
    @TempDir Path dir;

    private static AudioChunk chunk(String id, long seq, float[] s, boolean eos) {
        return AudioChunk.builder()
                .streamId(id)
                .seq(seq)
                .sampleRate(8000)
                .channels(2)
                .samples(s)
                .endOfStream(eos)
                .kind(RecordKind.CONTINUATION)
                .build();
    }

    @Test
    void interleavedStreamsAreKeptApartAndWrittenAtTheirEnd() {
        StreamAudioAssembler a = new StreamAudioAssembler(dir);
        assertThat(a.add(chunk("a", 0, new float[] {0.5f, 0.5f}, false))).isEmpty();
        assertThat(a.add(chunk("b", 0, new float[] {-0.5f, 0f}, false))).isEmpty();
        assertThat(a.add(chunk("a", 1, new float[] {0.25f, 0f}, false))).isEmpty();
        assertThat(a.openStreams()).isEqualTo(2);
        Optional<StreamAudioAssembler.Written> w = a.add(chunk("a", 2, new float[0], true));
        assertThat(w).isPresent();
        assertThat(w.get().file()).isEqualTo(dir.resolve("a.wav"));
        assertThat(w.get().frames()).isEqualTo(2);
        assertThat(AudioFiles.read(dir.resolve("a.wav")).interleaved())
                .containsExactly(0.5f, 0.5f, 0.25f, 0f);
        assertThat(a.openStreams()).isEqualTo(1);
    }

    @Test
    void aRestartedStreamDropsItsOldAudio() {
        StreamAudioAssembler a = new StreamAudioAssembler(dir);
        a.add(chunk("a", 0, new float[] {0.5f, 0.5f}, false));
        a.add(chunk("a", 0, new float[] {0.25f, 0.25f}, true));
        assertThat(AudioFiles.read(dir.resolve("a.wav")).interleaved())
                .containsExactly(0.25f, 0.25f);
    }

    @Test
    void fileNamesAreSafe() {
        assertThat(StreamAudioAssembler.fileName("piano-1_b.x")).isEqualTo("piano-1_b.x.wav");
        assertThat(StreamAudioAssembler.fileName("../etc/passwd")).isEqualTo("_._etc_passwd.wav");
        assertThat(StreamAudioAssembler.fileName("a b/ü")).isEqualTo("a_b__.wav");
    }
}
