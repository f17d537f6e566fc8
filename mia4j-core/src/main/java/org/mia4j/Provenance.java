package org.mia4j;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mia4j.model.Network;

/**
 * Where a result came from (after Tribuo's provenance): the config, seed, library versions, the checksums of
 * every data file read, and the engine's intra-op threads (libtorch's sums, so trained weights, depend on them).
 * Written next to every model and into every result file.
 */
public record Provenance(
        String tool,
        String toolVersion,
        Map<String, String> versions,
        long seed,
        Map<String, String> dataChecksums,
        Object config,
        int engineThreads,
        String createdAt) {

    public Provenance {
        versions = Map.copyOf(versions);
        dataChecksums = Map.copyOf(new LinkedHashMap<>(dataChecksums));
    }

    public static Provenance of(long seed, Map<String, String> dataChecksums, Object config) {
        return new Provenance("mia4j", Versions.mia4j(), Versions.all(), seed, dataChecksums, config,
                Network.engineThreads(), Instant.now().toString());
    }
}
