package org.mia4j.cli;

import org.mia4j.InvalidSetting;

/**
 * How many threads a run may use. PyTorch starts as many threads as cores in every process, so two runs on one
 * machine oversubscribe it (measured: 6x slower each on 2 cores); the engine reads these properties once, when it
 * starts, so they are set before anything touches it.
 */
final class Threads {
    private static boolean decided;

    private Threads() {}

    /**
     * Registers this run among the mia4j runs active on the machine and, unless {@code given} (--threads) names a
     * count, divides the cores among the runs it sees: a run started beside another takes half (the earlier one keeps
     * what it chose; measured on 2 cores: 7.7x slower each when both take all cores, see README). Returns the line saying so when the cores are shared.
     * Decided once per process, before the engine starts (it reads the count once).
     */
    static java.util.Optional<String> choose(Integer given) {
        int others = org.mia4j.experiment.ActiveRuns.registerAndCountOthers();
        if (given != null) {
            set(given);
            return java.util.Optional.empty();
        }
        if (decided || others == 0) {
            return java.util.Optional.empty();
        }
        decided = true;
        int cores = Runtime.getRuntime().availableProcessors();
        int n = Math.max(1, cores / (others + 1));
        set(n);
        return java.util.Optional.of("threads: " + n + " of " + cores + " cores, shared with " + others
                + " other mia4j run" + (others > 1 ? "s" : "") + " on this machine (--threads N to choose)");
    }

    static void set(int n) {
        if (n < 1) {
            throw new InvalidSetting("threads", "must be >= 1, got " + n);
        }
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(n));
        System.setProperty("ai.djl.pytorch.num_interop_threads", Integer.toString(n));
        System.setProperty("java.util.concurrent.ForkJoinPool.common.parallelism", Integer.toString(n));
    }
}
