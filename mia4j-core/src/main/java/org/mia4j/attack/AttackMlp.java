package org.mia4j.attack;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import org.mia4j.model.ModelSpec;

/** The attack classifier of the NN baselines (methods.md): 512-256-128 ReLU MLP with dropout 0.2, two outputs. */
public record AttackMlp() implements ModelSpec {

    @Override
    public String cliName() {
        return "attack-mlp";
    }

    @Override
    public Block build(int[] recordShape, int numClasses) {
        SequentialBlock b = new SequentialBlock();
        for (int units : new int[] {512, 256, 128}) {
            b.add(Linear.builder().setUnits(units).build()).add(Activation.reluBlock())
                    .add(Dropout.builder().optRate(0.2f).build());
        }
        return b.add(Linear.builder().setUnits(numClasses).build());
    }
}
