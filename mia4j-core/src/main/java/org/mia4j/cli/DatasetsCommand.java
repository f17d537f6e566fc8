package org.mia4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.mia4j.Mia4jException;
import org.mia4j.data.DatasetCatalog;
import org.mia4j.data.Sha256;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mia4j datasets}: what is known, where it is looked for, and whether the files are there and valid. */
@Command(name = "datasets", mixinStandardHelpOptions = true,
        description = "List the known data sets, where each is looked for, and whether its files are present "
                + "with the expected SHA-256 checksums.")
public final class DatasetsCommand implements Callable<Integer> {

    @Option(names = "--data-dir", description = "Also look in this folder (as --data-dir of audit would).")
    Path dataDir;

    @Option(names = "--no-verify", description = "Only check that files exist; skip the checksums.")
    boolean noVerify;

    @Override
    public Integer call() {
        DatasetCatalog catalog = DatasetCatalog.fromEnvironment();
        System.out.println("MIA4J_DATA=" + Optional.ofNullable(System.getenv("MIA4J_DATA")).orElse("(not set)"));
        for (DatasetCatalog.Entry e : catalog.entries()) {
            System.out.printf("%n%-14s %s%n", e.name(), e.description());
            System.out.printf("  looks in:     %s%s%n", catalog.searchDirs(e.name(), Optional.ofNullable(dataDir)),
                    e.embedded() ? " then the copy embedded in mia4j" : "");
            Optional<Path> dir = catalog.locate(e.name(), Optional.ofNullable(dataDir));
            if (dir.isEmpty()) {
                System.out.printf("  status:       %s%n", e.embedded() ? "using the embedded copy (checksum "
                        + "verified on load)" : "not found (needs " + e.files() + ")");
                continue;
            }
            System.out.printf("  found in:     %s%n", dir.get().toAbsolutePath().normalize());
            if (noVerify) {
                continue;
            }
            boolean ok = true;
            for (String f : e.files()) {
                String want = e.sha256().get(f);
                Path p = dir.get().resolve(f);
                String got = Sha256.of(p);
                String status = want == null ? "present (no published checksum; sha256 " + got.substring(0, 16)
                        + "...)" : want.equals(got) ? "ok" : "CHECKSUM MISMATCH (got " + got + ")";
                ok &= want == null || want.equals(got);
                System.out.printf("    %-30s %s%n", f, status);
            }
            System.out.printf("  status:       %s%n", ok ? "valid" : "INVALID");
        }
        System.out.printf("%n%-14s any CSV with a header: --dataset csv --data-dir FILE --label-column NAME%n", "csv");
        if (dataDir != null && !Files.isDirectory(dataDir)) {
            throw new Mia4jException("--data-dir " + dataDir + " is not a folder");
        }
        return 0;
    }
}
