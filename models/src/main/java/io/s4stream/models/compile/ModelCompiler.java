package io.s4stream.models.compile;

import io.s4stream.models.io.AtomicFiles;
import io.s4stream.models.io.ModelFileException;
import io.s4stream.models.io.Safetensors;
import io.s4stream.models.io.Tensor;
import io.s4stream.models.onnx.ModelGraphCompiler;
import io.s4stream.models.runtime.ModelManifest;
import io.s4stream.models.spec.ModelSpec;
import io.s4stream.models.spec.ModelSpecJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes a compiled model directory: {@code model.json}, {@code weights.safetensors},
 * {@code step.onnx}, {@code chunk-T.onnx} for each requested T, and {@code manifest.json}. Everything
 * is validated and built in a sibling temporary directory that is renamed into place, so a failure
 * leaves nothing half-written.
 */
public final class ModelCompiler {
    public static final String MODEL_JSON = "model.json";
    public static final String WEIGHTS = "weights.safetensors";
    public static final String STEP = "step.onnx";

    private ModelCompiler() {}

    public static String chunkFile(int samples) {
        return "chunk-" + samples + ".onnx";
    }

    /** Imports one official S4Block (settings JSON + state_dict safetensors). */
    public static ModelManifest importOfficial(Path settings, Path weightsFile, Path out, List<Integer> chunkSizes) {
        String name = settings.getFileName().toString().replaceFirst("\\.json$", "");
        ModelSpec spec = ModelSpecJson.officialBlock(settings, name);
        return compile(spec, Safetensors.read(weightsFile), out, chunkSizes);
    }

    /** Compiles a source directory holding model.json and weights.safetensors. */
    public static ModelManifest compileSource(Path sourceDir, Path out, List<Integer> chunkSizes) {
        ModelSpec spec = ModelSpecJson.read(sourceDir.resolve(MODEL_JSON));
        return compile(spec, Safetensors.read(sourceDir.resolve(WEIGHTS)), out, chunkSizes);
    }

    public static ModelManifest compile(ModelSpec spec, Map<String, Tensor> weights, Path out, List<Integer> chunkSizes) {
        ModelGraphCompiler compiler = new ModelGraphCompiler(spec, weights);
        int frame = spec.frame();
        for (int t : chunkSizes) {
            if (t < frame || t % frame != 0) {
                throw new IllegalArgumentException("chunk size " + t + " is not a positive multiple of the frame " + frame);
            }
        }
        Path target = out.toAbsolutePath().normalize();
        Path tmp;
        try {
            Files.createDirectories(target.getParent());
            tmp = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".");
        } catch (IOException e) {
            throw new ModelFileException("Cannot create a directory beside " + target + ": " + e.getMessage(), e);
        }
        try {
            AtomicFiles.write(tmp.resolve(MODEL_JSON), ModelSpecJson.write(spec).getBytes(StandardCharsets.UTF_8));
            Safetensors.write(tmp.resolve(WEIGHTS), Safetensors.ordered(weights));
            AtomicFiles.write(tmp.resolve(STEP), compiler.compileStep());
            for (int t : chunkSizes) {
                AtomicFiles.write(tmp.resolve(chunkFile(t)), compiler.compile(t));
            }
            ModelManifest manifest = manifest(spec, compiler, chunkSizes);
            manifest.write(tmp);
            replace(tmp, target);
            return manifest;
        } finally {
            AtomicFiles.deleteTree(tmp);
        }
    }

    public static ModelManifest manifest(ModelSpec spec, ModelGraphCompiler compiler, List<Integer> chunkSizes) {
        return new ModelManifest(spec.name(), spec.version(), spec.task(), spec.sampleRate(), spec.labels(),
                spec.inputChannels(), spec.outputChannels(), spec.frame(), compiler.states(),
                spec.inputEncoding().id(), chunkSizes);
    }

    private static void replace(Path tmp, Path target) {
        try {
            if (Files.exists(target)) {
                boolean modelDir = Files.exists(target.resolve(ModelManifest.FILE))
                        || Files.exists(target.resolve(MODEL_JSON));
                if (!modelDir && !isEmpty(target)) {
                    throw new ModelFileException("Refusing to replace " + target
                            + ": it exists and is neither a model source nor a compiled model directory");
                }
                AtomicFiles.deleteTree(target);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ModelFileException("Cannot move the compiled model into " + target + ": " + e.getMessage(), e);
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

}
