package org.mia4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mia4j.InvalidSetting;

class ClassOrderTest {

    @Test
    void labelsAreRenumberedToTheModelsOrderAndTheOrderKeysTheData(@TempDir Path dir) throws Exception {
        // alphabetical: one (0), two (1), zero (2); the model's: zero, one, two
        Dataset d = new ArrayDataset("t", new int[] {1}, new float[] {1, 2, 3}, new int[] {2, 0, 1},
                List.of("one", "two", "zero"), Map.of());
        Path file = Files.writeString(dir.resolve("classes.txt"), "zero\none\n\ntwo\n");
        List<String> order = ClassOrder.parse(file.toString());
        assertThat(order).containsExactly("zero", "one", "two");
        assertThat(ClassOrder.parse("zero, one,two")).isEqualTo(order);
        Dataset r = ClassOrder.apply(d, order);
        assertThat(r.labels(new int[] {0, 1, 2})).containsExactly(0, 1, 2);
        assertThat(r.classNames()).isEqualTo(order);
        assertThat(r.features(new int[] {2})).containsExactly(3f);
        assertThat(r.preprocessing()).isNotEqualTo(d.preprocessing());
        assertThat(ClassOrder.apply(d, d.classNames())).isSameAs(d);
        // a wider model: a class with no record keeps its output
        assertThat(ClassOrder.apply(d, List.of("x", "zero", "one", "two")).numClasses()).isEqualTo(4);
        assertThatThrownBy(() -> ClassOrder.apply(d, List.of("zero", "one"))).isInstanceOf(InvalidSetting.class)
                .hasMessageContaining("'two'");
        assertThat(ClassOrder.integers(List.of("1", "3"))).containsExactly("0", "1", "2", "3");
        assertThat(ClassOrder.integers(List.of("1", "a"))).isEmpty();
    }
}
