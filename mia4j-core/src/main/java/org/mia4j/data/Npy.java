package org.mia4j.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
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

    /** An array's shape and its values in C (row-major) order; {@code integral}: stored as ints or booleans. */
    public record Array(long[] shape, double[] values, boolean integral, String dtype) {
        public int rank() {
            return shape.length;
        }
    }

    private Npy() {}

    public static Array read(Path file) {
        return parse(file.toString(), DataFiles.readStored(file));
    }

    /** Parses the bytes of an .npy file; {@code what} names it in errors. */
    public static Array parse(String what, byte[] b) {
        if (b.length < 10 || !Arrays.equals(Arrays.copyOf(b, 6), MAGIC)) {
            throw new Mia4jException(what + ": not an NPY file (it does not start with \\x93NUMPY; save it with "
                    + "numpy.save)");
        }
        int major = b[6] & 0xff;
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        long headerLen;
        int start;
        if (major == 1) {
            headerLen = buf.getShort(8) & 0xffff;
            start = 10;
        } else if (major == 2 || major == 3) {
            if (b.length < 12) {
                throw new Mia4jException(what + ": truncated NPY header (" + b.length + " bytes)");
            }
            headerLen = buf.getInt(8) & 0xffffffffL;
            start = 12;
        } else {
            throw new Mia4jException(what + ": NPY format version " + major + " is not supported (1, 2 or 3)");
        }
        if (start + headerLen > b.length) {
            throw new Mia4jException(what + ": truncated NPY header: it declares " + headerLen + " bytes, the file "
                    + "has " + (b.length - start) + " after the preamble");
        }
        String header = new String(b, start, (int) headerLen, major == 3 ? StandardCharsets.UTF_8
                : StandardCharsets.ISO_8859_1);
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
        if (b.length - dataStart != need) {
            throw new Mia4jException(what + ": shape " + Arrays.toString(shape) + " of " + dtype + " needs " + need
                    + " data bytes, the file has " + (b.length - dataStart)
                    + (b.length - dataStart < need ? " (truncated?)" : ""));
        }
        if (count > Integer.MAX_VALUE - 8) {
            throw new Mia4jException(what + ": " + count + " values is more than mia4j reads from one file");
        }
        buf.order(d.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        double[] v = new double[(int) count];
        int at = (int) dataStart;
        for (int i = 0; i < v.length; i++, at += size) {
            v[i] = switch (kind) {
                case 'f' -> size == 4 ? buf.getFloat(at) : buf.getDouble(at);
                case 'b' -> b[at] != 0 ? 1 : 0;
                case 'u' -> switch (size) {
                    case 1 -> b[at] & 0xff;
                    case 2 -> buf.getShort(at) & 0xffff;
                    case 4 -> buf.getInt(at) & 0xffffffffL;
                    default -> (double) buf.getLong(at);
                };
                default -> switch (size) {
                    case 1 -> b[at];
                    case 2 -> buf.getShort(at);
                    case 4 -> buf.getInt(at);
                    default -> (double) buf.getLong(at);
                };
            };
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
