package org.mia4j.defense;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mia4j.Setting;
import org.mia4j.Settings;
import org.mia4j.privacy.RdpAccountant;
import org.mia4j.train.DpSgd;
import org.mia4j.train.Objective;

/**
 * DP-SGD as a defense. {@code dp-sgd} trains the model privately from its initial weights and fine-tunes its pruned
 * variants privately too, so its epsilon covers every step that touched the training data; {@code dp-sgd-finetune}
 * (what the seed's {@code prune_dp.py} does) makes only the fine-tuning of a non-private model private, and its
 * epsilon covers that fine-tuning, not the model. The objective stays cross-entropy; what changes is how gradients
 * are made ({@link DpSgd}) and the recipe ({@link DpRecipe}): every private epoch runs, so a sigma chosen for a
 * target epsilon buys exactly the steps taken.
 *
 * @param wholeTraining {@code dp-sgd} (true) or {@code dp-sgd-finetune}
 * @param noise the noise multiplier sigma, used unless {@code epsilon} is set
 * @param clip the per-example clipping norm C
 * @param delta the delta of the guarantee; 0 for the default, 1/n rounded down to a power of 10
 * @param epsilon a target epsilon for which sigma is chosen; 0 to use {@code noise}
 * @param recipe the private training's epochs, expected batch, learning rate and micro-batch
 */
public record DpSgdDefense(boolean wholeTraining, double noise, double clip, double delta, double epsilon,
        DpRecipe recipe) implements Defense {
    public static final Setting<Double> NOISE = Setting.real("dp-noise", 1.0, "DP-SGD noise multiplier sigma (noise "
            + "std = sigma x clip).").positive();
    public static final Setting<Double> CLIP = Setting.real("dp-clip", 1.0, "DP-SGD per-example gradient clipping "
            + "norm C.").positive();
    public static final Setting<Double> DELTA = Setting.real("dp-delta", 0.0, "DP-SGD delta; when not given, 1/n "
            + "rounded down to a power of 10, n the model's training records.").rule("in (0,1)", d -> d > 0 && d < 1);
    public static final Setting<Double> EPSILON = Setting.real("dp-epsilon", 0.0, "A target epsilon: DP-SGD chooses "
            + "the smallest sigma that keeps every private step within it (instead of --dp-noise): the --dp-epochs "
            + "of the private model plus the --dp-finetune-epochs of its prunings' private fine-tuning, all of which "
            + "run.").positive();

    /** With the default recipe. */
    public DpSgdDefense(boolean wholeTraining, double noise, double clip, double delta, double epsilon) {
        this(wholeTraining, noise, clip, delta, epsilon, DpRecipe.DEFAULT);
    }

    public DpSgdDefense {
        new DpSgd(noise, clip); // validates both
        if (recipe == null) {
            throw new IllegalArgumentException("recipe is null");
        }
        if (delta != 0) { // 0: 1/n
            DELTA.check(delta);
        }
        if (epsilon != 0) { // 0: sigma as given
            EPSILON.check(epsilon);
        }
    }

    /** The DP-SGD defense behind an objective, if it is one (named by a strength spec or not). */
    public static java.util.Optional<DpSgdDefense> of(Objective o) {
        return o instanceof Defense d && d.base() instanceof DpSgdDefense dp ? java.util.Optional.of(dp)
                : java.util.Optional.empty();
    }

    @Override
    public String name() {
        return wholeTraining ? "dp-sgd" : "dp-sgd-finetune";
    }

    @Override
    public NDArray loss(NDArray logits, NDArray labels, int epoch) {
        return Objective.CROSS_ENTROPY.loss(logits, labels, epoch);
    }

    @Override
    public boolean trainsFromScratch() {
        return wholeTraining;
    }

    /** What the guarantee covers: {@code whole-training} or {@code fine-tune-only}. */
    public String scope() {
        return wholeTraining ? "whole-training" : "fine-tune-only";
    }

    /** The delta for a model trained on {@code records} records. */
    public double delta(int records) {
        return delta > 0 ? delta : RdpAccountant.defaultDelta(records);
    }

    /** The sampling rate of a step on {@code records} records: the expected batch over the records. */
    public double samplingRate(int records) {
        return Math.min(1, recipe.batch() / (double) records);
    }

    /** The steps of {@code epochs} private epochs on {@code records} records: one expected pass each. */
    public long steps(int records, int epochs) {
        return (long) epochs * stepsPerEpoch(records, recipe.batch());
    }

    /** Steps in one private epoch: one expected pass over the records (what {@code ModelTrainer} runs). */
    public static long stepsPerEpoch(int records, int batch) {
        return (long) Math.ceil(records / (double) batch);
    }

    /**
     * The mechanism for a model trained on {@code records} records over {@code steps} private steps in all (every
     * phase of its chain): sigma as given, or the smallest that keeps exactly those steps within the target epsilon.
     */
    public DpSgd mechanism(int records, long steps) {
        if (epsilon == 0) {
            return new DpSgd(noise, clip, recipe.microBatch());
        }
        return new DpSgd(RdpAccountant.noiseFor(epsilon, delta(records), samplingRate(records), steps), clip,
                recipe.microBatch());
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("name", name());
        if (epsilon > 0) {
            s.put("target_epsilon", epsilon);
        } else {
            s.put("noise_multiplier", noise);
        }
        s.put("clip", clip);
        s.put("delta", delta);
        s.put("recipe", recipe.settings());
        return s;
    }

    /**
     * Registers {@code dp-sgd} and {@code dp-sgd-finetune}; {@code @SIGMA} sets the noise multiplier, {@code @eps=E}
     * a target epsilon.
     */
    public static final class Provider implements DefenseProvider {
        @Override
        public java.util.List<String> names() {
            return java.util.List.of("dp-sgd", "dp-sgd-finetune");
        }

        @Override
        public java.util.List<Setting<?>> settings() {
            java.util.List<Setting<?>> out = new java.util.ArrayList<>(java.util.List.of(NOISE, CLIP, DELTA, EPSILON));
            out.addAll(DpRecipe.SETTINGS);
            return out;
        }

        @Override
        public Settings withStrength(String name, String value, Settings s) {
            return value.startsWith("eps=") ? s.with(EPSILON, Double.parseDouble(value.substring(4)))
                    : s.with(NOISE, Double.parseDouble(value)).without(EPSILON);
        }

        @Override
        public Defense create(String name, DefenseContext c) {
            return new DpSgdDefense(name.equals("dp-sgd"), c.get(NOISE), c.get(CLIP), c.get(DELTA), c.get(EPSILON),
                    DpRecipe.of(c));
        }
    }
}
