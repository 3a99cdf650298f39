package io.s4stream.cli;

import io.s4stream.audio.file.AudioFileException;
import io.s4stream.audio.file.AudioFiles;
import io.s4stream.job.inference.FileClassifier;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    @Option(
            names = "--truth",
            paramLabel = "CSV",
            description = {
                "Score the files instead of printing their events: a CSV with a header row naming"
                        + " columns 'file' and 'label' (the true label of each file, by file name;"
                        + " no quoting). Prints the clip accuracy of the final events, a per-class"
                        + " table and the confusion matrix."
            })
    Path truth;

    @Option(
            names = "--confusion-svg",
            paramLabel = "FILE",
            description = "With --truth, also write the confusion matrix as an SVG picture.")
    Path confusionSvg;

    @Mixin InferenceFlags inference;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        Map<String, String> labels = truth == null ? Map.of() : readTruth(truth);
        EventRows rows = new EventRows(spec.commandLine().getOut(), json);
        int failed = 0;
        try (FileClassifier classifier = new FileClassifier(inference.settings())) {
            ConfusionMatrix matrix = new ConfusionMatrix(classifier.manifest().labels());
            for (Path file : files) {
                String expected = labels.get(file.getFileName().toString());
                if (truth != null && expected == null) {
                    err.println("classify: " + file + ": not listed in " + truth);
                    failed++;
                    continue;
                }
                try {
                    classifier.classify(streamId(file), AudioFiles.read(file), e -> {
                        if (truth == null) {
                            rows.print(e);
                        } else if (e.finalEvent()) {
                            matrix.add(expected, e.label());
                        }
                    });
                } catch (AudioFileException e) {
                    err.println("classify: " + file + ": " + e.getMessage());
                    failed++;
                }
            }
            if (truth != null) {
                spec.commandLine().getOut().print(matrix.report());
                spec.commandLine().getOut().flush();
                if (confusionSvg != null) {
                    String title = "instrument family, " + classifier.manifest().name() + " "
                            + classifier.manifest().version() + " (rows true, columns predicted)";
                    Files.writeString(confusionSvg, matrix.svg(title));
                }
            }
        }
        return failed == 0 ? 0 : 1;
    }

    /** file name -> label from a CSV whose header names the columns 'file' and 'label'. */
    private Map<String, String> readTruth(Path csv) throws IOException {
        CommandLine cli = spec.commandLine();
        List<String> lines = Files.readAllLines(csv);
        if (lines.isEmpty()) {
            throw new ParameterException(cli, "--truth " + csv + " is empty");
        }
        List<String> header = Arrays.asList(lines.get(0).trim().split(","));
        int file = header.indexOf("file");
        int label = header.indexOf("label");
        if (file < 0 || label < 0) {
            throw new ParameterException(cli,
                    "--truth " + csv + ": the header must name columns 'file' and 'label', got "
                            + header);
        }
        Map<String, String> out = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.trim().split(",");
            if (f.length <= Math.max(file, label)) {
                throw new ParameterException(cli, "--truth " + csv + ": short line '" + line + "'");
            }
            out.put(f[file], f[label]);
        }
        return out;
    }

    /** The file name without its extension. */
    static String streamId(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
