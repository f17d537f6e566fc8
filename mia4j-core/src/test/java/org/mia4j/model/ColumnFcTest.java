package org.mia4j.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mia4j.prune.PruningStats;

class ColumnFcTest {
    @Test
    void hiddenSizesShapeTheNetworkAndTheDefaultIsThePapers() {
        try (Network small = Network.create("s", Architecture.of("column-fc", List.of(16)), new int[] {10}, 3, 1);
                Network paper = Network.create("p", Architecture.COLUMN_FC, new int[] {10}, 3, 1);
                Network same = Network.create("q", Architecture.of("column-fc", List.of(256, 128)), new int[] {10}, 3,
                        1)) {
            assertThat(count(small)).isEqualTo(10 * 16 + 16 + 16 * 3 + 3);
            assertThat(count(paper)).isEqualTo(10 * 256 + 256 + 256 * 128 + 128 + 128 * 3 + 3);
            assertThat(count(same)).isEqualTo(count(paper));
            assertThat(PruningStats.of(small).sparsity()).isZero();
        }
    }

    static long count(Network n) {
        return n.block().getParameters().values().stream().mapToLong(p -> p.getArray().size()).sum();
    }
}
