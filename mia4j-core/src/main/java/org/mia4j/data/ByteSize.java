package org.mia4j.data;

import java.util.Locale;
import org.mia4j.InvalidSetting;

/** Sizes as users write them (2G, 500M, 1.5GiB, a byte count) and as messages show them. */
public final class ByteSize {
    private ByteSize() {}

    /** {@code text} in bytes; {@code setting} names the option in the error. */
    public static long parse(String setting, String text) {
        String t = text.strip().toUpperCase(Locale.ROOT).replaceAll("I?B$", "");
        long unit = switch (t.isEmpty() ? ' ' : t.charAt(t.length() - 1)) {
            case 'K' -> 1L << 10;
            case 'M' -> 1L << 20;
            case 'G' -> 1L << 30;
            case 'T' -> 1L << 40;
            default -> 1;
        };
        String num = unit == 1 ? t : t.substring(0, t.length() - 1);
        try {
            double v = Double.parseDouble(num);
            if (!(v >= 0) || Double.isInfinite(v) || v * unit >= Long.MAX_VALUE) {
                throw new NumberFormatException();
            }
            return (long) (v * unit);
        } catch (NumberFormatException e) {
            throw new InvalidSetting(setting, "'" + text + "' is not a size; expected e.g. 2G, 500M or a byte count");
        }
    }

    /** e.g. "1.5 GiB", "300 bytes". */
    public static String format(long bytes) {
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, v < 10 ? "%.1f %s" : "%.0f %s", v, units[u]);
    }
}
