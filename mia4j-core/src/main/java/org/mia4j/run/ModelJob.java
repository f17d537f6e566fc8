package org.mia4j.run;

import org.mia4j.data.SplitIndices;

/**
 * One model an audit trains, with every variant made of it (pruned, compressed, treated, defended): the unit an
 * engine runs as one task. Jobs are independent of each other; what they make is found by its cache key.
 *
 * @param split its members, dev and non-member records (its name is the model's role)
 * @param seed its seed
 * @param target whether it is the target (critical-weight treatments score it on {@code reference})
 * @param reference held-out records its critical-weight scores are computed on (the target's population); empty
 *     for the others, which use their own non-members
 * @param outputsOn records whose posteriors a worker stores beside each of its models (a reference model's: the
 *     target's audited records, then the population), so the audit reads them instead of the checkpoints; empty for
 *     none
 */
public record ModelJob(SplitIndices split, long seed, boolean target, int[] reference, int[] outputsOn) {

    public String role() {
        return split.name();
    }

    /** Whether it is a LiRA/RMIA reference model (trained on half of the audited records). */
    public boolean referenceModel() {
        return split.name().startsWith("reference-");
    }
}
