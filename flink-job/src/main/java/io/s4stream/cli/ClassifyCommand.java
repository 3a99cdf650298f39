package io.s4stream.cli;

import io.s4stream.audio.file.AudioFileException;
import io.s4stream.audio.file.AudioFiles;
import io.s4stream.job.inference.FileClassifier;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code classify FILE...}: the job's classification of audio files, without Kafka or Flink. The
 * events are exactly those the job emits for the file published as one stream.
 */
@Command(
        name = "classify",
        mixinStandardHelpOptions = true,
        description = {
            "Classify audio files (WAV, AIFF, AU) exactly as the job classifies a stream.",
            "The stream id of a file is its name without extension, as 'publish' names it."
        })
public final class ClassifyCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Audio files.")
    List<Path> files;

    @Option(names = "--json", description = "Print JSON lines in the job's event schema.")
    boolean json;

    @Mixin InferenceFlags inference;

    @Override
    public Integer call() {
        EventRows rows = new EventRows(spec.commandLine().getOut(), json);
        int failed = 0;
        try (FileClassifier classifier = new FileClassifier(inference.settings())) {
            for (Path file : files) {
                try {
                    classifier.classify(streamId(file), AudioFiles.read(file), rows::print);
                } catch (AudioFileException e) {
                    spec.commandLine()
                            .getErr()
                            .println("classify: " + file + ": " + e.getMessage());
                    failed++;
                }
            }
        }
        return failed == 0 ? 0 : 1;
    }

    /** The file name without its extension. */
    static String streamId(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
