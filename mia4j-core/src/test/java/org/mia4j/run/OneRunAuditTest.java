package org.mia4j.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.mia4j.InvalidSetting;
import org.mia4j.data.ArrayDataset;
import org.mia4j.data.RelabelledDataset;
import org.mia4j.data.SplitIndices;
import org.mia4j.data.Splits;

class OneRunAuditTest {

    private static ArrayDataset data(int n, int classes) {
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % classes;
        }
        List<String> names = java.util.stream.IntStream.range(0, classes).mapToObj(c -> "c" + c).toList();
        return new ArrayDataset("synthetic", new int[] {2}, new float[2 * n], labels, names, Map.of());
    }

    @Test
    void canariesComeFromOutsideTrainingAndDevWithAnotherLabelAndAboutHalfIn() {
        ArrayDataset d = data(4000, 5);
        SplitIndices s = Splits.protocol(d.size(), 1, 9).get(0);
        OneRunAudit.Canaries k = OneRunAudit.draw(d, s, 1000, 9);
        Set<Integer> used = Arrays.stream(s.members()).boxed().collect(Collectors.toSet());
        Arrays.stream(s.dev()).forEach(used::add);
        assertThat(Arrays.stream(k.records()).distinct().count()).isEqualTo(1000);
        int in = 0;
        int[] perClass = new int[5];
        for (int i = 0; i < 1000; i++) {
            assertThat(used).doesNotContain(k.records()[i]);
            assertThat(k.labels()[i]).isNotEqualTo(d.label(k.records()[i])).isBetween(0, 4);
            perClass[(k.labels()[i] - d.label(k.records()[i]) + 5) % 5]++;
            in += k.in()[i] ? 1 : 0;
        }
        assertThat(in).isBetween(450, 550); // Binomial(1000, 1/2): 3 standard deviations
        assertThat(perClass[0]).isZero();
        for (int shift = 1; shift < 5; shift++) {
            assertThat(perClass[shift]).isBetween(200, 300); // the other 4 labels, uniformly
        }
        OneRunAudit.Canaries again = OneRunAudit.draw(d, s, 1000, 9);
        assertThat(again.records()).isEqualTo(k.records());
        assertThat(again.labels()).isEqualTo(k.labels());
        assertThat(again.in()).isEqualTo(k.in());
        RelabelledDataset r = new RelabelledDataset(d, k.records(), k.labels(), "test");
        assertThat(r.label(k.records()[0])).isEqualTo(k.labels()[0]);
        assertThat(r.label(s.members()[0])).isEqualTo(d.label(s.members()[0]));
    }

    @Test
    void moreCanariesThanRecordsOutsideTrainingIsRefused() {
        ArrayDataset d = data(100, 3);
        SplitIndices s = Splits.protocol(d.size(), 1, 1).get(0);
        int outside = d.size() - s.members().length - s.dev().length;
        assertThat(OneRunAudit.draw(d, s, outside, 1).records()).hasSize(outside);
        assertThatThrownBy(() -> OneRunAudit.draw(d, s, outside + 1, 1)).isInstanceOf(InvalidSetting.class)
                .hasMessageContaining("use at most " + outside);
    }
}
