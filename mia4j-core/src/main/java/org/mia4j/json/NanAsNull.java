package org.mia4j.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import java.io.IOException;

/**
 * A double that may be undefined (NaN), written to JSON as null rather than Jackson's string "NaN" (JSON has no
 * NaN), and read back as NaN.
 */
public final class NanAsNull {
    private NanAsNull() {}

    /** Writes NaN and infinities as null. */
    public static final class Writer extends JsonSerializer<Double> {
        @Override
        public void serialize(Double v, JsonGenerator g, SerializerProvider p) throws IOException {
            if (v == null || !Double.isFinite(v)) {
                g.writeNull();
            } else {
                g.writeNumber(v);
            }
        }
    }

    /** Reads null as NaN. */
    public static final class Reader extends JsonDeserializer<Double> {
        @Override
        public Double deserialize(JsonParser p, DeserializationContext c) throws IOException {
            return p.getValueAsDouble();
        }

        @Override
        public Double getNullValue(DeserializationContext c) {
            return Double.NaN;
        }
    }
}
