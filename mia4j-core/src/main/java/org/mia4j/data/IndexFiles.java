package org.mia4j.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PushbackReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import org.mia4j.Mia4jException;
import org.mia4j.json.Json;

/**
 * Files of record indices into a data pool: one integer per line, or a JSON list of integers. Read as a stream (a
 * pass over the file, capped by --max-input-size), each index checked as it comes.
 */
public final class IndexFiles {
    /** The longest line that can hold an index (with spaces or a comment beside it). */
    static final int MAX_LINE_CHARS = 4096;

    private IndexFiles() {}

    /** The indices in {@code file}, each checked to be in [0, poolSize) and listed once. */
    public static int[] read(Path file, int poolSize) {
        try (DataFiles.Source s = DataFiles.open(file, false);
                PushbackReader in = new PushbackReader(new BufferedReader(new InputStreamReader(s.content(),
                        StandardCharsets.UTF_8), 1 << 16), 1)) {
            Indices out = new Indices(file, poolSize);
            int line = 1;
            int c = in.read();
            if (c == '\uFEFF') {
                c = in.read();
            }
            while (c >= 0 && Character.isWhitespace(c)) { // blank lines before the first index count as lines
                line += c == '\n' ? 1 : 0;
                c = in.read();
            }
            if (c >= 0) {
                in.unread(c);
            }
            if (c == '[') {
                json(file, in, out);
            } else {
                lines(file, in, line, out);
            }
            return out.result();
        } catch (IOException e) {
            throw DataFiles.readFailed(file.toString(), e);
        }
    }

    private static void lines(Path file, Reader in, int firstLine, Indices out) throws IOException {
        StringBuilder b = new StringBuilder();
        int line = firstLine;
        for (int c = in.read();; c = in.read()) {
            if (c == '\n' || c < 0) {
                String l = b.toString().strip();
                b.setLength(0);
                if (!l.isEmpty() && !l.startsWith("#")) {
                    long v;
                    try {
                        v = Long.parseLong(l);
                    } catch (NumberFormatException e) {
                        throw new Mia4jException(file + " line " + line + ": '" + l + "', expected a record index "
                                + "(one integer per line, or a JSON list)");
                    }
                    out.add(v, " line " + line);
                }
                if (c < 0) {
                    return;
                }
                line++;
            } else if (b.length() < MAX_LINE_CHARS) {
                b.append((char) c);
            } else {
                throw new Mia4jException(file + " line " + line + ": more than " + MAX_LINE_CHARS + " characters, "
                        + "expected a record index (one integer per line, or a JSON list)");
            }
        }
    }

    private static void json(Path file, Reader in, Indices out) throws IOException {
        try (JsonParser p = new JsonFactory().createParser(in)) {
            p.nextToken(); // the '['
            int i = 0;
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken(), i++) {
                if (t == null) {
                    throw new Mia4jException(file + ": not a valid JSON list (it ends before its closing ']')");
                }
                if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    String what = t.isStructStart() ? t.asString() : p.getText();
                    throw new Mia4jException(file + " element " + i + ": '" + what + "', expected a record index "
                            + "(an integer)");
                }
                out.add(p.getLongValue(), " element " + i);
            }
            if (p.nextToken() != null) {
                throw new Mia4jException(file + ": not a valid JSON list (more after its closing ']')");
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new Mia4jException(file + ": not a valid JSON list (" + Json.why(e) + ")");
        }
    }

    /** The indices read so far, checked as they come. */
    private static final class Indices {
        private final Path file;
        private final int poolSize;
        private final BitSet seen = new BitSet();
        private int[] values = new int[1024];
        private int n;

        Indices(Path file, int poolSize) {
            this.file = file;
            this.poolSize = poolSize;
        }

        void add(long v, String where) {
            if (v < 0 || v >= poolSize) {
                throw new Mia4jException(file + where + ": index " + v + " outside the data set's records 0.."
                        + (poolSize - 1));
            }
            if (seen.get((int) v)) {
                throw new Mia4jException(file + where + ": index " + v + " is listed twice");
            }
            seen.set((int) v);
            if (n == values.length) {
                values = Arrays.copyOf(values, Math.min(Integer.MAX_VALUE - 8, 2 * n));
            }
            values[n++] = (int) v;
        }

        int[] result() {
            if (n == 0) {
                throw new Mia4jException(file + ": no record index found, expected one integer per line or a JSON "
                        + "list");
            }
            return Arrays.copyOf(values, n);
        }
    }
}
