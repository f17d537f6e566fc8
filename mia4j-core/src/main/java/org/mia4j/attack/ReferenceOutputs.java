package org.mia4j.attack;

import java.util.List;
import org.mia4j.Mia4jException;
import org.mia4j.outputs.ModelOutputs;
import org.mia4j.outputs.Observations;

/**
 * Outputs of the attacker's reference models (LiRA, RMIA): each trained on a random half of the audited records.
 * {@code posteriors.get(r)} are model r's posteriors on the audited records, in the target's order;
 * {@code in.get(r)[i]} says whether record i was in model r's training set; {@code population.get(r)} are its
 * posteriors on the population records (never in any training set), labelled {@code populationLabels}.
 */
public record ReferenceOutputs(int numClasses, int[] labels, List<float[]> posteriors, List<boolean[]> in,
        List<float[]> population, int[] populationLabels) {

    public ReferenceOutputs {
        posteriors = List.copyOf(posteriors);
        in = List.copyOf(in);
        population = List.copyOf(population);
        if (posteriors.size() != in.size() || population.size() != posteriors.size()) {
            throw new IllegalArgumentException("reference lists differ in length");
        }
        for (int r = 0; r < posteriors.size(); r++) {
            ModelOutputs.checkProbabilities("reference-" + r, posteriors.get(r), numClasses);
            ModelOutputs.checkProbabilities("reference-" + r + " (population)", population.get(r), numClasses);
        }
    }

    public int count() {
        return posteriors.size();
    }

    /** Fails with a message naming the attack and the option when there are fewer than {@code min} models. */
    public void require(String attack, int min) {
        if (count() < min) {
            throw new Mia4jException("attack " + attack + " needs at least " + min + " reference models, got "
                    + count() + " (raise --references)");
        }
    }

    /** The same references without model {@code r} (used to calibrate on r as a pseudo-target). */
    public ReferenceOutputs without(int r) {
        List<float[]> p = new java.util.ArrayList<>(posteriors);
        List<boolean[]> i = new java.util.ArrayList<>(in);
        List<float[]> z = new java.util.ArrayList<>(population);
        p.remove(r);
        i.remove(r);
        z.remove(r);
        return new ReferenceOutputs(numClasses, labels, p, i, z, populationLabels);
    }

    /** Reference model r seen as a target: its observations on the audited records and the population. */
    public Observations asTarget(int r) {
        return new Observations("reference-" + r, posteriors.get(r), numClasses, labels, java.util.Map.of(),
                population.get(r));
    }
}
