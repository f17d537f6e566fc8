package org.mia4j.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mia4j.metric.RocCurve;
import org.mia4j.outputs.ModelOutputs;
import org.mia4j.train.TrainingConfig;

class VersionAttackTest {

    /**
     * Outputs where the compressed version alone says nothing about membership (true-class confidence 0.6 either
     * way) but the original does (0.9 for members): only an attack that sees both versions can tell.
     */
    private static ModelOutputs outputs(String name, int n, long seed) {
        Random rnd = new Random(seed);
        float[] compressed = new float[2 * n];
        float[] original = new float[2 * n];
        int[] labels = new int[n];
        boolean[] member = new boolean[n];
        for (int i = 0; i < n; i++) {
            member[i] = i % 2 == 0;
            labels[i] = rnd.nextInt(2);
            float pc = (float) Math.min(0.99, Math.max(0.01, 0.6 + 0.05 * rnd.nextGaussian()));
            float po = (float) Math.min(0.99, Math.max(0.01, (member[i] ? 0.9 : 0.6) + 0.05 * rnd.nextGaussian()));
            compressed[2 * i + labels[i]] = pc;
            compressed[2 * i + 1 - labels[i]] = 1 - pc;
            original[2 * i + labels[i]] = po;
            original[2 * i + 1 - labels[i]] = 1 - po;
        }
        return new ModelOutputs(name, compressed, 2, labels, member, Map.of(VersionAttack.ORIGINAL, original),
                new float[0]);
    }

    @Test
    void seeingTheOriginalNextToTheCompressedVersionFindsWhatNeitherAloneShows() {
        ModelOutputs shadows = outputs("shadows", 2000, 1);
        ModelOutputs target = outputs("target", 2000, 2);
        AttackerKnowledge k = AttackerKnowledge.shadowsOnly(shadows);
        TrainingConfig t = TrainingConfig.DEFAULT.withEpochs(15);
        VersionAttack sr = new VersionAttack(false, t, 3);
        assertThat(sr.appliesTo(target.observations(), k)).isTrue();
        double[] versions;
        double[] alone;
        try (Attack.Fitted f = sr.fit(k)) {
            versions = f.score(target.observations()).scores();
        }
        try (Attack.Fitted f = new NnAttack(t, 3).fit(k)) {
            alone = f.score(target.observations()).scores();
        }
        double aucVersions = RocCurve.of(versions, target.members()).auc();
        double aucAlone = RocCurve.of(alone, target.members()).auc();
        assertThat(aucVersions).isGreaterThan(0.95);
        assertThat(aucAlone).isBetween(0.4, 0.6);
        // no other version, no attack; the multi-version one needs at least two other versions
        ModelOutputs plain = new ModelOutputs("t", target.posteriors(), 2, target.labels(), target.members());
        assertThat(sr.appliesTo(plain.observations(), k)).isFalse();
        assertThat(new VersionAttack(true, t, 3).appliesTo(target.observations(), k)).isFalse();
        assertThat(new VersionAttack(true, false, t, 3).appliesTo(target.observations(), k)).isFalse();
        // without the original, only the other compressed versions are read
        ModelOutputs three = new ModelOutputs("t", target.posteriors(), 2, target.labels(), target.members(),
                Map.of(VersionAttack.ORIGINAL, target.posteriors(), VersionAttack.PREFIX + "a", target.posteriors(),
                        VersionAttack.PREFIX + "b", target.posteriors()), new float[0]);
        VersionAttack compressedOnly = new VersionAttack(true, false, t, 3);
        assertThat(compressedOnly.features(three.observations())).hasSize(three.size() * 3 * 2);
        assertThat(new VersionAttack(true, t, 3).features(three.observations())).hasSize(three.size() * 4 * 2);
    }

    @Test
    void theTargetsMembershipNeverReachesIt() {
        // the same target outputs with the membership flags inverted: identical scores, so nothing of the target's
        // truth is read (it only evaluates the scores afterwards)
        ModelOutputs shadows = outputs("shadows", 1000, 1);
        ModelOutputs target = outputs("target", 1000, 2);
        boolean[] inverted = new boolean[target.size()];
        for (int i = 0; i < inverted.length; i++) {
            inverted[i] = !target.members()[i];
        }
        ModelOutputs flipped = new ModelOutputs("target", target.posteriors(), 2, target.labels(), inverted,
                target.probes(), new float[0]);
        TrainingConfig t = TrainingConfig.DEFAULT.withEpochs(5);
        double[] a;
        double[] b;
        try (Attack.Fitted f = new VersionAttack(false, t, 3).fit(AttackerKnowledge.shadowsOnly(shadows))) {
            a = f.score(target.observations()).scores();
            b = f.score(flipped.observations()).scores();
        }
        assertThat(b).containsExactly(a);
    }
}
