package org.mia4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WorkerProcessTest {

    /** A stand-in worker: says ready, then what it was started with. */
    public static void main(String[] args) {
        System.out.println("ready");
        System.out.println(System.getenv("MALLOC_ARENA_MAX") + " " + java.lang.management.ManagementFactory
                .getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                .getVMOption("TrimNativeHeapInterval").getValue());
    }

    /** A worker JVM started by a task gets the launcher's memory settings (few malloc arenas, periodic trim). */
    @Test
    void aWorkerGetsTheLaunchersNativeMemorySettings() throws Exception {
        List<String> task = new ModelTask("{}", null, "store", 1, List.of(), null, null, false).command();
        assertThat(task).contains("-XX:TrimNativeHeapInterval=1000"); // this JDK (17.0.9 on) knows the option
        assertThat(task.indexOf("-XX:TrimNativeHeapInterval=1000")).isLessThan(task.indexOf("-cp"));
        List<String> probe = new java.util.ArrayList<>(task.subList(0, task.indexOf("-cp")));
        probe.addAll(List.of("-cp", System.getProperty("java.class.path"), WorkerProcessTest.class.getName()));
        WorkerProcess w = WorkerProcess.borrow(probe, false);
        try {
            String expected = System.getenv("MALLOC_ARENA_MAX") != null ? System.getenv("MALLOC_ARENA_MAX") : "2";
            assertThat(w.readLine()).isEqualTo(expected + " 1000");
        } finally {
            w.kill();
        }
    }
    @Test
    void aFailedWorkerIsQuotedByItsCauseNotItsLastWarning() {
        String cuda = "[W] CUDA initialization: Found no NVIDIA driver on your system (Triggered internally)";
        assertThat(WorkerProcess.cause(List.of("mia4j worker: java.lang.IllegalStateException: bad job", "\tat x.y(Z)",
                cuda))).isEqualTo(": java.lang.IllegalStateException: bad job");
        assertThat(WorkerProcess.cause(List.of("Exception in thread \"main\" java.lang.RuntimeException: wrapped",
                "\tat a.b(C.java:1)", "Caused by: java.io.IOException: No space left on device", "\t... 3 more",
                cuda))).isEqualTo(": java.io.IOException: No space left on device");
        assertThat(WorkerProcess.cause(List.of("#", "# A fatal error has been detected", "Warning: something", cuda)))
                .isEqualTo(": # A fatal error has been detected");
        assertThat(WorkerProcess.cause(List.of(cuda))).isEmpty();
        assertThat(WorkerProcess.exitText(137)).contains("out-of-memory killer");
    }
}
