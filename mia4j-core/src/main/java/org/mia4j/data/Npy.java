package org.mia4j.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mia4j.Mia4jException;

/**
 * Reads NumPy {@code .npy} files (format versions 1-3: little- and big-endian floats, integers and booleans, C or
 * Fortran order) into doubles. Written here rather than taken from DJL's {@code NDList.decode}: measured on DJL
 * 0.35, that decoder reads a big-endian {@code >f4} file without complaint but with wrong values, and answers a
 * truncated file with "Invalid NDArray input"; this reader names the file, the header field or the byte count.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=])([a-zA-Z])(\\d{1,2})'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
    /** numpy's own reader refuses headers over 10,000 bytes; generous, and never a whole file. */
    private static final int MAX_HEADER = 1 << 16;
    /** Bytes decoded at a time. */
    private static final int CHUNK = 1 << 20;

    /** An array's shape and its values in C (row-major) order; {@code integral}: stored as ints or booleans. */
    public record Array(long[] shape, double[] values, boolean integral, String dtype) {
        public int rank() {
            return shape.length;
        }
    }

    private Npy() {}

    /** Reads {@code file}: its header is checked against the file's size, and the cap, before any allocation. */
    public static Array read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(file.toString(), in, Files.size(file));
        } catch (IOException e) {
            throw DataFiles.cannotRead(file, e);
        }
    }

    /** Parses the bytes of an .npy file; {@code what} names it in errors. */
    public static Array parse(String what, byte[] b) {
        try {
            return parse(what, new ByteArrayInputStream(b), b.length);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // not from a byte array
        }
    }

    /** Parses an .npy file of {@code fileSize} bytes as it streams in. */
    static Array parse(String what, InputStream in, long fileSize) throws IOException {
        byte[] pre = in.readNBytes(10);
        if (pre.length < 10 || !Arrays.equals(Arrays.copyOf(pre, 6), MAGIC)) {
            throw new Mia4jException(what + ": not an NPY file (it does not start with \\x93NUMPY; save it with "
                    + "numpy.save)");
        }
        int major = pre[6] & 0xff;
        long headerLen;
        int start;
        if (major == 1) {
            headerLen = ByteBuffer.wrap(pre).order(ByteOrder.LITTLE_ENDIAN).getShort(8) & 0xffff;
            start = 10;
        } else if (major == 2 || major == 3) {
            byte[] more = in.readNBytes(2);
            if (more.length < 2) {
                throw new Mia4jException(what + ": truncated NPY header (" + fileSize + " bytes)");
            }
            byte[] p12 = Arrays.copyOf(pre, 12);
            System.arraycopy(more, 0, p12, 10, 2);
            headerLen = ByteBuffer.wrap(p12).order(ByteOrder.LITTLE_ENDIAN).getInt(8) & 0xffffffffL;
            start = 12;
        } else {
            throw new Mia4jException(what + ": NPY format version " + major + " is not supported (1, 2 or 3)");
        }
        if (start + headerLen > fileSize) {
            throw new Mia4jException(what + ": truncated NPY header: it declares " + headerLen + " bytes, the file "
                    + "has " + (fileSize - start) + " after the preamble");
        }
        if (headerLen > MAX_HEADER) {
            throw new Mia4jException(what + ": NPY header of " + headerLen + " bytes, expected at most " + MAX_HEADER
                    + " (numpy.save writes a few hundred)");
        }
        byte[] hb = in.readNBytes((int) headerLen);
        if (hb.length < headerLen) {
            throw new Mia4jException(what + ": truncated NPY header (" + (start + hb.length) + " bytes)");
        }
        String header = new String(hb, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header);
        Matcher f = FORTRAN.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !f.find() || !s.find()) {
            throw new Mia4jException(what + ": NPY header " + header.strip() + " lacks a plain 'descr', "
                    + "'fortran_order' or 'shape' (structured or object arrays are not supported)");
        }
        char kind = d.group(2).charAt(0);
        int size = Integer.parseInt(d.group(3));
        boolean ok = switch (kind) {
            case 'f' -> size == 4 || size == 8;
            case 'i', 'u' -> size == 1 || size == 2 || size == 4 || size == 8;
            case 'b' -> size == 1;
            default -> false;
        };
        String dtype = d.group(1) + kind + size;
        if (!ok) {
            throw new Mia4jException(what + ": dtype '" + dtype + "' is not supported; expected float32/float64 "
                    + "numbers or integer/bool labels");
        }
        long[] shape = shape(what, s.group(1));
        long count = 1;
        long need;
        try {
            for (long dim : shape) {
                count = Math.multiplyExact(count, dim);
            }
            need = Math.multiplyExact(count, size);
        } catch (ArithmeticException e) {
            throw new Mia4jException(what + ": shape " + Arrays.toString(shape) + " is too large");
        }
        long dataStart = start + headerLen;
        if (fileSize - dataStart != need) {
            throw new Mia4jException(what + ": shape " + Arrays.toString(shape) + " of " + dtype + " needs " + need
                    + " data bytes, the file has " + (fileSize - dataStart)
                    + (fileSize - dataStart < need ? " (truncated?)" : ""));
        }
        DataFiles.requireWithinCap(what, need);
        if (count > Integer.MAX_VALUE - 8) {
            throw new Mia4jException(what + ": " + count + " values is more than mia4j reads from one file");
        }
        ByteOrder order = d.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        double[] v = new double[(int) count];
        byte[] chunk = new byte[(int) Math.min(need, CHUNK)];
        ByteBuffer buf = ByteBuffer.wrap(chunk).order(order);
        for (int i = 0; i < v.length; ) {
            int want = (int) Math.min(chunk.length, (long) (v.length - i) * size);
            if (in.readNBytes(chunk, 0, want) < want) {
                throw new Mia4jException(what + ": ended after " + (dataStart + (long) i * size) + " bytes, its "
                        + "size said " + fileSize + " (changed while being read?)");
            }
            for (int at = 0; at < want; at += size, i++) {
                v[i] = switch (kind) {
                    case 'f' -> size == 4 ? buf.getFloat(at) : buf.getDouble(at);
                    case 'b' -> chunk[at] != 0 ? 1 : 0;
                    case 'u' -> switch (size) {
                        case 1 -> chunk[at] & 0xff;
                        case 2 -> buf.getShort(at) & 0xffff;
                        case 4 -> buf.getInt(at) & 0xffffffffL;
                        default -> (double) buf.getLong(at);
                    };
                    default -> switch (size) {
                        case 1 -> chunk[at];
                        case 2 -> buf.getShort(at);
                        case 4 -> buf.getInt(at);
                        default -> (double) buf.getLong(at);
                    };
                };
            }
        }
        if (f.group(1).equals("True") && shape.length > 1) {
            v = fortranToC(v, shape);
        }
        return new Array(shape, v, kind != 'f', dtype);
    }

    private static long[] shape(String what, String dims) {
        String[] parts = dims.split(",");
        long[] out = Arrays.stream(parts).map(String::strip).filter(p -> !p.isEmpty()).mapToLong(p -> {
            try {
                long x = Long.parseLong(p.endsWith("L") ? p.substring(0, p.length() - 1) : p);
                if (x < 0) {
                    throw new NumberFormatException();
                }
                return x;
            } catch (NumberFormatException e) {
                throw new Mia4jException(what + ": NPY shape (" + dims + ") is not a tuple of sizes");
            }
        }).toArray();
        return out;
    }

    /** Reorders values stored column-major (Fortran) into row-major order. */
    private static double[] fortranToC(double[] v, long[] shape) {
        int r = shape.length;
        double[] out = new double[v.length];
        int[] idx = new int[r];
        for (int c = 0; c < v.length; c++) {
            // c walks row-major; compute the column-major offset of the same index
            int off = 0;
            int stride = 1;
            for (int k = 0; k < r; k++) {
                off += idx[k] * stride;
                stride *= (int) shape[k];
            }
            out[c] = v[off];
            for (int k = r - 1; k >= 0; k--) {
                if (++idx[k] < shape[k]) {
                    break;
                }
                idx[k] = 0;
            }
        }
        return out;
    }
}
