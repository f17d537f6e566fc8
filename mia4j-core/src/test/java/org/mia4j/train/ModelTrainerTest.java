package org.mia4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mia4j.Mia4jException;
import org.mia4j.Progress;
import org.mia4j.data.Dataset;
import org.mia4j.data.LocationLoader;
import org.mia4j.data.SplitIndices;
import org.mia4j.data.Splits;
import org.mia4j.model.Architecture;
import org.mia4j.model.Network;

class ModelTrainerTest {
    static final Dataset DATA = LocationLoader.loadEmbedded();
    static final SplitIndices SPLIT = Splits.protocol(DATA.size(), 1, 1).get(0);

    static float[] trainAndPredict(long seed, TrainingConfig cfg) {
        try (Network n = Network.create("m", Architecture.COLUMN_FC, DATA.recordShape(), 30, seed)) {
            TrainingReport r = new ModelTrainer(cfg).train(n, DATA, SPLIT.members(), SPLIT.dev(), List.of(), seed,
                    Progress.SILENT.start("t", cfg.epochs()));
            assertThat(r.bestEpoch()).isBetween(1, r.epochsRun());
            assertThat(ModelTrainer.accuracy(n, DATA, SPLIT.dev())).isEqualTo(r.bestDevAccuracy());
            return n.posteriors(DATA.features(SPLIT.nonMembers()), SPLIT.nonMembers().length);
        }
    }

    @Test
    void trainingLearnsLocationWellAboveChance() {
        try (Network n = Network.create("m", Architecture.COLUMN_FC, DATA.recordShape(), 30, 4)) {
            double before = ModelTrainer.accuracy(n, DATA, SPLIT.nonMembers());
            new ModelTrainer(TrainingConfig.DEFAULT.withEpochs(8)).train(n, DATA, SPLIT.members(), SPLIT.dev(),
                    List.of(), 4, Progress.SILENT.start("t", 8));
            double train = ModelTrainer.accuracy(n, DATA, SPLIT.members());
            double test = ModelTrainer.accuracy(n, DATA, SPLIT.nonMembers());
            assertThat(before).isLessThan(0.15); // 30 classes
            assertThat(test).isGreaterThan(0.4);
            assertThat(train).isGreaterThan(test); // the generalisation gap that membership inference feeds on
        }
    }

    @Test
    void sameSeedGivesIdenticalModelsOtherSeedDoesNot() {
        TrainingConfig cfg = TrainingConfig.DEFAULT.withEpochs(3);
        float[] a = trainAndPredict(9, cfg);
        assertThat(trainAndPredict(9, cfg)).isEqualTo(a);
        assertThat(trainAndPredict(10, cfg)).isNotEqualTo(a);
    }

    @Test
    void earlyStoppingStopsAfterPatienceEpochsWithoutImprovement() {
        try (Network n = Network.create("m", Architecture.COLUMN_FC, DATA.recordShape(), 30, 2)) {
            TrainingReport r = new ModelTrainer(new TrainingConfig(200, 128, 1e-2, 0, 2)).train(n, DATA,
                    SPLIT.members(), SPLIT.dev(), List.of(), 2, Progress.SILENT.start("t", 200));
            assertThat(r.epochsRun()).isLessThan(200).isEqualTo(r.bestEpoch() + 2);
        }
    }

    @Test
    void invalidRecipesAreRejected() {
        assertThatThrownBy(() -> new TrainingConfig(0, 128, 1e-3, 0, 5)).isInstanceOf(Mia4jException.class)
                .hasMessageContaining("epochs");
        assertThatThrownBy(() -> new TrainingConfig(5, 128, -1, 0, 5)).isInstanceOf(Mia4jException.class)
                .hasMessageContaining("learning rate");
    }
}
