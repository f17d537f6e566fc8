package org.mia4j.cli;

import java.util.Optional;
import org.mia4j.InvalidSetting;
import org.mia4j.store.ActiveRuns;

/**
 * How many threads a run may use. PyTorch starts as many threads as cores in every process, so two runs on one
 * machine oversubscribe it (measured: 6x slower each on 2 cores); the engine reads these properties once, when it
 * starts, so they are set before anything touches it.
 */
final class Threads {
    /** The line saying how the cores are shared, once decided (empty: not shared); null: not decided yet. */
    private static Optional<String> decided;

    private Threads() {}

    /**
     * Registers this run among the mia4j runs active on the machine and, unless {@code given} (--threads) names a
     * count, divides the cores among the runs it sees once the registry has settled (see
     * {@link ActiveRuns#registerAndCountOthers()}): runs started together each take an even share; a run started
     * while another is already going takes its share and the earlier one keeps what it chose (the engine reads
     * its count once). Returns the line saying so when the cores are shared. Decided once per process.
     */
    static synchronized Optional<String> choose(Integer given) {
        if (given != null) {
            ActiveRuns.register(); // counted by the runs that start beside it
            set(given);
            return Optional.empty();
        }
        if (decided == null) {
            decided = share(ActiveRuns.registerAndCountOthers(), Runtime.getRuntime().availableProcessors());
        }
        return decided;
    }

    /** Sets the threads for {@code others} other runs on {@code cores} cores; the line saying so, if shared. */
    static Optional<String> share(int others, int cores) {
        if (others == 0) {
            return Optional.empty();
        }
        int n = Math.max(1, cores / (others + 1));
        set(n);
        return Optional.of("threads: " + n + " of " + cores + " cores, shared with " + others
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
