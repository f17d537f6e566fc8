package org.mia4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mia4j.Defaults;
import org.mia4j.Mia4jException;

/** Inputs too large for memory are refused from their first bytes or their header, never read whole. */
class HugeInputsTest {
    static final long TWO_GB = 2L << 30;

    @AfterEach
    void defaultCap() {
        DataFiles.setMaxInputSize(ByteSize.parse("max-input-size", Defaults.MAX_INPUT_SIZE));
    }

    /** A stream of {@code size} zero bytes after {@code head} that fails when more than {@code allowed} are read. */
    static InputStream guarded(byte[] head, long allowed) {
        return new InputStream() {
            long pos;

            @Override
            public int read() {
                if (++pos > allowed) {
                    throw new AssertionError("read byte " + pos + ", more than the " + allowed + " it needs");
                }
                return pos <= head.length ? head[(int) pos - 1] & 0xff : 0;
            }
        };
    }

    /** The header numpy.save writes for a float32 array of that shape, without its data. */
    static byte[] header(long rows, long cols) {
        return NpyWriter.bytes("<f4", new long[] {rows, cols}, new double[0], false, 1);
    }

    @Test
    void anNpyHeaderIsCheckedAgainstTheFileSizeAndTheCapBeforeTheDataIsRead() throws IOException {
        byte[] head = header(268_435_456, 2); // 2 GiB of float32
        assertThat(head[127]).isEqualTo((byte) '\n');
        // a small file whose header announces 2 GiB
        assertThatThrownBy(() -> Npy.parse("announce.npy", guarded(head, 128), 128 + 1000))
                .isInstanceOf(Mia4jException.class)
                .hasMessageContaining("announce.npy: shape [268435456, 2] of <f4 needs 2147483648 data bytes, the "
                        + "file has 1000");
        // a header that matches a 2 GiB file: refused by the cap, not one data byte read
        assertThatThrownBy(() -> Npy.parse("big.npy", guarded(head, 128), 128 + TWO_GB))
                .isInstanceOf(Mia4jException.class)
                .hasMessageContaining("big.npy: 2.0 GiB of data, more than the 256 MiB mia4j reads from one input "
                        + "file (raise --max-input-size");
        // anything else is refused from its first 10 bytes
        assertThatThrownBy(() -> Npy.parse("blob.npy", guarded(new byte[0], 10), TWO_GB))
                .hasMessageContaining("blob.npy: not an NPY file");
    }

    @Test
    void twoGigabyteSparseFilesAreRefusedAtOnce(@TempDir Path dir) throws IOException {
        Path blob = dir.resolve("blob.npy");
        Path big = dir.resolve("big.npy");
        try (RandomAccessFile f = new RandomAccessFile(blob.toFile(), "rw")) {
            f.setLength(TWO_GB); // sparse: no disk used
        }
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.write(header(268_435_456, 2));
            f.setLength(128 + TWO_GB);
        }
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> OutputFiles.read(blob, false)).hasMessageContaining("not an NPY file");
        assertThatThrownBy(() -> OutputFiles.read(big, false)).hasMessageContaining("2.0 GiB of data, more than");
        assertThatThrownBy(() -> CsvLoader.load(blob, "y")).hasMessageContaining("blob.npy: 2.0 GiB of data");
        // reading 2 GiB would take longer than this even from the page cache; the old reader failed with an OOM
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(5);
    }

    /** {@code chunk} gzipped once, the member repeated: gunzip reads concatenated members as one stream. */
    static byte[] gzip(byte[] chunk, int times) throws IOException {
        ByteArrayOutputStream one = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(one)) {
            g.write(chunk);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < times; i++) {
            one.writeTo(out);
        }
        return out.toByteArray();
    }

    @Test
    void aGzipBombIsRefusedAtTheCap(@TempDir Path dir) throws IOException {
        DataFiles.setMaxInputSize(1 << 20);
        Path rows = dir.resolve("rows.csv.gz");
        byte[] rows1m = "0,1\n".repeat(1 << 18).getBytes(StandardCharsets.US_ASCII);
        Files.write(rows, gzip(rows1m, 64)); // 64 MiB of rows in ~70 KB
        assertThat(Files.size(rows)).isLessThan(1 << 20);
        // tiny rows take far more memory parsed than as text: that is capped too, long before the text is
        assertThatThrownBy(() -> CsvLoader.load(rows, "y")).isInstanceOf(Mia4jException.class)
                .hasMessageMatching(java.util.regex.Pattern.quote(rows.toString()) + " line \\d+: the \\d+ rows so far "
                        + "take about 1.0 MiB of memory once parsed, more than the 1.0 MiB mia4j holds of one input "
                        + "file \\(raise --max-input-size if the file is right\\)");
        assertThatThrownBy(() -> OutputFiles.read(rows, false)).hasMessageContaining("rows so far take about");

        Path zeros = dir.resolve("zeros.csv.gz"); // no line ends at all
        Files.write(zeros, gzip(new byte[1 << 20], 65));
        assertThatThrownBy(() -> CsvLoader.load(zeros, "y")).hasMessage(zeros + ": more than 1.0 MiB of data once "
                + "decompressed (" + ByteSize.format(Files.size(zeros)) + " stored), the most mia4j reads from one "
                + "input file (raise --max-input-size if the file is right)");
        DataFiles.setMaxInputSize(1L << 30);
        assertThatThrownBy(() -> CsvLoader.load(zeros, "y")).hasMessageContaining("zeros.csv.gz line 1: longer "
                + "than 64 MiB, expected one record per line");
    }

    @Test
    void streamedCsvKeepsLineNumbersAndTheChecksumOfTheStoredFile(@TempDir Path dir) throws IOException {
        String text = "x,y\r\n1,a\n\n2,b\n" + "3,a\n".repeat(30_000) + "4,c";
        Path plain = dir.resolve("t.csv");
        Path gz = dir.resolve("t.csv.gz");
        Files.writeString(plain, text);
        Files.write(gz, gzip(text.getBytes(StandardCharsets.UTF_8), 1));
        for (Path p : new Path[] {plain, gz}) {
            var rows = DataFiles.csvRows(p, ',', null);
            assertThat(rows).hasSize(30_004);
            assertThat(rows.get(2).line()).isEqualTo(4);
            assertThat(rows.get(30_003).line()).isEqualTo(30_005);
            assertThat(rows.get(30_003).fields()).containsExactly("4", "c");
            assertThat(CsvLoader.load(p, "y").checksums().values()).containsExactly(Sha256.of(p));
        }
    }

    /** The fast split of unquoted lines gives what Jackson's CSV parser gives, on seeded random lines. */
    @Test
    void unquotedLinesSplitAsJacksonSplitsThem() throws IOException {
        var jackson = new com.fasterxml.jackson.dataformat.csv.CsvMapper().readerFor(String[].class);
        java.util.Random rnd = new java.util.Random(7);
        String alphabet = "ab1.-e \t\u0001\u00a0\u00e9,;|";
        for (char sep : new char[] {',', '\t', ';', '|'}) {
            var reader = jackson.with(com.fasterxml.jackson.dataformat.csv.CsvSchema.emptySchema()
                    .withColumnSeparator(sep)).with(com.fasterxml.jackson.dataformat.csv.CsvParser.Feature.TRIM_SPACES);
            for (int i = 0; i < 5000; i++) {
                StringBuilder b = new StringBuilder();
                for (int k = rnd.nextInt(12); k >= 0; k--) {
                    b.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
                }
                String line = b.toString();
                if (line.isBlank()) {
                    continue;
                }
                String[] expected = reader.readValue(line);
                assertThat(DataFiles.split(line, sep)).as("'%s' split on '%s'", line, sep).containsExactly(expected);
            }
        }
    }
}
