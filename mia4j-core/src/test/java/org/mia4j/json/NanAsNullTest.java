package org.mia4j.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.mia4j.model.Variant;
import org.mia4j.report.AuditResults.ModelRow;

class NanAsNullTest {
    @Test
    void anUndefinedDevAccuracyIsNullInJsonAndNaNAgainWhenRead() throws Exception {
        // a model without a dev set (given, or a compression that trains nothing) has no dev accuracy
        ModelRow row = new ModelRow("original", Variant.ORIGINAL, "target", 1, 0.9, 0, 0, 0, 0, 0, Double.NaN, 0);
        String json = Json.MAPPER.writeValueAsString(row);
        JsonNode node = Json.MAPPER.readTree(json);
        assertThat(node.get("dev_accuracy").isNull()).as(json).isTrue();
        assertThat(json).doesNotContain("NaN");
        assertThat(Json.MAPPER.readValue(json, ModelRow.class).devAccuracy()).isNaN();
        ModelRow known = new ModelRow("original", Variant.ORIGINAL, "target", 1, 0.9, 0, 0, 0, 3, 2, 0.625, 0);
        assertThat(Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(known)).get("dev_accuracy").asDouble())
                .isEqualTo(0.625);
        assertThat(Json.MAPPER.readValue(Json.MAPPER.writeValueAsString(known), ModelRow.class).devAccuracy())
                .isEqualTo(0.625);
    }
}
