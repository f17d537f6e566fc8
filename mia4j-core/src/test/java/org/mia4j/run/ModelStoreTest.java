package org.mia4j.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.mia4j.model.Variant;

class ModelStoreTest {
    @Test
    void progressSaysWhatIsDoneToTheModel() {
        // a DP model trained from theta0 is not a pruning
        assertThat(ModelTraining.stepName(Variant.scratch("dp-sgd"), "target")).isEqualTo(
                "train target (dp-sgd from theta0)");
        assertThat(ModelTraining.stepName(Variant.pruning("l1-unstructured", 0.7), "shadow-0")).isEqualTo(
                "prune+fine-tune shadow-0");
    }
}
