package org.mia4j.defense;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mia4j.Mia4jException;
import org.mia4j.Setting;
import org.mia4j.Settings;
import org.mia4j.train.Objective;

/**
 * Yuan &amp; Zhang's defense for pruned models (their code calls it PPB): during pruning's fine-tuning, loss =
 * CE + lambda * KL between the posteriors of the two halves of each batch, each row's logits sorted in descending
 * order first, so that only the shape of the posterior is aligned across samples, not the class. As in their
 * {@code train_defend_ppb}: {@code kl_div(log_softmax(first half), softmax(second half), 'batchmean')}, i.e.
 * KL(second ‖ first) averaged over the pairs; an odd last record is left out of the KL term.
 */
public final class PpbDefense implements Defense {
    public static final Setting<Double> LAMBDA = Setting.real("ppb-lambda", 4.0, "Weight of the KL term of the ppb "
            + "defense (the authors' value).").atLeast(0);
    private final double lambda;

    public PpbDefense(double lambda) {
        this.lambda = LAMBDA.check(lambda);
    }

    @Override
    public String name() {
        return "ppb";
    }

    @Override
    public boolean trainsFromScratch() {
        return false;
    }

    @Override
    public NDArray loss(NDArray logits, NDArray labels, int epoch) {
        NDArray ce = Objective.CROSS_ENTROPY.loss(logits, labels, epoch);
        long half = logits.getShape().get(0) / 2;
        if (half == 0 || lambda == 0) {
            return ce;
        }
        NDArray ranked = logits.sort(1).flip(1); // descending per row
        NDArray a = ranked.get("0:{}", half);
        NDArray b = ranked.get("{}:{}", half, 2 * half);
        NDArray pb = b.softmax(1);
        NDArray kl = pb.mul(b.logSoftmax(1).sub(a.logSoftmax(1))).sum().div((float) half);
        return ce.add(kl.mul((float) lambda));
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name());
        m.put("lambda", lambda);
        return m;
    }

    /** Registers {@code ppb}; {@code ppb@L} sets its lambda. */
    public static final class Provider implements DefenseProvider {
        @Override
        public java.util.List<String> names() {
            return java.util.List.of("ppb");
        }

        @Override
        public java.util.List<Setting<?>> settings() {
            return java.util.List.of(LAMBDA);
        }

        @Override
        public Settings withStrength(String name, String value, Settings s) {
            return s.with(LAMBDA, Double.parseDouble(value));
        }

        @Override
        public Defense create(String name, DefenseContext c) {
            return new PpbDefense(c.get(LAMBDA));
        }
    }
}
