package io.s4stream.audio.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

class ClassificationEventJsonTest {
    private static final ClassificationEvent EVENT =
            new ClassificationEvent(
                    "a",
                    "instrument-family",
                    "1.0.0",
                    0,
                    22050,
                    44100,
                    "keyboard",
                    0.83,
                    List.of(new LabelScore("keyboard", 0.83), new LabelScore("guitar", 0.1)),
                    false);

    @Test
    void writesExactlyTheContractFieldsInOrder() throws Exception {
        String json = ClassificationEventJson.toJson(EVENT);
        JsonNode n = new ObjectMapper().readTree(json);
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        assertThat(names)
                .containsExactly(
                        "type",
                        "stream_id",
                        "model",
                        "model_version",
                        "start_sample",
                        "end_sample",
                        "start_s",
                        "end_s",
                        "sample_rate",
                        "label",
                        "score",
                        "top_k",
                        "final");
        assertThat(json)
                .startsWith(
                        "{\"type\":\"classification\",\"stream_id\":\"a\","
                            + "\"model\":\"instrument-family\",\"model_version\":\"1.0.0\","
                            + "\"start_sample\":0,\"end_sample\":22050,\"start_s\":0.0,"
                            + "\"end_s\":0.5,\"sample_rate\":44100,\"label\":\"keyboard\","
                            + "\"score\":0.83,\"top_k\":[{\"label\":\"keyboard\",\"score\":0.83},")
                .endsWith("\"final\":false}")
                .doesNotContain("\n");
    }

    @Test
    void parsesBackToTheSameEvent() {
        assertThat(ClassificationEventJson.parse(ClassificationEventJson.toJson(EVENT)))
                .isEqualTo(EVENT);
        assertThat(ClassificationEventJson.parse(ClassificationEventJson.toJsonBytes(EVENT)))
                .isEqualTo(EVENT);
    }

    @Test
    void parsesTheContractExampleAndIgnoresUnknownFields() {
        String json =
                "{\"type\":\"classification\",\"stream_id\":\"a\",\"model\":\"instrument-family\","
                        + "\"model_version\":\"1.0.0\",\"start_sample\":0,\"end_sample\":22050,"
                        + "\"start_s\":0.0,\"end_s\":0.5,\"sample_rate\":44100,"
                        + "\"label\":\"keyboard\",\"score\":0.83,"
                        + "\"top_k\":[{\"label\":\"keyboard\",\"score\":0.83}],\"final\":true,"
                        + "\"extra\":1}";
        ClassificationEvent e = ClassificationEventJson.parse(json);
        assertThat(e.finalEvent()).isTrue();
        assertThat(e.endSeconds()).isEqualTo(0.5);
        assertThat(e.topK()).containsExactly(new LabelScore("keyboard", 0.83));
    }

    @Test
    void errorsNameTheField() {
        String ok = ClassificationEventJson.toJson(EVENT);
        assertThatThrownBy(
                        () ->
                                ClassificationEventJson.parse(
                                        ok.replace(
                                                "\"label\":\"keyboard\",\"score\":0.83,\"top_k\"",
                                                "\"top_k\"")))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("field label is missing");
        assertThatThrownBy(
                        () ->
                                ClassificationEventJson.parse(
                                        ok.replace("\"end_sample\":22050", "\"end_sample\":\"x\"")))
                .hasMessageContaining("end_sample must be an integer");
        assertThatThrownBy(
                        () -> ClassificationEventJson.parse(ok.replace("classification", "other")))
                .hasMessageContaining("type is 'other'");
        assertThatThrownBy(
                        () ->
                                ClassificationEventJson.parse(
                                        ok.replace("\"end_sample\":22050", "\"end_sample\":-1")))
                .hasMessageContaining("start_sample <= end_sample");
        assertThatThrownBy(() -> ClassificationEventJson.parse("{not json"))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> ClassificationEventJson.parse("[1]"))
                .hasMessageContaining("expected a JSON object");
    }
}
