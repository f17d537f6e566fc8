package org.mia4j.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import java.nio.file.Path;
import org.mia4j.AtomicFiles;

/** The one JSON mapper of mia4j: snake_case keys, pretty-printed, written atomically. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new Jdk8Module())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {}

    public static void write(Path file, Object value) {
        AtomicFiles.write(file, out -> MAPPER.writeValue(out, value));
    }
}
