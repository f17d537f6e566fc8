package org.mia4j.model;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * The engine's intra-op thread count held at a fixed value while open, then restored. libtorch splits float sums
 * among its threads, so a network trained on 1 thread and on 2 gets other weights from the same seed; an attack
 * that trains a network pins the count so its scores do not move with {@code --threads}. The setting is libtorch's
 * per calling thread (OpenMP and MKL's thread-local counts), so other Java threads are not affected.
 */
public final class PinnedThreads implements AutoCloseable {
    private final int before;

    private PinnedThreads(int before) {
        this.before = before;
    }

    /** Pins the calling thread's engine threads to {@code n} until {@link #close()}. */
    public static PinnedThreads pin(int n) {
        Engine.getInstance();
        int before = JniUtils.getNumThreads();
        JniUtils.setNumThreads(n);
        return new PinnedThreads(before);
    }

    @Override
    public void close() {
        JniUtils.setNumThreads(before);
    }
}
