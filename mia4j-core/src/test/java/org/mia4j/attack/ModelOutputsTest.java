package org.mia4j.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mia4j.Mia4jException;
import org.mia4j.outputs.ModelOutputs;

class ModelOutputsTest {

    @Test
    void rejectsNanRowsNotSummingToOneAndBadLabels() {
        assertThatThrownBy(() -> new ModelOutputs("m", new float[] {0.5f, Float.NaN}, 2, new int[] {0},
                new boolean[1])).isInstanceOf(Mia4jException.class).hasMessageContaining("record 0 class 1");
        assertThatThrownBy(() -> new ModelOutputs("m", new float[] {0.5f, 0.5f, 2f, -1f}, 2, new int[] {0, 1},
                new boolean[2])).isInstanceOf(Mia4jException.class).hasMessageContaining("record 1");
        assertThatThrownBy(() -> new ModelOutputs("m", new float[] {0.5f, 0.6f}, 2, new int[] {0},
                new boolean[1])).isInstanceOf(Mia4jException.class).hasMessageContaining("sum to 1.1");
        assertThatThrownBy(() -> new ModelOutputs("m", new float[] {0.5f, 0.5f}, 2, new int[] {2},
                new boolean[1])).isInstanceOf(Mia4jException.class).hasMessageContaining("label 2");
    }

    @Test
    void poolingKeepsOrderAndRejectsMismatchedClassCounts() {
        ModelOutputs a = new ModelOutputs("a", new float[] {1, 0}, 2, new int[] {0}, new boolean[] {true});
        ModelOutputs b = new ModelOutputs("b", new float[] {0, 1}, 2, new int[] {1}, new boolean[] {false});
        ModelOutputs ab = ModelOutputs.concat("ab", List.of(a, b));
        assertThat(ab.labels()).containsExactly(0, 1);
        assertThat(ab.members()).containsExactly(true, false);
        ModelOutputs c = new ModelOutputs("c", new float[] {1, 0, 0}, 3, new int[] {0}, new boolean[] {true});
        assertThatThrownBy(() -> ModelOutputs.concat("ac", List.of(a, c))).isInstanceOf(Mia4jException.class)
                .hasMessageContaining("3 classes");
    }

    @Test
    void unknownAttackNameListsTheKnownOnes() {
        AttackContext o = AttackContext.defaults(1);
        assertThat(AttackRegistry.parse("all", o).attacks()).hasSize(AttackRegistry.names().size());
        assertThat(AttackRegistry.parse("conf, mentr", o).attacks()).extracting(Attack::name)
                .containsExactly("conf", "mentr");
        assertThat(AttackRegistry.parse("all,conf", o).explicit()).containsExactly("conf");
        assertThatThrownBy(() -> AttackRegistry.parse("conf,lira2", o)).isInstanceOf(Mia4jException.class)
                .hasMessageContaining("unknown attack 'lira2'").hasMessageContaining("mentr");
    }
}
