package org.mia4j.attack;

import org.mia4j.outputs.Observations;
import org.mia4j.train.TrainingConfig;

/** NN (Shokri et al. 2017 as Yuan &amp; Zhang run it): attack MLP on the full posterior vector. */
public final class NnAttack extends NeuralAttack {
    public NnAttack(TrainingConfig training, long seed) {
        super(training, seed, 0);
    }

    @Override
    public String name() {
        return "nn";
    }

    @Override
    public String description() {
        return "attack MLP on the full posterior vector (Shokri et al. 2017)";
    }


    @Override
    protected float[] features(Observations o) {
        return o.posteriors().clone();
    }
}
