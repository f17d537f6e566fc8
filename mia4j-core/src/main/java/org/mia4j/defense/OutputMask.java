package org.mia4j.defense;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mia4j.InvalidSetting;

/**
 * A defense by post-processing: the model stays as trained and releases less of its answer (only the label, or
 * rounded posteriors). Attacks that read what is no longer released cannot run on it; label-only attacks still can,
 * which is what makes such a defense weaker than it looks (Choquette-Choo et al. 2021).
 */
public interface OutputMask {
    /** The names {@code --defenses} accepts for output masks ({@code D}: decimals). */
    List<String> NAMES = List.of("labels-only", "round@D");

    /** The name results show, as given ({@code round@2}). */
    String name();

    /** Whether only the predicted label is released (attacks reading scores cannot run). */
    boolean labelsOnly();

    /** What the model releases for rows of posteriors (n x C), as probabilities (rows summing to 1). */
    NDArray release(NDArray posteriors);

    Map<String, Object> settings();

    /** {@link #release} of row-major posteriors of {@code c} classes. */
    default float[] release(NDManager manager, float[] posteriors, int c) {
        try (NDManager m = manager.newSubManager()) {
            return release(m.create(posteriors, new Shape(posteriors.length / c, c))).toFloatArray();
        }
    }

    /** The mask a {@code --defenses} entry names, or empty when it names a training-time defense. */
    static Optional<OutputMask> parse(String spec) {
        if (spec.equals("labels-only")) {
            return Optional.of(new LabelsOnly());
        }
        if (spec.equals("round") || spec.startsWith("round@")) {
            String v = spec.startsWith("round@") ? spec.substring(6) : "";
            try {
                return Optional.of(new RoundedPosteriors(Integer.parseInt(v)));
            } catch (NumberFormatException e) {
                throw new InvalidSetting("defenses", "'" + spec + "': expected round@D, D the decimals kept (1 to "
                        + RoundedPosteriors.MAX_DECIMALS + ")");
            }
        }
        return Optional.empty();
    }
}
