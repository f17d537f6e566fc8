package org.mia4j.attack;

/**
 * A membership inference attack, after scikit-learn's estimator contract: {@link #fit} learns from shadow-model
 * outputs (membership known), the result scores the target's observations (membership never shown to it).
 */
public interface Attack {

    /** Name used on the command line and in results. */
    String name();

    /** One-line description for reports. */
    String description();

    Fitted fit(ModelOutputs shadow);

    /** An attack calibrated on shadows, ready to score a target. */
    interface Fitted {
        AttackScores score(Observations target);
    }
}
