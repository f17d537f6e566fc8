package org.mia4j.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Writes .npy fixtures exactly as numpy.save lays them out (format 1.0 or 2.0, header padded to 64 bytes). */
public final class NpyWriter {
    private NpyWriter() {}

    /** {@code dtype} as numpy writes it: {@code <f4}, {@code >f8}, {@code <i8}, {@code |b1}, ... */
    public static byte[] bytes(String dtype, long[] shape, double[] values, boolean fortran, int version) {
        String dims = shape.length == 1 ? shape[0] + "," : Arrays.stream(shape).mapToObj(Long::toString)
                .collect(Collectors.joining(", "));
        String dict = "{'descr': '" + dtype + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': ("
                + dims + "), }";
        int pre = version == 1 ? 10 : 12;
        int total = ((pre + dict.length() + 1 + 63) / 64) * 64;
        String header = dict + " ".repeat(total - pre - dict.length() - 1) + "\n";
        int size = Integer.parseInt(dtype.substring(2));
        ByteBuffer b = ByteBuffer.allocate(total + values.length * size)
                .order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) version, 0});
        if (version == 1) {
            b.putShort((short) header.length());
        } else {
            b.putInt(header.length());
        }
        b.put(header.getBytes(StandardCharsets.ISO_8859_1));
        b.order(dtype.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            switch (dtype.substring(1)) {
                case "f4" -> b.putFloat((float) v);
                case "f8" -> b.putDouble(v);
                case "i8" -> b.putLong((long) v);
                case "i4" -> b.putInt((int) v);
                case "u1", "b1", "i1" -> b.put((byte) v);
                default -> throw new IllegalArgumentException(dtype);
            }
        }
        return b.array();
    }

    public static Path write(Path file, String dtype, long[] shape, double[] values) throws IOException {
        return Files.write(file, bytes(dtype, shape, values, false, 1));
    }

    /** Row-major float32 posteriors file of an n x c array. */
    public static Path floats(Path file, float[] values, int n, int c) throws IOException {
        double[] d = new double[values.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = values[i];
        }
        return write(file, "<f4", new long[] {n, c}, d);
    }

    public static Path ints(Path file, int[] values) throws IOException {
        return write(file, "<i8", new long[] {values.length}, Arrays.stream(values).asDoubleStream().toArray());
    }
}
