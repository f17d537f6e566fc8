package org.mia4j.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Where a headless-capable browser is installed, for printing reports (Debian's {@code chromium} first). */
public final class Browsers {
    private static final List<String> CHROMIUM = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser",
            "/usr/bin/google-chrome");

    private Browsers() {}

    public static Optional<Path> chromium() {
        return CHROMIUM.stream().map(Path::of).filter(Files::isExecutable).findFirst();
    }
}
