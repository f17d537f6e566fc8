package org.mia4j.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mia4j.Progress;

/** The attack phase says how far an attack that trains a network is (it was silent for minutes). */
class AttackProgressTest {

    @Test
    void anAttackTrainingItsNetworkReportsItsEpochs() {
        Random rnd = new Random(5);
        List<String> said = Collections.synchronizedList(new ArrayList<>());
        Progress recording = (phase, total) -> new Progress.Task() {
            @Override
            public void step(long n) {}

            @Override
            public void message(String text) {
                said.add(phase + " | " + text);
            }

            @Override
            public void close() {}
        };
        ScoresAudit.Group target = new ScoresAudit.Group(JavaApiTest.posteriors(100, 0.9, rnd), new int[100],
                JavaApiTest.posteriors(100, 0.6, rnd), new int[100]);
        ScoresAudit.Group shadow = new ScoresAudit.Group(JavaApiTest.posteriors(100, 0.9, rnd), new int[100],
                JavaApiTest.posteriors(100, 0.6, rnd), new int[100]);
        ScoresAudit.builder().setTarget(target, 3).addShadow(shadow).optAttacks("nn").opt(org.mia4j.attack.NeuralAttack.EPOCHS, 3)
                .optBootstrap(0).build().run(recording);
        assertThat(said).contains("attacks | nn on original");
        assertThat(said).anyMatch(s -> s.matches("attacks \\| nn on original: epoch 1/3 dev acc \\d\\.\\d{3}"));
        assertThat(said).anyMatch(s -> s.startsWith("attacks | nn on original: epoch 3/3 dev acc"));
    }
}
