package org.mia4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.mia4j.Mia4jException;

/** The fixtures of src/test/resources/torchscript/make_tiny.py: a 4 -> 3 linear layer, W[k][j] = (k - j) / 4. */
class TorchScriptModelTest {
    static final float[] X = {1, -2, 0.5f, 3, 0, 0, 0, 0, -1, 2, 2, -0.5f};

    static Path fixture(String name) throws Exception {
        return Path.of(TorchScriptModelTest.class.getResource("/torchscript/" + name).toURI());
    }

    @Test
    void sparsityAndParameterCountAreMeasuredFromTheModulesTensors() throws Exception {
        try (TorchScriptModel m = TorchScriptModel.load(fixture("tiny.pt"), new int[] {4}, 3, "auto", X, 3)) {
            assertThat(m.parameterCount()).isEqualTo(4 * 3 + 3);
            assertThat(m.sparsity()).isEqualTo(3 / 12.0); // the diagonal k == j; the bias is not a weight
            assertThat(m.outputKind()).isEqualTo("logits");
        }
    }

    @Test
    void autoReadsASoftmaxModelAsPosteriorsExactlyAsWhenToldSo() throws Exception {
        try (TorchScriptModel auto = TorchScriptModel.load(fixture("tiny_posteriors.pt"), new int[] {4}, 3, "auto",
                X, 3);
                TorchScriptModel told = TorchScriptModel.load(fixture("tiny_posteriors.pt"), new int[] {4}, 3,
                        "posteriors", X, 3)) {
            assertThat(auto.outputKind()).isEqualTo("posteriors");
            assertThat(auto.posteriors(X, 3)).containsExactly(told.posteriors(X, 3));
        }
        assertThatThrownBy(() -> TorchScriptModel.load(fixture("tiny_posteriors.pt"), new int[] {4}, 3, "logits", X,
                3)).isInstanceOf(Mia4jException.class).hasMessageContaining("use --outputs posteriors");
    }

    @Test
    void aModelOfAnotherWidthIsRefusedWithTheShapesGivenAndExpected() throws Exception {
        // records of 5 columns for a model that takes 4: the engine's own words give both shapes
        assertThatThrownBy(() -> TorchScriptModel.load(fixture("tiny.pt"), new int[] {5}, 3, true))
                .isInstanceOf(Mia4jException.class)
                .hasMessageContaining("a forward pass on a batch of shape (2, 5) failed")
                .hasMessageContaining("2x5")
                .hasMessageContaining("4x3")
                .hasMessageNotContaining("The following operation failed");
    }
}
