package org.mia4j.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.mia4j.Defaults;
import org.mia4j.InvalidSetting;
import org.mia4j.Mia4jException;

/**
 * Reading raw data files: existence checks, transparent gunzip, CSV rows with their line numbers. Every input is read
 * as a stream and capped at {@link #maxInputSize()} bytes of content (after decompression), so a wrong or hostile
 * file (a 2 GB blob, a gzip bomb) is refused with a message instead of exhausting memory.
 */
public final class DataFiles {
    private static final CsvMapper CSV = new CsvMapper();
    /** Cells this short are shared between rows (Location's 2 million "0"/"1" cells become 2 strings). */
    private static final int SHARED_CELL = 8;
    private static final int SHARED_CELLS = 4096;
    private static volatile long maxInputSize = ByteSize.parse("max-input-size", Defaults.MAX_INPUT_SIZE);

    private DataFiles() {}

    /** The most bytes mia4j reads from one input file, counted after decompression ({@code --max-input-size}). */
    public static long maxInputSize() {
        return maxInputSize;
    }

    /** Sets {@link #maxInputSize()} for this process (the CLI's {@code --max-input-size}). */
    public static void setMaxInputSize(long bytes) {
        if (bytes < 1) {
            throw new InvalidSetting("max-input-size", "must be at least 1 byte, got " + bytes);
        }
        maxInputSize = bytes;
    }

    /** Refuses {@code bytes} of content in {@code what} when it is over the cap. */
    public static void requireWithinCap(String what, long bytes) {
        if (bytes > maxInputSize) {
            throw new Mia4jException(what + ": " + ByteSize.format(bytes) + " of data, more than the "
                    + ByteSize.format(maxInputSize) + " mia4j reads from one input file (raise --max-input-size "
                    + "if the file is right)");
        }
    }

    /** A built-in data set's file as stored; a missing one points to {@code mia4j datasets}. */
    public static byte[] readBuiltIn(Path file) {
        requireBuiltIn(file);
        return readStored(file);
    }

    /** Refuses a missing file of a built-in data set, pointing to where data sets are looked for. */
    public static void requireBuiltIn(Path file) {
        if (!Files.exists(file)) {
            throw new Mia4jException("data file not found: " + file.toAbsolutePath()
                    + " (run `mia4j datasets` to see where each data set is looked for)");
        }
    }

    /** A file's bytes as stored (for checksums), refused unread when larger than the cap. */
    public static byte[] readStored(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            requireWithinCap(file.toString(), Files.size(file));
            return in.readAllBytes();
        } catch (IOException e) {
            throw cannotRead(file, e);
        }
    }

    /** The error for a file that cannot be opened or read. */
    static Mia4jException cannotRead(Path file, IOException e) {
        if (e instanceof NoSuchFileException) { // a file the user named (built-in data sets: requireBuiltIn)
            return new Mia4jException("file not found: " + file.toAbsolutePath());
        }
        return new Mia4jException("cannot read data file " + file.toAbsolutePath() + ": " + e.getMessage(), e);
    }

    /** Content of {@code stored}, gunzipped (as a stream, capped) when it starts with the gzip magic bytes. */
    public static byte[] content(String what, byte[] stored) {
        try (Source s = new Source(what, new ByteArrayInputStream(stored), stored.length, true)) {
            return s.content().readAllBytes();
        } catch (IOException e) {
            throw readFailed(what, e);
        }
    }

    /** Opens {@code file} for one pass over its content, gunzipped when it starts with the gzip magic bytes. */
    public static Source open(Path file) {
        return open(file, true);
    }

    /** Opens {@code file} for one pass; {@code gunzip}: whether gzip files are decompressed. */
    public static Source open(Path file, boolean gunzip) {
        InputStream in = null;
        try {
            in = Files.newInputStream(file);
            long size = Files.size(file);
            return new Source(file.toString(), in, size, gunzip);
        } catch (IOException e) {
            closeQuietly(in);
            throw cannotRead(file, e);
        } catch (RuntimeException e) {
            closeQuietly(in);
            throw e;
        }
    }

    /** Opens a stream (an embedded resource) of {@code storedSize} bytes, or -1 when unknown. */
    public static Source open(String what, InputStream in, long storedSize) {
        try {
            return new Source(what, in, storedSize, true);
        } catch (IOException e) {
            throw readFailed(what, e);
        }
    }

    private static void closeQuietly(Closeable c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (IOException ignored) {
            // reporting the first failure matters more
        }
    }

    /** The error for a read that failed midway. */
    static Mia4jException readFailed(String what, IOException e) {
        if (e instanceof ZipException || e instanceof java.io.EOFException) {
            return new Mia4jException("corrupt gzip data in " + what + ": " + e.getMessage()
                    + " (expected a complete gzip file; re-copy it)", e);
        }
        return new Mia4jException("cannot read " + what + ": " + e.getMessage(), e);
    }

    /**
     * One pass over a data file: its content (gunzipped when it is gzip) capped at {@link #maxInputSize()}, and the
     * SHA-256 of its stored bytes, computed on the way.
     */
    public static final class Source implements Closeable {
        private final String what;
        private final long storedSize;
        private final boolean gzipped;
        private final MessageDigest digest;
        private final DigestInputStream stored;
        private final InputStream content;

        Source(String what, InputStream in, long storedSize, boolean gunzip) throws IOException {
            this.what = what;
            this.storedSize = storedSize;
            this.digest = sha256();
            BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
            buffered.mark(2);
            int b0 = buffered.read();
            int b1 = buffered.read();
            buffered.reset();
            this.stored = new DigestInputStream(buffered, digest);
            this.gzipped = gunzip && b0 == 0x1f && b1 == 0x8b;
            if (!gzipped && storedSize >= 0) {
                requireWithinCap(what, storedSize); // known before reading a byte
            }
            this.content = new Capped(gzipped ? new GZIPInputStream(stored, 1 << 16) : stored);
        }

        private static MessageDigest sha256() {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        public String what() {
            return what;
        }

        /** Size of the file as stored, -1 when unknown. */
        public long storedSize() {
            return storedSize;
        }

        public boolean gzipped() {
            return gzipped;
        }

        /** The content; reading past the cap throws a {@link Mia4jException} naming the file. */
        public InputStream content() {
            return content;
        }

        /** SHA-256 of the stored bytes: reads those the content has not consumed yet. */
        public String sha256Hex() {
            try {
                byte[] buf = new byte[1 << 16];
                while (stored.read(buf) > 0) {
                    // the digest sees every byte
                }
            } catch (IOException e) {
                throw readFailed(what, e);
            }
            return HexFormat.of().formatHex(digest.digest());
        }

        @Override
        public void close() {
            closeQuietly(content);
        }

        /** Counts content bytes and refuses the first one past the cap. */
        private final class Capped extends FilterInputStream {
            private long count;

            Capped(InputStream in) {
                super(in);
            }

            private void add(long n) {
                count += n;
                if (count > maxInputSize) {
                    throw new Mia4jException(what + ": more than " + ByteSize.format(maxInputSize) + " of data"
                            + (gzipped ? " once decompressed (" + ByteSize.format(storedSize) + " stored)" : "")
                            + ", the most mia4j reads from one input file (raise --max-input-size if the file is "
                            + "right)");
                }
            }

            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    add(1);
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    add(n);
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                long k = super.skip(n);
                add(k);
                return k;
            }

            @Override
            public boolean markSupported() {
                return false;
            }
        }
    }

    /** One parsed CSV line and its 1-based line number in the file. */
    public record Row(int line, String[] fields) {}

    /** {@link #csvRows(String, InputStream, char, String)} of bytes already in memory. */
    public static List<Row> csvRows(String what, byte[] content, char separator, String skipPrefix) {
        return csvRows(what, new ByteArrayInputStream(content), separator, skipPrefix);
    }

    /** The CSV rows of {@code file}'s content (gunzipped when gzip), read as a stream. */
    public static List<Row> csvRows(Path file, char separator, String skipPrefix) {
        try (Source s = open(file)) {
            return csvRows(s.what(), s.content(), separator, skipPrefix);
        }
    }

    /**
     * Parses CSV text line by line as it streams in (records never span lines in the formats we read), skipping
     * blank lines and lines starting with {@code skipPrefix} (may be null). Quotes are handled by Jackson's CSV
     * parser. A line longer than {@link Defaults#MAX_LINE_BYTES} is refused: it is not a record.
     */
    public static List<Row> csvRows(String what, InputStream content, char separator, String skipPrefix) {
        ObjectReader reader = CSV.readerFor(String[].class)
                .with(CsvSchema.emptySchema().withColumnSeparator(separator))
                .with(CsvParser.Feature.TRIM_SPACES);
        List<Row> rows = new ArrayList<>();
        Map<String, String> shared = new HashMap<>();
        long[] held = {0}; // estimated bytes the rows take in memory: also capped
        byte[] buf = new byte[1 << 16];
        byte[] line = new byte[1024];
        int len = 0;
        int lineNo = 1;
        try {
            for (int n; (n = content.read(buf)) > 0; ) {
                int start = 0;
                for (int i = 0; i <= n; i++) {
                    if (i < n && buf[i] != '\n') {
                        continue;
                    }
                    int k = i - start;
                    if (len + k > Defaults.MAX_LINE_BYTES) {
                        throw new Mia4jException(what + " line " + lineNo + ": longer than "
                                + ByteSize.format(Defaults.MAX_LINE_BYTES) + ", expected one record per line (is "
                                + "this a text table?)");
                    }
                    if (len + k > line.length) {
                        line = Arrays.copyOf(line, Math.max(len + k, Math.min(2 * line.length,
                                Defaults.MAX_LINE_BYTES)));
                    }
                    System.arraycopy(buf, start, line, len, k);
                    len += k;
                    if (i == n) {
                        break; // the line continues in the next block
                    }
                    row(what, reader, separator, line, len, lineNo++, skipPrefix, rows, shared, held);
                    len = 0;
                    start = i + 1;
                }
            }
        } catch (IOException e) {
            throw readFailed(what, e);
        }
        row(what, reader, separator, line, len, lineNo, skipPrefix, rows, shared, held);
        return rows;
    }

    /**
     * A line without quotes split as Jackson's parser splits it (spaces and control characters trimmed), in a
     * fraction of its time; {@code HugeInputsTest} compares the two.
     */
    static String[] split(String line, char separator) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = line.indexOf(separator); i >= 0; i = line.indexOf(separator, start)) {
            out.add(line.substring(start, i).trim());
            start = i + 1;
        }
        out.add(line.substring(start).trim());
        return out.toArray(String[]::new);
    }

    private static void row(String what, ObjectReader reader, char separator, byte[] bytes, int len, int lineNo,
            String skipPrefix, List<Row> rows, Map<String, String> shared, long[] held) {
        if (len > 0 && bytes[len - 1] == '\r') {
            len--;
        }
        String l = new String(bytes, 0, len, StandardCharsets.UTF_8);
        if (l.isBlank() || (skipPrefix != null && l.startsWith(skipPrefix))) {
            return;
        }
        try {
            String[] fields = l.indexOf('"') < 0 ? split(l, separator) : reader.readValue(l);
            long cells = 0; // bytes of the cell strings not shared with earlier rows
            for (int j = 0; j < fields.length; j++) {
                String f = fields[j];
                String s = f != null && f.length() <= SHARED_CELL ? shared.get(f) : null;
                if (s != null) {
                    fields[j] = s;
                    continue;
                }
                if (f != null && f.length() <= SHARED_CELL && shared.size() < SHARED_CELLS) {
                    shared.put(f, f);
                }
                cells += 40 + (f == null ? 0 : f.length());
            }
            rows.add(new Row(lineNo, fields));
            held[0] += 48 + 4L * fields.length + cells;
            if (held[0] > maxInputSize) {
                throw new Mia4jException(what + " line " + lineNo + ": the " + rows.size() + " rows so far take "
                        + "about " + ByteSize.format(held[0]) + " of memory once parsed, more than the "
                        + ByteSize.format(maxInputSize) + " mia4j holds of one input file (raise --max-input-size "
                        + "if the file is right)");
            }
        } catch (JsonProcessingException e) {
            throw new Mia4jException(what + " line " + lineNo + ": not valid CSV (" + e.getOriginalMessage()
                    + ")");
        }
    }

    /** Reads exactly {@code n} bytes of {@code in}, or fewer at its end (never allocating {@code n} up front). */
    static byte[] readUpTo(String what, InputStream in, long n) {
        try {
            return in.readNBytes((int) Math.min(n, Integer.MAX_VALUE - 8));
        } catch (IOException e) {
            throw readFailed(what, e);
        }
    }

    /** Whether {@code in} is at its end (reading a gzip to its end checks its trailer). */
    static boolean atEnd(String what, InputStream in) {
        try {
            return in.read() < 0;
        } catch (IOException e) {
            throw readFailed(what, e);
        }
    }
}
