package org.mia4j.cli;

import static org.mia4j.cli.PlanSection.set;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.mia4j.plan.AuditConfig;
import org.mia4j.plan.AuditPlan;
import picocli.CommandLine.Option;

/** How the target (and the adversary's models) are pruned and fine-tuned. */
final class PruningSection implements PlanSection {

    @Option(names = "--pruners", split = ",", description = "Pruners and compressions, comma-separated. Pruners: "
            + "l1-unstructured (per layer, as NNI's LevelPruner), l1-unstructured-global, l1-structured, "
            + "l2-structured, slimming (needs BatchNorm: --arch small-cnn-bn or resnet18), taylor, "
            + "iterative-<pruner>. Compressions (one variant each, no fine-tuning, --sparsities ignored): "
            + "quantize-int8, quantize-int4, cluster-K (k-means to K shared values per layer), cluster-K-ft "
            + "(centroids fine-tuned). PRUNER+COMPRESSION prunes at each sparsity, fine-tunes, then compresses "
            + "(e.g. l1-unstructured+quantize-int8).")
    List<String> pruners;

    @Option(names = {"--sparsity", "--sparsities"}, split = ",", description = "Sparsities in [0,1), comma-"
            + "separated: fraction of weights (structured: of units) pruned.")
    List<Double> sparsities;

    @Option(names = "--finetune-epochs", description = "Maximum fine-tuning epochs after pruning or a treatment.")
    Integer finetuneEpochs;

    @Option(names = "--prune-rounds", description = "Rounds of the iterative pruners.")
    Integer pruneRounds;

    @Override
    public String heading() {
        return "Pruning";
    }

    @Override
    public void applyTo(AuditPlan.Builder b) {
        set(pruners, b::optPruners);
        set(sparsities, b::optSparsities);
        set(finetuneEpochs, b::optFinetuneEpochs);
        set(pruneRounds, b::optPruneRounds);
    }

    @Override
    public Map<String, Function<AuditConfig, Object>> defaults() {
        return Map.of("--pruners", AuditConfig::pruners, "--sparsity", AuditConfig::sparsities,
                "--finetune-epochs", c -> c.finetune().epochs(), "--prune-rounds", AuditConfig::pruneRounds);
    }
}
