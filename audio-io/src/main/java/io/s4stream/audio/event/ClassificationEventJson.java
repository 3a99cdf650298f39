package io.s4stream.audio.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON form of {@link ClassificationEvent}, with exactly the contract's field names and order:
 * {@code type, stream_id, model, model_version, start_sample, end_sample, start_s, end_s,
 * sample_rate, label, score, top_k, final}. Thread-safe.
 */
public final class ClassificationEventJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    private ClassificationEventJson() {}

    /** The event as one line of JSON. */
    public static String toJson(ClassificationEvent e) {
        return new String(toJsonBytes(e), StandardCharsets.UTF_8);
    }

    /** The event as UTF-8 JSON bytes (a record value). */
    public static byte[] toJsonBytes(ClassificationEvent e) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("type", ClassificationEvent.TYPE);
            g.writeStringField("stream_id", e.streamId());
            g.writeStringField("model", e.model());
            g.writeStringField("model_version", e.modelVersion());
            g.writeNumberField("start_sample", e.startSample());
            g.writeNumberField("end_sample", e.endSample());
            g.writeNumberField("start_s", e.startSeconds());
            g.writeNumberField("end_s", e.endSeconds());
            g.writeNumberField("sample_rate", e.sampleRate());
            g.writeStringField("label", e.label());
            g.writeNumberField("score", e.score());
            g.writeArrayFieldStart("top_k");
            for (LabelScore ls : e.topK()) {
                g.writeStartObject();
                g.writeStringField("label", ls.label());
                g.writeNumberField("score", ls.score());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeBooleanField("final", e.finalEvent());
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException("writing JSON to memory failed", ex);
        }
        return out.toByteArray();
    }

    /** Parses UTF-8 JSON bytes. */
    public static ClassificationEvent parse(byte[] json) {
        try {
            return fromTree(MAPPER.readTree(json));
        } catch (JsonProcessingException ex) {
            throw new InvalidEventException("not valid JSON: " + ex.getOriginalMessage(), ex);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Parses JSON text; {@code start_s}/{@code end_s} are ignored (they follow from the samples).
     *
     * @throws InvalidEventException naming a missing or mistyped field
     */
    public static ClassificationEvent parse(String json) {
        try {
            return fromTree(MAPPER.readTree(json));
        } catch (JsonProcessingException ex) {
            throw new InvalidEventException("not valid JSON: " + ex.getOriginalMessage(), ex);
        }
    }

    private static ClassificationEvent fromTree(JsonNode n) {
        if (n == null || !n.isObject()) {
            throw new InvalidEventException("expected a JSON object, got " + n);
        }
        String type = text(n, "type");
        if (!ClassificationEvent.TYPE.equals(type)) {
            throw new InvalidEventException("type is '" + type + "', expected 'classification'");
        }
        JsonNode topK = field(n, "top_k");
        if (!topK.isArray()) {
            throw new InvalidEventException("top_k must be an array, got " + topK);
        }
        List<LabelScore> scores = new ArrayList<>(topK.size());
        for (JsonNode item : topK) {
            scores.add(new LabelScore(text(item, "label"), number(item, "score")));
        }
        JsonNode fin = field(n, "final");
        if (!fin.isBoolean()) {
            throw new InvalidEventException("final must be true or false, got " + fin);
        }
        try {
            return new ClassificationEvent(
                    text(n, "stream_id"),
                    text(n, "model"),
                    text(n, "model_version"),
                    integer(n, "start_sample"),
                    integer(n, "end_sample"),
                    Math.toIntExact(integer(n, "sample_rate")),
                    text(n, "label"),
                    number(n, "score"),
                    scores,
                    fin.booleanValue());
        } catch (IllegalArgumentException | ArithmeticException ex) {
            throw new InvalidEventException("invalid event: " + ex.getMessage(), ex);
        }
    }

    private static JsonNode field(JsonNode n, String name) {
        JsonNode v = n.get(name);
        if (v == null || v.isNull()) {
            throw new InvalidEventException("field " + name + " is missing");
        }
        return v;
    }

    private static String text(JsonNode n, String name) {
        JsonNode v = field(n, name);
        if (!v.isTextual()) {
            throw new InvalidEventException(name + " must be a string, got " + v);
        }
        return v.textValue();
    }

    private static long integer(JsonNode n, String name) {
        JsonNode v = field(n, name);
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new InvalidEventException(name + " must be an integer, got " + v);
        }
        return v.longValue();
    }

    private static double number(JsonNode n, String name) {
        JsonNode v = field(n, name);
        if (!v.isNumber()) {
            throw new InvalidEventException(name + " must be a number, got " + v);
        }
        return v.doubleValue();
    }
}
