package io.s4stream.cli;

import io.s4stream.audio.file.AudioFiles;
import io.s4stream.audio.file.DecodedAudio;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The clips the {@code demo} command publishes: short instrument phrases at different rates and
 * channel counts, bundled as WAV resources under {@code demo/}.
 */
final class DemoClips {

    /** Stream id (= resource name without extension) of each clip. */
    static final List<String> NAMES =
            List.of("piano-44k-mono", "strings-48k-stereo", "brass-22k-mono", "mallet-16k-mono");

    /** One clip: its stream id and audio. */
    record Clip(String streamId, DecodedAudio audio) {}

    private DemoClips() {}

    static List<Clip> load() {
        List<Clip> clips = new ArrayList<>();
        for (String name : NAMES) {
            String resource = "demo/" + name + ".wav";
            try (InputStream in = DemoClips.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException(
                            "demo clip " + resource + " is not on the class path");
                }
                clips.add(new Clip(name, AudioFiles.read(in, resource)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read demo clip " + resource, e);
            }
        }
        return clips;
    }
}
