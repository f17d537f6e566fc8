package org.mia4j.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import java.nio.file.Path;
import org.mia4j.AtomicFiles;
import org.mia4j.MachineFaults;

/** The one JSON mapper of mia4j: snake_case keys, pretty-printed, written atomically. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new Jdk8Module())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {}

    /**
     * What is wrong with a file Jackson could not read, on one line: the parser's own words and where ("line 3,
     * column 7"), without the multi-line message that quotes a redacted source.
     */
    public static String why(java.io.IOException e) {
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException j) {
            String what = parserMessage(j);
            com.fasterxml.jackson.core.JsonLocation at = j.getLocation();
            return at == null || at.getLineNr() < 1 ? what : what + " (line " + at.getLineNr() + ", column "
                    + at.getColumnNr() + ")";
        }
        return MachineFaults.reason(e);
    }

    /** The parser's own words, on one line, without the redacted source it may quote. */
    public static String parserMessage(com.fasterxml.jackson.core.JsonProcessingException e) {
        return e.getOriginalMessage() == null ? "not valid" : e.getOriginalMessage().lines().findFirst().orElse("")
                .strip().replaceAll("\\[Source: [^\\]]*?line: (\\d+), column: (\\d+)\\]", "line $1, column $2");
        // e.g. "start marker at [Source: REDACTED (...); line: 5, column: 18]" -> "start marker at line 5, column 18"
    }

    public static void write(Path file, Object value) {
        AtomicFiles.write(file, out -> MAPPER.writeValue(out, value));
    }
}
