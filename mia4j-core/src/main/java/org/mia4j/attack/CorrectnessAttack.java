package org.mia4j.attack;

/**
 * The gap attack (Yeom et al. 2018): a record is a member iff the model classifies it correctly. It needs no
 * shadow model; its accuracy is ½ + ½(train accuracy - test accuracy).
 */
public final class CorrectnessAttack implements Attack {

    @Override
    public String name() {
        return "correctness";
    }

    @Override
    public boolean labelsOnly() {
        return true;
    }

    @Override
    public String description() {
        return "member iff the predicted label is correct (Yeom et al. 2018)";
    }

    @Override
    public boolean needsShadows() {
        return false;
    }

    @Override
    public Fitted fit(AttackerKnowledge knowledge) {
        return target -> {
            double[] s = new double[target.size()];
            boolean[] d = new boolean[target.size()];
            for (int i = 0; i < s.length; i++) {
                int arg = 0;
                for (int k = 1; k < target.numClasses(); k++) {
                    if (target.p(i, k) > target.p(i, arg)) {
                        arg = k;
                    }
                }
                d[i] = arg == target.labels()[i];
                s[i] = d[i] ? 1 : 0;
            }
            return new AttackScores(s, d);
        };
    }
}
