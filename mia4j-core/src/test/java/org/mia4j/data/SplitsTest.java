package org.mia4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mia4j.Mia4jException;

class SplitsTest {

    private static Set<Integer> set(int[] a) {
        Set<Integer> s = new HashSet<>();
        for (int i : a) {
            s.add(i);
        }
        return s;
    }

    @Test
    void protocolSharesMatchMethodsNotes() {
        List<SplitIndices> s = Splits.protocol(5010, 5, 42);
        assertThat(s).hasSize(6);
        SplitIndices t = s.get(0);
        // half = 2505; train = round(0.55 * 2505) = 1378; dev = round(0.1818 * 1378) = 251
        assertThat(t.members().length + t.dev().length).isEqualTo(1378);
        assertThat(t.dev().length).isEqualTo(251);
        assertThat(t.nonMembers().length).isEqualTo(2505 - 1378);
    }

    @Test
    void targetAndShadowHalvesAreDisjointAndEachSplitIsDisjoint() {
        List<SplitIndices> s = Splits.protocol(1000, 3, 7);
        Set<Integer> target = new HashSet<>();
        SplitIndices t = s.get(0);
        for (int[] part : List.of(t.members(), t.dev(), t.nonMembers())) {
            target.addAll(set(part));
        }
        assertThat(target).hasSize(t.members().length + t.dev().length + t.nonMembers().length);
        for (SplitIndices sh : s.subList(1, s.size())) {
            Set<Integer> shadow = new HashSet<>(set(sh.members()));
            shadow.addAll(set(sh.dev()));
            shadow.addAll(set(sh.nonMembers()));
            assertThat(shadow).hasSize(500).doesNotContainAnyElementsOf(target);
            assertThat(set(sh.members())).doesNotContainAnyElementsOf(set(sh.nonMembers()))
                    .doesNotContainAnyElementsOf(set(sh.dev()));
        }
        // shadows draw different splits of the same half
        assertThat(s.get(1).members()).isNotEqualTo(s.get(2).members());
    }

    @Test
    void sameSeedSameSplitsOtherSeedOtherSplits() {
        assertThat(Splits.protocol(800, 2, 3)).isEqualTo(Splits.protocol(800, 2, 3));
        assertThat(Splits.protocol(800, 2, 3).get(0)).isNotEqualTo(Splits.protocol(800, 2, 4).get(0));
    }

    @Test
    void permutationIsAPermutation() {
        int[] p = Splits.permutation(1000, 1);
        int[] sorted = p.clone();
        Arrays.sort(sorted);
        assertThat(sorted).isEqualTo(IntStream.range(0, 1000).toArray());
        assertThat(p).isNotEqualTo(sorted);
    }

    @Test
    void indexFilesRoundTripAndRejectOutOfRangeIndices(@TempDir Path dir) throws Exception {
        SplitIndices s = Splits.protocol(200, 1, 9).get(1);
        Path f = dir.resolve("shadow-0.json");
        Splits.save(s, f);
        assertThat(Splits.load(f, 200)).isEqualTo(s);
        assertThatThrownBy(() -> Splits.load(f, 50)).isInstanceOf(Mia4jException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("outside the pool");
        Files.writeString(f, "{not json");
        assertThatThrownBy(() -> Splits.load(f, 200)).isInstanceOf(Mia4jException.class)
                .hasMessageContaining("cannot read split index file");
    }

    @Test
    void adversaryKnowledgeShrinksShadowDataAndOverlapsTheTargetMembers() {
        List<SplitIndices> full = Splits.protocol(2000, 2, 5);
        List<SplitIndices> small = Splits.protocol(2000, 2, 5, 0.5, 0.0);
        int fullSize = full.get(1).members().length + full.get(1).dev().length + full.get(1).nonMembers().length;
        int smallSize = small.get(1).members().length + small.get(1).dev().length + small.get(1).nonMembers().length;
        assertThat(smallSize).isEqualTo(fullSize / 2);
        assertThat(small.get(0)).isEqualTo(full.get(0)); // the target is unchanged

        List<SplitIndices> over = Splits.protocol(2000, 2, 5, 1.0, 0.3);
        Set<Integer> targetMembers = set(over.get(0).members());
        int[] shadowMembers = over.get(1).members();
        long shared = java.util.Arrays.stream(shadowMembers).filter(targetMembers::contains).count();
        assertThat(shared).isEqualTo(Math.round(0.3 * shadowMembers.length));
        assertThat(set(shadowMembers)).hasSize(shadowMembers.length); // no duplicates
        assertThatThrownBy(() -> Splits.protocol(2000, 1, 5, 0, 0)).isInstanceOf(Mia4jException.class)
                .hasMessageContaining("'shadow-fraction'");
        assertThatThrownBy(() -> Splits.protocol(2000, 1, 5, 1, 1.2)).isInstanceOf(Mia4jException.class)
                .hasMessageContaining("'shadow-overlap'");
    }

    @Test
    void tooSmallPoolIsAClearError() {
        assertThatThrownBy(() -> Splits.protocol(10, 1, 0)).isInstanceOf(Mia4jException.class)
                .hasMessageContaining("10 records");
    }
}
