package org.mia4j;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * A file operation that failed: what was being done ({@code writing}, {@code copying a checkpoint to}) and to which
 * path, so a message can name both when the operating system gives only its reason ("No space left on device").
 */
public final class FileFault extends UncheckedIOException {
    private static final long serialVersionUID = 1L;
    private final String doing;
    private final transient Path path;

    /** {@code doing}: what was being done to {@code path}, e.g. {@code writing}, {@code creating}. */
    public FileFault(String doing, Path path, IOException cause) {
        super(doing + " " + path + " failed: " + MachineFaults.reason(cause), cause);
        this.doing = doing;
        this.path = path;
    }

    public String doing() {
        return doing;
    }

    public Path path() {
        return path;
    }
}
