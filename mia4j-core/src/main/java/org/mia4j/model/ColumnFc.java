package org.mia4j.model;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import java.util.Arrays;
import java.util.List;
import org.mia4j.Mia4jException;

/**
 * Yuan &amp; Zhang's tabular model with hidden sizes of the user's choice: Linear-ReLU-Dropout(0.1) per hidden layer,
 * then Linear(C). Their sizes, 256-128, are the default ({@link Architecture#COLUMN_FC}).
 */
public record ColumnFc(List<Integer> hidden) implements ModelSpec, LayerGeometry {

    public ColumnFc {
        hidden = List.copyOf(hidden);
        if (hidden.stream().anyMatch(h -> h < 1)) {
            throw new Mia4jException("hidden layer sizes must be >= 1, got " + hidden);
        }
    }

    @Override
    public String cliName() {
        return Architecture.COLUMN_FC.cliName();
    }

    @Override
    public Block build(int[] recordShape, int numClasses) {
        if (recordShape.length != 1) {
            throw new Mia4jException("architecture needs records of rank 1 but the data set's records have shape "
                    + Arrays.toString(recordShape) + "; choose another --arch");
        }
        SequentialBlock b = new SequentialBlock();
        for (int h : hidden) {
            b.add(Linear.builder().setUnits(h).build()).add(Activation.reluBlock())
                    .add(Dropout.builder().optRate(0.1f).build());
        }
        return b.add(Linear.builder().setUnits(numClasses).build());
    }

    @Override
    public long[] outputPositions(int[] recordShape) {
        long[] p = new long[hidden.size() + 1];
        Arrays.fill(p, 1);
        return p;
    }

    @Override
    public boolean isChain() {
        return true;
    }
}
