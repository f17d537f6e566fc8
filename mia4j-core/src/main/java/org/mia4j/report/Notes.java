package org.mia4j.report;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The kinds of note an audit carries, in the order the report lists them: about the attacks (cautions on how far
 * their numbers go), the adversary (its models against the target), and the data and models.
 */
public final class Notes {
    public static final String ATTACKS = "attacks";
    public static final String ADVERSARY = "adversary";
    public static final String DATA = "data and models";

    private Notes() {}

    /** The notes by kind, empty kinds left out, each kind's notes once and in order. */
    public static Map<String, List<String>> of(List<String> attacks, List<String> adversary, List<String> data) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        put(out, ATTACKS, attacks);
        put(out, ADVERSARY, adversary);
        put(out, DATA, data);
        return java.util.Collections.unmodifiableMap(out);
    }

    private static void put(Map<String, List<String>> out, String kind, List<String> notes) {
        List<String> once = notes.stream().distinct().toList();
        if (!once.isEmpty()) {
            out.put(kind, once);
        }
    }

    /** Reads notes by kind, and the flat list older results.json files hold (as kind "other"). */
    public static final class Reader extends JsonDeserializer<Map<String, List<String>>> {
        @Override
        public Map<String, List<String>> deserialize(JsonParser p, DeserializationContext c) throws IOException {
            JsonNode n = p.readValueAsTree();
            Map<String, List<String>> out = new LinkedHashMap<>();
            if (n.isArray()) {
                List<String> all = new ArrayList<>();
                n.forEach(x -> all.add(x.asText()));
                out.put("other", all);
            } else {
                n.fields().forEachRemaining(e -> {
                    List<String> l = new ArrayList<>();
                    e.getValue().forEach(x -> l.add(x.asText()));
                    out.put(e.getKey(), l);
                });
            }
            return out;
        }
    }
}
