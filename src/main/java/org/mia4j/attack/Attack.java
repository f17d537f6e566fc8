package org.mia4j.attack;

import java.util.Set;

/**
 * A membership inference attack, after scikit-learn's estimator contract: {@link #fit} learns from what the
 * adversary has (shadow outputs with membership, reference models), the result scores the target's observations
 * (membership never shown to it).
 */
public interface Attack {

    /** Name used on the command line and in results. */
    String name();

    /** One-line description for reports. */
    String description();

    Fitted fit(AttackerKnowledge knowledge);

    /** Probe features (extra model queries) the attack needs on shadows and target, e.g. {@code sensitivity}. */
    default Set<String> probes() {
        return Set.of();
    }

    /** Reference models the attack needs (0: shadows are enough). */
    default int minReferences() {
        return 0;
    }

    /** An attack calibrated on the adversary's knowledge, ready to score a target. */
    interface Fitted extends AutoCloseable {
        AttackScores score(Observations target);

        /** Releases native memory held by a trained attack model. */
        @Override
        default void close() {}
    }
}
