package org.mia4j.prune;

import java.util.function.DoubleFunction;
import org.mia4j.InvalidSetting;
import org.mia4j.Mia4jException;
import org.mia4j.model.Network;
import org.mia4j.model.Variant;

/**
 * Iterative pruning (Han et al. 2015): k rounds, round r pruning to sparsity 1 - (1 - s)^(r/k) with the base
 * method and fine-tuning with the mask held before the next round; the caller fine-tunes after the last round.
 * Weights pruned earlier have zero importance, so they stay pruned.
 */
public final class IterativePruner implements Pruner {
    private final String baseName;
    private final DoubleFunction<Pruner> base;
    private final double sparsity;
    private final int rounds;

    public IterativePruner(String baseName, DoubleFunction<Pruner> base, double sparsity, int rounds) {
        if (rounds < 1) {
            throw new InvalidSetting("prune-rounds", "must be >= 1, got " + rounds);
        }
        this.baseName = baseName;
        this.base = base;
        this.sparsity = PrunerRegistry.checkSparsity(sparsity);
        this.rounds = rounds;
    }

    @Override
    public Variant variant() {
        return Variant.pruning("iterative-" + baseName + "x" + rounds, sparsity);
    }

    /** Sparsity after round r of k. */
    static double schedule(double s, int r, int k) {
        return 1 - Math.pow(1 - s, r / (double) k);
    }

    @Override
    public void validate(Network net) {
        base.apply(sparsity).validate(net);
    }

    @Override
    public Mask prune(Network net, PruningContext ctx) {
        Mask mask = null;
        for (int r = 1; r <= rounds; r++) {
            if (mask != null) {
                mask.close();
            }
            mask = base.apply(schedule(sparsity, r, rounds)).prune(net, ctx);
            if (r < rounds) {
                ctx.fineTune().accept(mask);
            }
        }
        return mask;
    }

    @Override
    public boolean readsTrainingData() {
        return true;
    }

    /** Registers {@code iterative-<pruner>}: any pruning by name, in rounds. */
    public static final class Provider implements PrunerProvider {
        @Override
        public java.util.List<String> names() {
            return java.util.List.of("iterative-<pruner>");
        }

        @Override
        public java.util.Optional<Pruner> create(String name, double sparsity, int rounds) {
            if (!name.startsWith("iterative-")) {
                return java.util.Optional.empty();
            }
            String baseName = name.substring("iterative-".length());
            PrunerRegistry.create(baseName, sparsity, 1); // validates the base name
            return java.util.Optional.of(new IterativePruner(baseName, s -> PrunerRegistry.create(baseName, s, 1),
                    sparsity, rounds));
        }
    }
}
