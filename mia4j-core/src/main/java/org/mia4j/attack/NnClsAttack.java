package org.mia4j.attack;

import org.mia4j.outputs.Observations;
import org.mia4j.train.TrainingConfig;

/** NN-Cls (Yuan &amp; Zhang's baseline): attack MLP on the posterior vector concatenated with the one-hot label. */
public final class NnClsAttack extends NeuralAttack {
    public NnClsAttack(TrainingConfig training, long seed) {
        super(training, seed, 0);
    }

    @Override
    public String name() {
        return "nn-cls";
    }

    @Override
    public String description() {
        return "attack MLP on the posterior vector and the one-hot label";
    }


    @Override
    protected float[] features(Observations o) {
        int c = o.numClasses();
        float[] h = oneHot(o);
        float[] out = new float[o.size() * 2 * c];
        for (int i = 0; i < o.size(); i++) {
            System.arraycopy(o.posteriors(), i * c, out, i * 2 * c, c);
            System.arraycopy(h, i * c, out, i * 2 * c + c, c);
        }
        return out;
    }
}
