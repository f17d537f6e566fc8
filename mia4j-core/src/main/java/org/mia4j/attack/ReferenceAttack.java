package org.mia4j.attack;

import java.util.Arrays;
import org.mia4j.Mia4jException;
import org.mia4j.outputs.Observations;

/**
 * Attacks scored against reference models (LiRA, RMIA). They need no shadow membership; their member/non-member
 * decision threshold is calibrated by treating reference model 0 as a pseudo-target scored with the other
 * references, maximising balanced accuracy over its known IN/OUT records. The target's membership is never used.
 */
public abstract class ReferenceAttack implements Attack {

    /** Membership scores of a target's records against reference models (aligned with their records). */
    @FunctionalInterface
    protected interface Scorer {
        double[] scores(ReferenceOutputs refs, Observations target);
    }

    /** Membership scores of {@code target}'s records with the attack's default parameters. */
    protected abstract double[] scores(ReferenceOutputs refs, Observations target);

    /**
     * Hook to tune attack parameters on the pseudo-target before calibration (RMIA's a); the returned scorer
     * carries them, so every fit is independent of the others.
     */
    protected Scorer tune(ReferenceOutputs others, Observations pseudoTarget, boolean[] truth) {
        return this::scores;
    }

    @Override
    public Fitted fit(AttackerKnowledge knowledge) {
        ReferenceOutputs refs = knowledge.requireReferences(name(), minReferences());
        ReferenceOutputs others = refs.without(0);
        Observations pseudo = refs.asTarget(0);
        boolean[] truth = refs.in().get(0);
        Scorer scorer = tune(others, pseudo, truth);
        double[] s = scorer.scores(others, pseudo);
        int[] all = new int[s.length];
        Arrays.setAll(all, i -> i);
        double t = ThresholdAttack.bestThreshold(s, truth, all);
        return target -> {
            if (target.size() != refs.labels().length || target.numClasses() != refs.numClasses()) {
                throw new Mia4jException("attack " + name() + ": the references cover " + refs.labels().length
                        + " records of " + refs.numClasses() + " classes, the target " + target.model() + " has "
                        + target.size() + " of " + target.numClasses());
            }
            double[] ts = scorer.scores(refs, target);
            boolean[] d = new boolean[ts.length];
            for (int i = 0; i < ts.length; i++) {
                d[i] = ts[i] >= t;
            }
            return new AttackScores(ts, d);
        };
    }

    /** True-class probability of record i, clipped away from 0. */
    static double py(float[] posteriors, int c, int[] labels, int i) {
        return Math.max(posteriors[i * c + labels[i]], ThresholdAttack.TINY);
    }
}
