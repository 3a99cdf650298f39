package io.s4stream.models.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors format: an 8-byte little-endian header length, a JSON header naming each tensor's
 * dtype, shape and byte range, then raw little-endian data. Only float32 and float64 are read
 * (float64 is narrowed to float32); writing is float32.
 */
public final class Safetensors {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_HEADER = 100L * 1024 * 1024;

    private Safetensors() {}

    public static Map<String, Tensor> read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ModelFileException("Cannot read weights file " + file + ": " + e.getMessage(), e);
        }
        return parse(bytes, file.toString());
    }

    static Map<String, Tensor> parse(byte[] bytes, String source) {
        if (bytes.length < 8) {
            throw new ModelFileException(source + " is not a safetensors file: " + bytes.length + " bytes");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLen = buf.getLong(0);
        if (headerLen <= 0 || headerLen > MAX_HEADER || 8 + headerLen > bytes.length) {
            throw new ModelFileException(source + " has an invalid safetensors header length " + headerLen);
        }
        JsonNode header;
        try {
            header = JSON.readTree(new String(bytes, 8, (int) headerLen, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ModelFileException(source + " has a malformed safetensors header: " + e.getMessage(), e);
        }
        int dataStart = 8 + (int) headerLen;
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("__metadata__")) {
                continue;
            }
            out.put(e.getKey(), readTensor(e.getKey(), e.getValue(), buf, dataStart, bytes.length, source));
        }
        return out;
    }

    private static Tensor readTensor(
            String name, JsonNode info, ByteBuffer buf, int dataStart, int total, String source) {
        String dtype = info.path("dtype").asText();
        int width =
                switch (dtype) {
                    case "F32" -> 4;
                    case "F64" -> 8;
                    default -> throw new ModelFileException(
                            "Tensor " + name + " in " + source + " has dtype " + dtype + ", expected F32 or F64");
                };
        JsonNode shapeNode = info.path("shape");
        long[] shape = new long[shapeNode.size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asLong();
            count *= shape[i];
        }
        long begin = info.path("data_offsets").path(0).asLong(-1);
        long end = info.path("data_offsets").path(1).asLong(-1);
        if (begin < 0 || end < begin || dataStart + end > total || end - begin != count * width) {
            throw new ModelFileException(
                    "Tensor " + name + " in " + source + " has data offsets [" + begin + ", " + end
                            + "] that do not fit its shape or the file");
        }
        float[] data = new float[(int) count];
        int pos = dataStart + (int) begin;
        for (int i = 0; i < data.length; i++) {
            data[i] = width == 4 ? buf.getFloat(pos + 4 * i) : (float) buf.getDouble(pos + 8 * i);
        }
        return new Tensor(name, shape, data);
    }

    /** Writes float32 tensors, atomically (a temporary file renamed into place). */
    public static void write(Path file, List<Tensor> tensors) {
        ObjectNode header = JSON.createObjectNode();
        long offset = 0;
        for (Tensor t : tensors) {
            ObjectNode info = header.putObject(t.name());
            info.put("dtype", "F32");
            var shape = info.putArray("shape");
            for (long d : t.shape()) {
                shape.add(d);
            }
            info.putArray("data_offsets").add(offset).add(offset + 4L * t.data().length);
            offset += 4L * t.data().length;
        }
        byte[] head = header.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (head.length + 7) / 8 * 8;
        ByteBuffer out = ByteBuffer.allocate(8 + padded + (int) offset).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded).put(head);
        for (int i = head.length; i < padded; i++) {
            out.put((byte) ' ');
        }
        for (Tensor t : tensors) {
            for (float v : t.data()) {
                out.putFloat(v);
            }
        }
        AtomicFiles.write(file, out.array());
    }

    public static List<Tensor> ordered(Map<String, Tensor> tensors) {
        return new ArrayList<>(tensors.values());
    }
}
