package org.mia4j.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.mia4j.Mia4jException;

/** Files of record indices into a data pool: one integer per line, or a JSON list of integers. */
public final class IndexFiles {
    private IndexFiles() {}

    /** The indices in {@code file}, each checked to be in [0, poolSize) and listed once. */
    public static int[] read(Path file, int poolSize) {
        String text = new String(DataFiles.readStored(file), StandardCharsets.UTF_8).strip(); // capped
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<long[]> values = new ArrayList<>(); // {value, line or position}
        if (text.startsWith("[")) {
            JsonNode node;
            try {
                node = new ObjectMapper().readTree(text);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new Mia4jException(file + ": not a valid JSON list (" + org.mia4j.report.Json.why(e) + ")");
            }
            for (int i = 0; i < node.size(); i++) {
                JsonNode v = node.get(i);
                if (!v.canConvertToLong() || !v.isIntegralNumber()) {
                    throw new Mia4jException(file + " element " + i + ": '" + v + "', expected a record index "
                            + "(an integer)");
                }
                values.add(new long[] {v.asLong(), i});
            }
        } else {
            String[] lines = text.split("\r?\n", -1);
            for (int i = 0; i < lines.length; i++) {
                String l = lines[i].strip();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                try {
                    values.add(new long[] {Long.parseLong(l), i + 1});
                } catch (NumberFormatException e) {
                    throw new Mia4jException(file + " line " + (i + 1) + ": '" + l + "', expected a record index "
                            + "(one integer per line, or a JSON list)");
                }
            }
        }
        if (values.isEmpty()) {
            throw new Mia4jException(file + ": no record index found, expected one integer per line or a JSON list");
        }
        String unit = text.startsWith("[") ? " element " : " line ";
        int[] out = new int[values.size()];
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < out.length; i++) {
            long v = values.get(i)[0];
            if (v < 0 || v >= poolSize) {
                throw new Mia4jException(file + unit + values.get(i)[1] + ": index " + v + " outside the data set's "
                        + "records 0.." + (poolSize - 1));
            }
            if (!seen.add(v)) {
                throw new Mia4jException(file + unit + values.get(i)[1] + ": index " + v + " is listed twice");
            }
            out[i] = (int) v;
        }
        return out;
    }
}
