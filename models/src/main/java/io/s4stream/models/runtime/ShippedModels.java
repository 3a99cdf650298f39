package io.s4stream.models.runtime;

import io.s4stream.models.io.ModelFileException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The compiled models that ship with s4stream ({@code models/shipped/<name>} in the source tree,
 * {@code shipped/<name>/} inside the models jar). {@link #path} returns a directory: the source
 * tree's when {@code S4STREAM_HOME} points at a checkout, else a copy extracted once from the jar
 * into {@code java.io.tmpdir/s4stream-models/<name>-<version>}.
 */
public final class ShippedModels {
    public static final String CLASSIFIER = "instrument-family";
    public static final String CONTINUATION = "piano-continuation";
    private static final List<String> FILES =
            List.of("model.json", "weights.safetensors", "step.onnx", ModelManifest.FILE);

    private ShippedModels() {}

    public static synchronized Path path(String name) {
        String home = System.getenv("S4STREAM_HOME");
        if (home == null) {
            home = System.getProperty("s4stream.home");
        }
        if (home != null) {
            Path dir = Path.of(home, "models", "shipped", name);
            if (Files.exists(dir.resolve(ModelManifest.FILE))) {
                return dir;
            }
        }
        return extract(name);
    }

    private static Path extract(String name) {
        String base = "shipped/" + name + "/";
        ClassLoader cl = ShippedModels.class.getClassLoader();
        if (cl.getResource(base + ModelManifest.FILE) == null) {
            throw new ModelFileException("No shipped model named '" + name + "' (expected resource " + base
                    + ModelManifest.FILE + "); shipped models: " + CLASSIFIER + ", " + CONTINUATION);
        }
        try {
            Path tmp = Files.createTempDirectory("s4stream-extract");
            for (String f : FILES) {
                try (InputStream in = cl.getResourceAsStream(base + f)) {
                    if (in == null) {
                        throw new ModelFileException("Shipped model " + name + " lacks " + f);
                    }
                    Files.copy(in, tmp.resolve(f));
                }
            }
            ModelManifest m = ModelManifest.read(tmp);
            Path target = Path.of(System.getProperty("java.io.tmpdir"), "s4stream-models", name + "-" + m.version());
            if (!Files.exists(target.resolve(ModelManifest.FILE))) {
                Files.createDirectories(target.getParent());
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                    return target;
                } catch (IOException raced) {
                    // another JVM extracted it first; use theirs
                }
            }
            for (String f : FILES) {
                Files.deleteIfExists(tmp.resolve(f));
            }
            Files.deleteIfExists(tmp);
            return target;
        } catch (IOException e) {
            throw new ModelFileException("Cannot extract shipped model " + name + ": " + e.getMessage(), e);
        }
    }
}
