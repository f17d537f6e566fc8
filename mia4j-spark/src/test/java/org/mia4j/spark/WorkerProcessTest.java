package org.mia4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WorkerProcessTest {
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
