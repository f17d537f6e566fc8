package org.mia4j.run;

import org.mia4j.model.Variant;
import org.mia4j.outputs.ModelOutputs;
import org.mia4j.prune.PruningStats;
import org.mia4j.train.TrainingReport;

/**
 * One trained (and possibly pruned) model of an audit: its role ({@code target}, {@code shadow-0}, ...), variant
 * ({@code original} or the pruner's name), accuracies, measured sparsity and its outputs on members + non-members.
 */
public record ModelRun(String role, Variant variant, double trainAccuracy, double testAccuracy,
        PruningStats pruning, TrainingReport training, ModelOutputs outputs, int[] recordIndex) {

    public ModelRun withOutputs(ModelOutputs o) {
        return new ModelRun(role, variant, trainAccuracy, testAccuracy, pruning, training, o, recordIndex);
    }
}
