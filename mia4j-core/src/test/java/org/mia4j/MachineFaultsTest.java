package org.mia4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.mia4j.json.Json;

class MachineFaultsTest {
    @Test
    void theMachinesFailuresAreNamedWithTheirReasonAndPath() {
        Path f = Path.of("runs/.x.partial/models/target/original/weights.params");
        assertThat(MachineFaults.describe(new FileFault("writing", f, new IOException("No space left on device"))))
                .hasValueSatisfying(m -> assertThat(m).startsWith("no space left on device writing " + f));
        assertThat(MachineFaults.describe(new RuntimeException("wrapped", new FileFault("locking", Path.of("r/.a.lock"),
                new FileSystemException("r/.a.lock", null, "Read-only file system")))))
                .hasValueSatisfying(m -> assertThat(m).startsWith("read-only file system locking r/.a.lock"));
        assertThat(MachineFaults.describe(new UncheckedIOException(new AccessDeniedException("/x/y"))))
                .hasValueSatisfying(m -> assertThat(m).startsWith("permission denied at /x/y"));
        assertThat(MachineFaults.describe(new Mia4jException("cannot read data file d.csv", new FileSystemException(
                "d.csv", null, "Input/output error")))).hasValueSatisfying(m -> assertThat(m).contains("d.csv"));
        assertThat(MachineFaults.describe(new IllegalStateException("x", new OutOfMemoryError("Java heap space"))))
                .hasValueSatisfying(m -> assertThat(m).startsWith("out of memory (Java heap space)"));
        assertThat(MachineFaults.describe(new RuntimeException("DefaultCPUAllocator: can't allocate memory: you tried "
                + "to allocate 8589934592 bytes. Error code 12")))
                .hasValueSatisfying(m -> assertThat(m).contains("you tried to allocate 8589934592 bytes"));
        assertThat(MachineFaults.brief(new FileFault("writing", f, new IOException("No space left on device"))))
                .hasValue("no space left on device writing " + f);
        // not the machine's: a missing file is the input's, an unknown failure a bug
        assertThat(MachineFaults.describe(new UncheckedIOException(new NoSuchFileException("d.csv")))).isEmpty();
        assertThat(MachineFaults.describe(new IllegalStateException("no"))).isEmpty();
        // any other I/O failure is no bug either; a JSON one may be
        assertThat(MachineFaults.fileSystem(new FileFault("writing", Path.of("r/x"), new IOException("Stale file "
                + "handle")))).hasValue("input/output failure: Stale file handle writing r/x");
        assertThat(MachineFaults.fileSystem(new UncheckedIOException(new com.fasterxml.jackson.databind
                .JsonMappingException(null, "no serializer")))).isEmpty();
    }

    @Test
    void jsonParseErrorsAreOneLineWithoutTheRedactedSource() {
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> Json.MAPPER.readTree("{\n \"a\": 1,\n \"b\": {\n"));
        String why = Json.why(e);
        assertThat(why).doesNotContain("REDACTED").doesNotContain("Source").doesNotContain("\n")
                .contains("start marker at line 3").contains("(line 4, column");
    }
}
