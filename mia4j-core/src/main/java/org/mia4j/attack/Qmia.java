package org.mia4j.attack;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.mia4j.Defaults;
import org.mia4j.Progress;
import org.mia4j.Setting;
import org.mia4j.model.PinnedThreads;
import org.mia4j.outputs.Observations;
import org.mia4j.outputs.RecordInputs;

/**
 * QMIA (Bertran et al., NeurIPS 2023, "Scalable membership inference attacks via quantile regression"): no shadow or
 * reference model. A regression model learns, from the attacker's population records (known non-members), the
 * distribution of the target's hinge score (true-class logit minus the largest other logit; from posteriors, the
 * same difference of log-probabilities) given the record; a record is called a member when its score lies above
 * the (1 - alpha) quantile predicted for it. The score reported is the margin in predicted standard deviations,
 * (s - mu(x)) / sigma(x), so the whole ROC is available; the decision uses alpha.
 */
public final class Qmia implements Attack {
    /** The false-positive rate the decision threshold targets. */
    public static final double ALPHA = 0.01;
    private static final double LOG_FLOOR = 1e-30;
    private final int epochs;
    private final long seed;

    public Qmia(int epochs, long seed) {
        this.epochs = epochs;
        this.seed = seed;
    }

    @Override
    public String name() {
        return "qmia";
    }

    @Override
    public String description() {
        return "QMIA (Bertran et al. 2023): a Gaussian regression on the attacker's population records predicts each "
                + "record's non-member hinge score; score = margin over it in standard deviations; member above the "
                + "99% quantile. No shadow or reference models.";
    }

    @Override
    public boolean needsShadows() {
        return false;
    }

    @Override
    public boolean needsPopulation() {
        return true;
    }

    @Override
    public boolean needsInputs() {
        return true;
    }

    @Override
    public Map<String, Object> settings() {
        return Map.of("alpha", ALPHA, "epochs", epochs, "head", "gaussian", "hidden", List.of(64, 64));
    }

    /** The hinge score of each record: log p_y - max_{k != y} log p_k. */
    static double[] hinge(float[] posteriors, int[] labels, int c) {
        double[] s = new double[labels.length];
        for (int i = 0; i < labels.length; i++) {
            double other = 0;
            for (int k = 0; k < c; k++) {
                if (k != labels[i]) {
                    other = Math.max(other, posteriors[i * c + k]);
                }
            }
            s[i] = Math.log(Math.max(posteriors[i * c + labels[i]], LOG_FLOOR)) - Math.log(Math.max(other, LOG_FLOOR));
        }
        return s;
    }

    @Override
    public Fitted fit(AttackerKnowledge knowledge) {
        return fit(knowledge, Progress.SILENT.start(name(), 0));
    }

    @Override
    public Fitted fit(AttackerKnowledge knowledge, Progress.Task task) {
        // it learns from the target's own outputs on the population, seen at scoring time
        return target -> score(target, task);
    }

    private AttackScores score(Observations target, Progress.Task task) {
        RecordInputs in = target.inputs();
        int c = target.numClasses();
        double[] popScores = hinge(target.population(), in.populationLabels(), c);
        // its network trains and predicts on a fixed thread count, so --threads does not move the scores
        try (PinnedThreads pinned = PinnedThreads.pin(
                Defaults.ATTACK_NETWORK_THREADS);
                QuantileModel q = QuantileModel.fit(in.populationFeatures(), in.width(), in.populationLabels(), c,
                popScores, epochs, seed, task)) {
            double[] s = hinge(target.posteriors(), target.labels(), c);
            double[][] musigma = q.predict(in.features(), target.labels());
            double z = new NormalDistribution(null, 0, 1).inverseCumulativeProbability(1 - ALPHA);
            double[] scores = new double[s.length];
            boolean[] decisions = new boolean[s.length];
            for (int i = 0; i < s.length; i++) {
                scores[i] = (s[i] - musigma[i][0]) / musigma[i][1];
                decisions[i] = scores[i] > z;
            }
            return new AttackScores(scores, decisions);
        }
    }

    @Override
    public List<String> judged(String model, double[] scores, boolean[] decisions, boolean[] member) {
        int fp = 0;
        int n = 0;
        for (int i = 0; i < member.length; i++) {
            if (!member[i]) {
                n++;
                fp += decisions[i] ? 1 : 0;
            }
        }
        return List.of(String.format(Locale.ROOT, "qmia on %s: FPR measured on the audited non-members %.2f%% at "
                + "alpha %.2f%% (%d of %d)", model, n == 0 ? 0 : 100.0 * fp / n, 100 * ALPHA, fp, n));
    }

    /** Registers {@code qmia}; its regression trains for the attack networks' epochs. */
    public static final class Provider implements AttackProvider {
        @Override
        public List<String> names() {
            return List.of("qmia");
        }

        @Override
        public List<Setting<?>> settings() {
            return List.of(NeuralAttack.EPOCHS);
        }

        @Override
        public Attack create(String name, AttackContext c) {
            return new Qmia(c.get(NeuralAttack.EPOCHS), c.seed());
        }
    }
}
