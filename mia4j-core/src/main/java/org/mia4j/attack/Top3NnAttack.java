package org.mia4j.attack;

import java.util.Arrays;
import org.mia4j.outputs.Observations;
import org.mia4j.train.TrainingConfig;

/** Top3-NN (Salem et al. 2019): attack MLP on the three largest posteriors, sorted; label-agnostic. */
public final class Top3NnAttack extends NeuralAttack {
    public Top3NnAttack(TrainingConfig training, long seed) {
        super(training, seed, 0);
    }

    @Override
    public String name() {
        return "top3-nn";
    }

    @Override
    public String description() {
        return "attack MLP on the 3 largest posteriors, sorted (Salem et al. 2019)";
    }


    @Override
    protected float[] features(Observations o) {
        int c = o.numClasses();
        float[] out = new float[o.size() * 3];
        float[] row = new float[c];
        for (int i = 0; i < o.size(); i++) {
            System.arraycopy(o.posteriors(), i * c, row, 0, c);
            Arrays.sort(row);
            for (int k = 0; k < Math.min(3, c); k++) {
                out[i * 3 + k] = row[c - 1 - k];
            }
        }
        return out;
    }
}
