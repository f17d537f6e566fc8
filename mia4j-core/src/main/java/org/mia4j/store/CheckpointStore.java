package org.mia4j.store;

import java.nio.file.Path;

/**
 * Checkpoints kept by key, where a run looks for a model before training it: the shared model cache, or the store
 * an engine's workers write to. A key hashes everything that determines a model (see {@link ModelCache}), so any
 * store's checkpoint of a key is the model a fresh training would make; each is verified before use.
 */
public interface CheckpointStore {

    /** Copies the verified checkpoint {@code key} into {@code dir}; false when there is none (or it was corrupt). */
    boolean restore(String key, Path dir);

    /** Adds the checkpoint in {@code dir} under {@code key} atomically; one already there is kept. */
    void store(String key, Path dir);

    /** Whether a complete checkpoint is held under {@code key} (its files are verified only when restored). */
    boolean contains(String key);
}
