package org.mia4j.attack;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.transformer.TransformerEncoderBlock;
import org.mia4j.model.ModelSpec;

/**
 * SAMIA's self-attention attack model (Yuan &amp; Zhang): BatchNorm over the 3C inputs, each class position a token
 * (p_k, sensitivity_k, onehot_k) embedded by Linear(3, d) + GELU, a stack of Transformer encoder layers, then
 * flatten, Linear(d C, 64) + ReLU and Linear(64, 2).
 */
public record SamiaModel(int layers, int heads, int dModel, int dFeedForward, float dropout) implements ModelSpec {

    /** The paper's settings: 3 layers, 4 heads, d 64, feed-forward 128, dropout 0.2. */
    public static SamiaModel paper(int layers, int heads) {
        return new SamiaModel(layers, heads, 64, 128, 0.2f);
    }

    @Override
    public String cliName() {
        return "samia";
    }

    /**
     * Measured: scoring 1,024 records in one pass raised the process's RSS by 250-550 MB (three encoder layers of
     * C tokens each keep dozens of 8-16 MB activations until the batch ends); 128 bound that at a few tens of MB.
     */
    @Override
    public int evalBatch() {
        return 128;
    }

    @Override
    public Block build(int[] recordShape, int numClasses) {
        int c = recordShape[0] / 3;
        SequentialBlock b = new SequentialBlock()
                .add(BatchNorm.builder().build())
                // [p_1..p_C, s_1..s_C, y_1..y_C] -> C tokens of 3 features
                .add(new LambdaBlock(in -> new NDList(in.singletonOrThrow().reshape(-1, 3, c).transpose(0, 2, 1)),
                        "tokens"))
                .add(Linear.builder().setUnits(dModel).build())
                .add(Activation.geluBlock());
        for (int i = 0; i < layers; i++) {
            b.add(new TransformerEncoderBlock(dModel, heads, dFeedForward, dropout, Activation::gelu));
        }
        return b.add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(64).build())
                .add(Activation.reluBlock())
                .add(Linear.builder().setUnits(numClasses).build());
    }
}
