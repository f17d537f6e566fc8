package org.mia4j.attack;

/** The attacker's view of the target: posteriors and labels, without membership (so scoring cannot cheat). */
public record Observations(String model, float[] posteriors, int numClasses, int[] labels) {

    public int size() {
        return labels.length;
    }

    public float p(int i, int k) {
        return posteriors[i * numClasses + k];
    }
}
