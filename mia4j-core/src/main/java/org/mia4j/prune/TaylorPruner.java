package org.mia4j.prune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mia4j.Mia4jException;
import org.mia4j.model.Network;
import org.mia4j.model.Variant;

/**
 * Taylor first-order (TFO) pruning (Molchanov et al. 2019): importance |w * dL/dw| of each weight, accumulated
 * over one pass of the training records in evaluation mode at the trained weights; the least important go.
 */
public final class TaylorPruner extends UnstructuredPruner {

    public TaylorPruner(double sparsity) {
        super(sparsity, false);
    }

    @Override
    public Variant variant() {
        return Variant.pruning("taylor", sparsity());
    }

    @Override
    protected Map<String, NDArray> importance(Network net, List<Prunable> layers, PruningContext ctx,
            NDManager m) {
        if (ctx.data() == null || ctx.train().length == 0) {
            throw new Mia4jException("taylor pruning needs the training records");
        }
        Map<String, NDArray> acc = new LinkedHashMap<>();
        for (Prunable p : layers) {
            acc.put(p.weight(), m.zeros(p.param().getArray().getShape()));
        }
        Loss loss = Loss.softmaxCrossEntropyLoss();
        int[] train = ctx.train();
        for (int start = 0; start < train.length; start += ctx.batchSize()) {
            int b = Math.min(ctx.batchSize(), train.length - start);
            int[] idx = java.util.Arrays.copyOfRange(train, start, start + b);
            try (NDManager sm = net.manager().newSubManager();
                    GradientCollector gc = net.model().getNDManager().getEngine().newGradientCollector()) {
                NDArray x = sm.create(ctx.data().features(idx), Network.batchShape(b, net.recordShape()));
                NDArray y = sm.create(ctx.data().labels(idx));
                NDArray logits = net.block().forward(new ParameterStore(sm, false), new NDList(x), false)
                        .singletonOrThrow();
                gc.backward(loss.evaluate(new NDList(y), new NDList(logits)));
                for (Prunable p : layers) {
                    NDArray w = p.param().getArray();
                    acc.get(p.weight()).addi(w.mul(w.getGradient()).abs());
                }
            }
        }
        return acc;
    }

    @Override
    public boolean readsTrainingData() {
        return true;
    }
}
