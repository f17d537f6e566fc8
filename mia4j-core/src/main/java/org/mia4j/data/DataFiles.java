package org.mia4j.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.mia4j.Mia4jException;

/** Reading raw data files: existence checks, transparent gunzip, CSV rows with their line numbers. */
public final class DataFiles {
    private static final CsvMapper CSV = new CsvMapper();

    private DataFiles() {}

    /** A file's bytes as stored (for checksums). Missing or unreadable files give a clear error. */
    public static byte[] readStored(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new Mia4jException("data file not found: " + file.toAbsolutePath()
                    + " (run `mia4j datasets` to see where each data set is looked for)");
        } catch (IOException e) {
            throw new Mia4jException("cannot read data file " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    /** Content of {@code stored}, gunzipped when it starts with the gzip magic bytes. */
    public static byte[] content(String what, byte[] stored) {
        if (stored.length >= 2 && (stored[0] & 0xff) == 0x1f && (stored[1] & 0xff) == 0x8b) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(stored))) {
                ByteArrayOutputStream out = new ByteArrayOutputStream(stored.length * 4);
                in.transferTo(out);
                return out.toByteArray();
            } catch (IOException e) {
                throw new Mia4jException("corrupt gzip data in " + what + ": " + e.getMessage()
                        + " (expected a complete gzip file; re-copy it)", e);
            }
        }
        return stored;
    }

    /** One parsed CSV line and its 1-based line number in the file. */
    public record Row(int line, String[] fields) {}

    /**
     * Parses CSV text line by line (records never span lines in the formats we read), skipping blank lines and
     * lines starting with {@code skipPrefix} (may be null). Quotes are handled by Jackson's CSV parser.
     */
    public static List<Row> csvRows(String what, byte[] content, char separator, String skipPrefix) {
        ObjectReader reader = CSV.readerFor(String[].class)
                .with(CsvSchema.emptySchema().withColumnSeparator(separator))
                .with(CsvParser.Feature.TRIM_SPACES);
        String text = new String(content, StandardCharsets.UTF_8);
        List<Row> rows = new ArrayList<>();
        int lineNo = 0;
        for (String line : text.split("\n", -1)) {
            lineNo++;
            String l = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            if (l.isBlank() || (skipPrefix != null && l.startsWith(skipPrefix))) {
                continue;
            }
            try {
                String[] fields = reader.readValue(l);
                rows.add(new Row(lineNo, fields));
            } catch (JsonProcessingException e) {
                throw new Mia4jException(what + " line " + lineNo + ": not valid CSV (" + e.getOriginalMessage()
                        + ")");
            }
        }
        return rows;
    }
}
