package io.s4stream.models.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.s4stream.models.TestData;
import io.s4stream.models.io.ModelFileException;
import io.s4stream.models.io.Safetensors;
import io.s4stream.models.io.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken weights or settings fail with a message naming the tensor/setting; nothing is written. */
class BadModelFilesTest {
    @TempDir
    Path tmp;

    private final Path settings = TestData.fixture("s4d_lin_zoh.json");
    private final Map<String, Tensor> good = Safetensors.read(TestData.fixture("s4d_lin_zoh.safetensors"));

    private Path weightsWith(java.util.function.UnaryOperator<List<Tensor>> edit) {
        Path f = tmp.resolve("w" + System.nanoTime() + ".safetensors");
        Safetensors.write(f, edit.apply(new ArrayList<>(good.values())));
        return f;
    }

    private void assertFails(Path weights, Path config, String... messageParts) {
        Path out = tmp.resolve("out");
        assertThatThrownBy(() -> ModelCompiler.importOfficial(config, weights, out, List.of(64)))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContainingAll(messageParts);
        assertThat(out).doesNotExist();
        try (var s = Files.list(tmp)) {
            assertThat(s.filter(p -> p.getFileName().toString().startsWith(".out"))).isEmpty();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void missingTensor() {
        Path w = weightsWith(l -> {
            l.removeIf(t -> t.name().equals("layer.kernel.A_imag"));
            return l;
        });
        assertFails(w, settings, "Missing tensor layer.kernel.A_imag", "[8, 8]");
    }

    @Test
    void wrongShape() {
        Path w = weightsWith(l -> {
            l.replaceAll(t -> t.name().equals("layer.kernel.B") ? new Tensor(t.name(), new long[] {1, 8, 4, 2},
                    new float[64]) : t);
            return l;
        });
        assertFails(w, settings, "layer.kernel.B", "[1, 8, 4, 2]", "expected [1, 8, 8, 2]");
    }

    @Test
    void nanWeight() {
        Path w = weightsWith(l -> {
            l.replaceAll(t -> {
                if (!t.name().equals("output_linear.0.weight")) {
                    return t;
                }
                float[] d = t.data().clone();
                d[5] = Float.NaN;
                return new Tensor(t.name(), t.shape(), d);
            });
            return l;
        });
        assertFails(w, settings, "output_linear.0.weight", "non-finite", "index 5");
    }

    @Test
    void unknownMode() throws Exception {
        Path cfg = tmp.resolve("bad.json");
        Files.writeString(cfg, Files.readString(settings).replace("\"diag\"", "\"dplr2\""));
        assertFails(TestData.fixture("s4d_lin_zoh.safetensors"), cfg, "Unknown S4 mode 'dplr2'", "[diag, nplr]");
    }

    @Test
    void truncatedFile() throws Exception {
        Path w = tmp.resolve("trunc.safetensors");
        byte[] bytes = Files.readAllBytes(TestData.fixture("s4d_lin_zoh.safetensors"));
        Files.write(w, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertFails(w, settings, "data offsets");
    }
}
