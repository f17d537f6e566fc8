package org.mia4j.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.mia4j.AtomicFiles;
import org.mia4j.InvalidSetting;
import org.mia4j.Mia4jException;
import org.mia4j.json.Json;

/**
 * The split protocol of Yuan &amp; Zhang (methods.md): the pool is halved into a target half and a shadow half;
 * each model takes 55% of its half for training (of which 18.18% is the dev set) and 45% as non-members.
 * Shadow {@code i} draws its own split of the shadow half with seed {@code seed + i}.
 */
public final class Splits {
    public static final double TRAIN_SHARE = 0.55;
    public static final double DEV_SHARE = 0.1818;

    private Splits() {}

    /** The two halves of the pool {0..n-1}: [target half, shadow half]. */
    public static int[][] halves(int n, long seed) {
        int[] perm = permutation(n, seed);
        int half = n / 2;
        return new int[][] {Arrays.copyOfRange(perm, 0, half), Arrays.copyOfRange(perm, half, n)};
    }

    /** Splits {@code half} into members / dev / non-members with its own seed. */
    public static SplitIndices split(String name, int[] half, long seed) {
        int[] order = permutation(half.length, seed);
        int nTrain = (int) Math.round(half.length * TRAIN_SHARE);
        int nDev = (int) Math.round(nTrain * DEV_SHARE);
        int[] members = new int[nTrain - nDev];
        int[] dev = new int[nDev];
        int[] non = new int[half.length - nTrain];
        for (int i = 0; i < half.length; i++) {
            int idx = half[order[i]];
            if (i < nDev) {
                dev[i] = idx;
            } else if (i < nTrain) {
                members[i - nDev] = idx;
            } else {
                non[i - nTrain] = idx;
            }
        }
        return new SplitIndices(name, members, dev, non);
    }

    /** The target split and {@code shadows} shadow splits, all from one pool of size {@code n}. */
    public static List<SplitIndices> protocol(int n, int shadows, long seed) {
        return protocol(n, shadows, seed, 1.0, 0.0);
    }

    /**
     * As above, with adversary knowledge: each shadow draws from a seeded share {@code shadowFraction} of the
     * shadow half (less data), and a share {@code overlap} of each shadow's members is replaced by records of the
     * target's members (the adversary holds part of the target's training data).
     */
    public static List<SplitIndices> protocol(int n, int shadows, long seed, double shadowFraction,
            double overlap) {
        if (!(shadowFraction > 0 && shadowFraction <= 1)) {
            throw new InvalidSetting("shadow-fraction", "must be in (0, 1], got " + shadowFraction);
        }
        if (!(overlap >= 0 && overlap <= 1)) {
            throw new InvalidSetting("shadow-overlap", "must be in [0, 1], got " + overlap);
        }
        if (n < 40) {
            throw new Mia4jException("the data set has " + n + " records; the split protocol needs at least 40");
        }
        int[][] h = halves(n, seed);
        List<SplitIndices> out = new ArrayList<>();
        SplitIndices target = split("target", h[0], seed);
        out.add(target);
        for (int i = 0; i < shadows; i++) {
            int[] half = h[1];
            if (shadowFraction < 1) {
                int[] p = permutation(half.length, seed + 1 + i + 7919L);
                int k = Math.max(40, (int) Math.round(shadowFraction * half.length));
                half = new int[Math.min(k, p.length)];
                for (int j = 0; j < half.length; j++) {
                    half[j] = h[1][p[j]];
                }
            }
            out.add(overlap(split("shadow-" + i, half, seed + 1 + i), target.members(), overlap, seed + 1 + i));
        }
        return List.copyOf(out);
    }

    /**
     * Shadow split {@code s} with a share {@code overlap} of its members replaced by records of the target's members
     * {@code tm} (the adversary holds part of the target's training data); {@code s} itself when the share is 0.
     */
    public static SplitIndices overlap(SplitIndices s, int[] tm, double overlap, long seed) {
        if (!(overlap >= 0 && overlap <= 1)) {
            throw new InvalidSetting("shadow-overlap", "must be in [0, 1], got " + overlap);
        }
        if (overlap == 0) {
            return s;
        }
        int[] members = s.members();
        int[] pick = permutation(tm.length, seed + 104729L);
        int k = Math.min(tm.length, (int) Math.round(overlap * members.length));
        for (int j = 0; j < k; j++) {
            members[j] = tm[pick[j]];
        }
        return new SplitIndices(s.name(), members, s.dev(), s.nonMembers());
    }

    /** A seeded Fisher-Yates permutation of 0..n-1 (java.util.Random: stable across JVMs and versions). */
    public static int[] permutation(int n, long seed) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        Random rnd = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Writes the split as an index file (JSON: name, members, dev, nonMembers). */
    public static void save(SplitIndices s, Path file) {
        AtomicFiles.write(file, out -> JSON.writerWithDefaultPrettyPrinter().writeValue(out, s));
    }

    public static SplitIndices load(Path file, int poolSize) {
        SplitIndices s;
        try {
            s = JSON.readValue(file.toFile(), SplitIndices.class);
        } catch (IOException e) {
            throw new Mia4jException("cannot read split index file " + file + ": " + Json.why(e), e);
        }
        for (int[] part : List.of(s.members(), s.dev(), s.nonMembers())) {
            for (int i : part) {
                if (i < 0 || i >= poolSize) {
                    throw new Mia4jException("split index file " + file + ": index " + i + " outside the pool 0.."
                            + (poolSize - 1));
                }
            }
        }
        return s;
    }
}
