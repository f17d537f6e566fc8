package org.mia4j.cli;

import static org.mia4j.cli.PlanSection.set;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.mia4j.plan.AuditConfig;
import org.mia4j.plan.AuditPlan;
import picocli.CommandLine.Option;

/** The target's architecture and training recipe (shadow and reference models share it). */
final class ModelSection implements PlanSection {

    @Option(names = "--arch", description = "Architecture: column-fc, small-cnn, small-cnn-bn, small-cnn-gn, resnet18, "
            + "resnet18-gn (GroupNorm: trainable with DP-SGD) (default: "
            + "the data set's: column-fc for tabular data, small-cnn for 28x28 images, resnet18 for CIFAR).")
    String arch;

    @Option(names = "--hidden", split = ",", description = "Hidden layer sizes of column-fc, comma-separated.")
    List<Integer> hidden;

    @Option(names = "--epochs", description = "Maximum training epochs.")
    Integer epochs;

    @Option(names = "--patience", description = "Early-stopping patience in epochs on the dev set.")
    Integer patience;

    @Option(names = "--batch-size", description = "Batch size.")
    Integer batchSize;

    @Option(names = "--lr", description = "Adam learning rate.")
    Double lr;

    @Option(names = "--weight-decay", description = "Adam weight decay.")
    Double weightDecay;

    @Override
    public String heading() {
        return "Model and training";
    }

    @Override
    public void applyTo(AuditPlan.Builder b) {
        set(arch, b::optArchitecture);
        set(hidden, b::optHidden);
        set(epochs, b::optEpochs);
        set(patience, b::optPatience);
        set(batchSize, b::optBatchSize);
        set(lr, b::optLearningRate);
        set(weightDecay, b::optWeightDecay);
    }

    @Override
    public Map<String, Function<AuditConfig, Object>> defaults() {
        return Map.of("--hidden", AuditConfig::hidden,
                "--epochs", c -> c.training().epochs(),
                "--patience", c -> c.training().patience(),
                "--batch-size", c -> c.training().batchSize(),
                "--lr", c -> c.training().learningRate(),
                "--weight-decay", c -> c.training().weightDecay());
    }
}
