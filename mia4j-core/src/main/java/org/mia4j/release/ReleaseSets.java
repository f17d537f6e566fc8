package org.mia4j.release;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.mia4j.InvalidSetting;

/**
 * The release sets to audit, over versions named in order (the original first): every version alone, and by
 * default each other version with the original and all versions together; or the sets written out
 * ({@code a+b,a+b+c}); or every set of up to K versions. Each set lists its versions in the versions' order.
 */
public final class ReleaseSets {
    private ReleaseSets() {}

    /**
     * The sets: {@code spec} (empty: the default) and, with {@code maxSize} above 0, every set of up to that many
     * versions; every version alone always.
     */
    public static List<List<String>> of(List<String> versions, String spec, int maxSize) {
        if (maxSize < 0) {
            throw new InvalidSetting("max-set-size", "must be 0 (the default sets) or more, got " + maxSize);
        }
        Set<List<String>> out = new LinkedHashSet<>();
        versions.forEach(v -> out.add(List.of(v)));
        if (maxSize > 0) {
            subsets(versions, Math.min(maxSize, versions.size()), out);
        }
        if (!spec.isBlank()) {
            for (String s : spec.split(",")) {
                out.add(parse(s.trim(), versions));
            }
        } else if (maxSize == 0) {
            String original = versions.get(0);
            versions.stream().skip(1).forEach(v -> out.add(List.of(original, v)));
            out.add(List.copyOf(versions));
        }
        return List.copyOf(out);
    }

    /** Every subset of 2 to {@code k} versions, smaller ones first. */
    private static void subsets(List<String> versions, int k, Set<List<String>> out) {
        int n = versions.size();
        for (int size = 2; size <= k; size++) {
            for (long mask = 0; mask < 1L << n; mask++) {
                if (Long.bitCount(mask) == size) {
                    List<String> set = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        if ((mask & 1L << i) != 0) {
                            set.add(versions.get(i));
                        }
                    }
                    out.add(List.copyOf(set));
                }
            }
        }
    }

    /**
     * One set: version names joined by {@code +}. A name may hold {@code +} itself (a pruning then a compression,
     * {@code l1-unstructured@0.5+quantize-int8}): the longest name that matches is taken.
     */
    static List<String> parse(String set, List<String> versions) {
        if (set.isEmpty()) {
            throw new InvalidSetting("release-sets", "holds an empty set; expected sets like original+quantize-int8, "
                    + "separated by commas");
        }
        String[] parts = set.split("\\+", -1);
        Set<String> chosen = new LinkedHashSet<>();
        int i = 0;
        while (i < parts.length) {
            int matched = -1;
            for (int j = parts.length; j > i; j--) {
                if (versions.contains(String.join("+", java.util.Arrays.copyOfRange(parts, i, j)))) {
                    matched = j;
                    break;
                }
            }
            if (matched < 0) {
                throw new InvalidSetting("release-sets", "set '" + set + "': '" + parts[i] + "' is not a version; "
                        + "the versions are " + String.join(", ", versions));
            }
            String name = String.join("+", java.util.Arrays.copyOfRange(parts, i, matched));
            if (!chosen.add(name)) {
                throw new InvalidSetting("release-sets", "set '" + set + "' names " + name + " twice");
            }
            i = matched;
        }
        return versions.stream().filter(chosen::contains).toList();
    }

    /** A set's name: its versions joined by {@code +}. */
    public static String name(List<String> set) {
        return String.join("+", set);
    }
}
