package org.mia4j.defense;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.mia4j.InvalidSetting;
import org.mia4j.Mia4jException;
import org.mia4j.critical.ScoreAnalysis;
import org.mia4j.model.Network;
import org.mia4j.model.ParamSet;
import org.mia4j.model.Variant;
import org.mia4j.prune.Mask;
import org.mia4j.prune.Pruner;
import org.mia4j.prune.PruningContext;

/**
 * Critical Weights Rewinding and Fine-tuning (Fang &amp; Kim, ICLR 2026) and its ablations. The top {@code ratio}
 * of all trainable weights by privacy-vulnerability score (PVE, computed once per target and shared through the
 * context under {@link #SCORES}) are chosen globally; then, by {@link Mode}:
 * A3 = CWRF rewinds them to theta0 and freezes them while the rest is fine-tuned; A1 zeroes and freezes them;
 * A2 rewinds them and fine-tunes only them; REINIT sets them to fresh random initial values, PERMUTE shuffles
 * their trained values among their positions ("location, not value"), both frozen. Frozen values are re-set after
 * every optimizer step, so weight decay and Adam's moments cannot move them. Fine-tuning restarts the learning
 * rate with cosine annealing (the recipe lives with the variant, {@code plan.VariantRecipe}).
 */
public final class Cwrf implements Pruner {
    /** Context key of the per-parameter PVE scores ({@code Map<String, float[]>}) of the network being defended. */
    public static final String SCORES = "pve-scores";

    /** Which treatment of the chosen weights. */
    public enum Mode {
        A1("a1-zero"), A2("a2-rewind-only"), A3("cwrf"), REINIT("reinit"), PERMUTE("permute"),
        /** Baseline: fine-tune with the same recipe, nothing rewound or frozen. */
        FINETUNE("finetune");

        final String cliName;

        Mode(String cliName) {
            this.cliName = cliName;
        }

        public static Mode of(String name) {
            for (Mode m : values()) {
                if (m.cliName.equals(name)) {
                    return m;
                }
            }
            throw new Mia4jException("unknown critical-weight treatment '" + name + "'; expected one of "
                    + java.util.Arrays.stream(values()).map(m -> m.cliName).toList());
        }

        public String cliName() {
            return cliName;
        }
    }

    private final Mode mode;
    private final double ratio;

    public Cwrf(Mode mode, double ratio) {
        if (mode != Mode.FINETUNE && !(ratio > 0 && ratio < 1)) {
            throw new InvalidSetting("ratios", "must be in (0, 1), got " + ratio);
        }
        this.mode = mode;
        this.ratio = ratio;
    }

    @Override
    public Variant variant() {
        return Variant.treatment(mode.cliName, mode == Mode.FINETUNE ? Double.NaN : ratio);
    }

    @Override
    public boolean readsCriticalScores() {
        return true;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Mask prune(Network net, PruningContext ctx) {
        Map<String, float[]> scores = (Map<String, float[]>) ctx.shared().get(SCORES);
        if (scores == null) {
            throw new Mia4jException(name() + ": privacy-vulnerability scores of this model were not computed");
        }
        // global top-ratio over all scored weights
        ScoreAnalysis.Flat flat = ScoreAnalysis.flatten(scores, Map.of());
        boolean[] chosen = new boolean[flat.values().length];
        if (mode != Mode.FINETUNE) {
            for (int i : ScoreAnalysis.top(flat.values(), ratio)) {
                chosen[i] = true;
            }
        }
        NDManager mm = net.manager().newSubManager();
        NDManager hm = net.manager().newSubManager();
        Map<String, NDArray> masks = new LinkedHashMap<>();
        Map<String, NDArray> held = new LinkedHashMap<>();
        Random rnd = new Random(ctx.seed());
        int offset = 0;
        try (Network fresh = mode == Mode.REINIT ? Network.create("reinit", net.architecture(), net.recordShape(),
                net.numClasses(), ctx.seed() + 31) : null) {
            for (Pair<String, Parameter> p : net.block().getParameters()) {
                float[] s = scores.get(p.getKey());
                if (s == null) {
                    continue;
                }
                NDArray w = p.getValue().getArray();
                float[] now = w.toFloatArray();
                float[] init = net.theta0().arrays().get(p.getKey()).toFloatArray();
                float[] m = new float[now.length];
                float[] v = new float[now.length];
                java.util.List<Integer> pos = new java.util.ArrayList<>();
                for (int i = 0; i < now.length; i++) {
                    boolean c = chosen[offset + i];
                    if (c) {
                        pos.add(i);
                    }
                    switch (mode) {
                        case A1 -> { // zero and freeze the chosen
                            m[i] = c ? 0 : 1;
                            v[i] = 0;
                        }
                        case A3 -> { // rewind and freeze the chosen
                            m[i] = c ? 0 : 1;
                            v[i] = init[i];
                        }
                        case A2 -> { // rewind the chosen and train only them: freeze everything else as trained
                            m[i] = c ? 1 : 0;
                            v[i] = now[i];
                            if (c) {
                                now[i] = init[i];
                            }
                        }
                        case REINIT, PERMUTE, FINETUNE -> {
                            m[i] = c ? 0 : 1;
                            v[i] = now[i];
                        }
                    }
                }
                if (mode == Mode.REINIT) {
                    float[] f = fresh.block().getParameters().get(p.getKey()).getArray().toFloatArray();
                    pos.forEach(i -> v[i] = f[i]);
                } else if (mode == Mode.PERMUTE) {
                    java.util.List<Integer> shuffled = new java.util.ArrayList<>(pos);
                    java.util.Collections.shuffle(shuffled, rnd);
                    for (int k = 0; k < pos.size(); k++) {
                        v[pos.get(k)] = now[shuffled.get(k)];
                    }
                }
                if (mode == Mode.A2) {
                    w.set(now);
                }
                masks.put(p.getKey(), mm.create(m, w.getShape()));
                held.put(p.getKey(), hm.create(v, w.getShape()));
                offset += now.length;
            }
        }
        Mask mask = new Mask(net, new ParamSet(mm, masks), new ParamSet(hm, held));
        mask.apply();
        return mask;
    }
}
