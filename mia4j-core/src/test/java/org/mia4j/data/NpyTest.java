package org.mia4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mia4j.Mia4jException;

class NpyTest {
    static final double[] SIX = {0.5, -1.25, 3, 4.5, 1e-7, -0.0};

    @Test
    void readsEveryDtypeByteOrderVersionAndLayoutNumpyWrites() {
        for (String dtype : new String[] {"<f4", ">f4", "<f8", ">f8"}) {
            for (int version : new int[] {1, 2}) {
                Npy.Array a = Npy.parse("x.npy", NpyWriter.bytes(dtype, new long[] {2, 3}, SIX, false, version));
                assertThat(a.shape()).containsExactly(2, 3);
                assertThat(a.values()).as(dtype).containsExactly(Arrays.stream(SIX).map(v -> dtype.endsWith("4")
                        ? (float) v : v).toArray());
                assertThat(a.integral()).isFalse();
            }
        }
        Npy.Array ints = Npy.parse("y.npy", NpyWriter.bytes("<i8", new long[] {3}, new double[] {0, 7, 29}, false,
                1));
        assertThat(ints.values()).containsExactly(0, 7, 29);
        assertThat(ints.integral()).isTrue();
        assertThat(Npy.parse("b.npy", NpyWriter.bytes("|b1", new long[] {2}, new double[] {1, 0}, false, 1))
                .values()).containsExactly(1, 0);
    }

    @Test
    void fortranOrderIsReorderedToRowMajor() {
        // the 2 x 3 matrix [[0.5, 3, 1e-7], [-1.25, 4.5, -0]] stored column by column
        Npy.Array a = Npy.parse("f.npy", NpyWriter.bytes("<f8", new long[] {2, 3}, SIX, true, 1));
        assertThat(a.values()).containsExactly(0.5, 3, 1e-7, -1.25, 4.5, -0.0);
    }

    @Test
    void badFilesAreNamedWithWhatIsWrong() {
        byte[] ok = NpyWriter.bytes("<f4", new long[] {2, 3}, SIX, false, 1);
        assertThatThrownBy(() -> Npy.parse("t.npy", Arrays.copyOf(ok, ok.length - 5)))
                .isInstanceOf(Mia4jException.class).hasMessageContaining("t.npy").hasMessageContaining("truncated");
        assertThatThrownBy(() -> Npy.parse("h.npy", Arrays.copyOf(ok, 30))).hasMessageContaining("truncated NPY "
                + "header");
        assertThatThrownBy(() -> Npy.parse("c.csv", "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("not an NPY file");
        byte[] obj = new String(ok, StandardCharsets.ISO_8859_1).replace("<f4", "|O8")
                .getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> Npy.parse("o.npy", obj)).hasMessageContaining("dtype '|O8' is not supported");
        byte[] extra = Arrays.copyOf(ok, ok.length + 4);
        assertThatThrownBy(() -> Npy.parse("e.npy", extra)).hasMessageContaining("needs 24 data bytes, the file has 28");
    }

    /**
     * Seeded mutation fuzzing: flip, drop, duplicate and truncate bytes of valid files. Every input either parses
     * or fails with a Mia4jException naming the file; no other exception escapes.
     */
    @Test
    void mutatedFilesNeverFailWithAnythingButAClearError() {
        Random rnd = new Random(20261126);
        byte[][] seeds = {NpyWriter.bytes("<f4", new long[] {2, 3}, SIX, false, 1),
            NpyWriter.bytes(">f8", new long[] {3, 2}, SIX, true, 2),
            NpyWriter.bytes("<i8", new long[] {6}, new double[] {1, 2, 3, 4, 5, 6}, false, 1)};
        int tried = 0;
        int parsed = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] b = mutate(seeds[i % seeds.length], rnd);
            tried++;
            try {
                Npy.parse("fuzz.npy", b);
                parsed++;
            } catch (Mia4jException e) {
                assertThat(e.getMessage()).startsWith("fuzz.npy");
            }
        }
        assertThat(tried).isEqualTo(20_000);
        assertThat(parsed).isBetween(1, tried - 1);
    }

    static byte[] mutate(byte[] in, Random rnd) {
        byte[] b = in.clone();
        int edits = 1 + rnd.nextInt(4);
        for (int e = 0; e < edits && b.length > 0; e++) {
            int at = rnd.nextInt(b.length);
            switch (rnd.nextInt(4)) {
                case 0 -> b[at] = (byte) rnd.nextInt(256);
                case 1 -> b = Arrays.copyOf(b, at);
                case 2 -> {
                    byte[] c = new byte[b.length - 1];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(b, at + 1, c, at, b.length - at - 1);
                    b = c;
                }
                default -> {
                    byte[] c = new byte[b.length + 1];
                    System.arraycopy(b, 0, c, 0, at + 1);
                    System.arraycopy(b, at, c, at + 1, b.length - at);
                    b = c;
                }
            }
        }
        return b;
    }
}
