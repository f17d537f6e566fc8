package org.mia4j;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;

/**
 * What keeps a JVM running libtorch near the memory it uses: libtorch's freed memory stays with glibc's malloc,
 * spread over one arena per thread, unless trimmed (an image pruning experiment held 5.0 GB RSS of which 4.2 GB
 * went back on a trim). The launcher sets both; a JVM mia4j starts itself (a Spark task's worker) gets them here.
 */
public final class NativeHeap {
    /** glibc's malloc arenas (its default: 8 per core). */
    public static final String MALLOC_ARENA_MAX = "2";
    /** How often the JVM gives freed native memory back (ms). */
    public static final int TRIM_INTERVAL_MILLIS = 1000;

    private NativeHeap() {}

    /** Sets {@code MALLOC_ARENA_MAX} in a child's environment unless it is set already (the user's choice). */
    public static void environment(Map<String, String> env) {
        env.putIfAbsent("MALLOC_ARENA_MAX", MALLOC_ARENA_MAX);
    }

    /**
     * The periodic trim option for a child run by this JVM's java, when this java knows the option (17.0.9 on,
     * 21.0.1 on; 18-20 do not): an unknown option would stop the child from starting.
     */
    public static List<String> jvmOptions() {
        return knowsTrimOption() ? List.of("-XX:TrimNativeHeapInterval=" + TRIM_INTERVAL_MILLIS) : List.of();
    }

    static boolean knowsTrimOption() {
        try {
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption("TrimNativeHeapInterval");
            return true;
        } catch (IllegalArgumentException | UnsupportedOperationException | NullPointerException e) {
            return false; // no such option in this JVM
        }
    }
}
