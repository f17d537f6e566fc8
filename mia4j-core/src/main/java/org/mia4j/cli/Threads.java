package org.mia4j.cli;

import org.mia4j.InvalidSetting;

/**
 * How many threads a run may use. PyTorch starts as many threads as cores in every process, so two runs on one
 * machine oversubscribe it (measured: 6x slower each on 2 cores); the engine reads these properties once, when it
 * starts, so they are set before anything touches it.
 */
final class Threads {
    private Threads() {}

    static void set(int n) {
        if (n < 1) {
            throw new InvalidSetting("threads", "must be >= 1, got " + n);
        }
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(n));
        System.setProperty("ai.djl.pytorch.num_interop_threads", Integer.toString(n));
        System.setProperty("java.util.concurrent.ForkJoinPool.common.parallelism", Integer.toString(n));
    }
}
