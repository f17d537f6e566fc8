package org.mia4j;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a result came from (after Tribuo's provenance): the config, seed, library versions and the checksums of
 * every data file read. Written next to every model and into every result file.
 */
public record Provenance(
        String tool,
        String toolVersion,
        Map<String, String> versions,
        long seed,
        Map<String, String> dataChecksums,
        Object config,
        String createdAt) {

    public Provenance {
        versions = Map.copyOf(versions);
        dataChecksums = Map.copyOf(new LinkedHashMap<>(dataChecksums));
    }

    public static Provenance of(long seed, Map<String, String> dataChecksums, Object config) {
        return new Provenance("mia4j", Versions.mia4j(), Versions.all(), seed, dataChecksums, config,
                Instant.now().toString());
    }
}
