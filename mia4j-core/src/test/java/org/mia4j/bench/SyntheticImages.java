package org.mia4j.bench;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.mia4j.data.ArrayDataset;

/** 28x28 single-channel records of 10 classes with a class-dependent pixel pattern, for the CNN benchmarks. */
final class SyntheticImages {
    static final int[] SHAPE = {1, 28, 28};

    private SyntheticImages() {}

    static ArrayDataset of(int n, long seed) {
        Random rnd = new Random(seed);
        float[] x = new float[n * 784];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rnd.nextInt(10);
            for (int j = 0; j < 784; j++) {
                x[i * 784 + j] = rnd.nextFloat() * (j % 10 == y[i] ? 1f : 0.5f);
            }
        }
        return new ArrayDataset("synthetic", SHAPE, x, y, List.of("0", "1", "2", "3", "4", "5", "6", "7", "8",
                "9"), Map.of());
    }
}
