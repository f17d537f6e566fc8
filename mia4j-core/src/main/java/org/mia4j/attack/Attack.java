package org.mia4j.attack;

import org.mia4j.Progress;
import org.mia4j.outputs.Observations;


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

    /**
     * {@link #fit(AttackerKnowledge)}, telling {@code task} how far a long fit is (an attack that trains a network
     * says its epochs): the attack phase would otherwise be silent for minutes.
     */
    default Fitted fit(AttackerKnowledge knowledge, Progress.Task task) {
        return fit(knowledge);
    }

    /** Probe features (extra model queries) the attack needs on shadows and target, configured. */
    default java.util.List<Probe> probes() {
        return java.util.List.of();
    }

    /** Reference models the attack needs (0: shadows are enough). */
    default int minReferences() {
        return 0;
    }

    /** Whether fitting needs the outputs of shadow models with known membership. */
    default boolean needsShadows() {
        return minReferences() == 0;
    }

    /** Whether scoring needs the target's outputs on population records (RMIA). */
    default boolean needsPopulation() {
        return false;
    }

    /** Whether it can attack this target with this knowledge (e.g. only models with other versions to compare). */
    default boolean appliesTo(Observations target, AttackerKnowledge knowledge) {
        return true;
    }

    /**
     * Whether it still applies to a model that releases only its label (its answers then read as one-hot rows): the
     * attacks that read only predicted labels, and those whose statistic stays meaningful on a one-hot row (RMIA).
     * The others are skipped on such a model (a confidence or entropy of a one-hot row is no score).
     */
    default boolean labelsOnly() {
        return false;
    }

    /** Whether it reads the records' features, not only the model's outputs (QMIA). */
    default boolean needsInputs() {
        return false;
    }

    /** What to say once its scores on the target are judged against the truth (e.g. QMIA's measured FPR). */
    default java.util.List<String> judged(String model, double[] scores, boolean[] decisions, boolean[] member) {
        return java.util.List.of();
    }

    /** What the reader should know about scores this attack gave with this knowledge (unreliable settings). */
    default java.util.List<String> cautions(AttackerKnowledge knowledge, double[] scores) {
        return java.util.List.of();
    }

    /** The attack's own settings, recorded in each result row it produces. */
    default java.util.Map<String, Object> settings() {
        return java.util.Map.of();
    }

    /** An attack calibrated on the adversary's knowledge, ready to score a target. */
    interface Fitted extends AutoCloseable {
        AttackScores score(Observations target);

        /** Releases native memory held by a trained attack model. */
        @Override
        default void close() {}
    }
}
