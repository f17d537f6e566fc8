package org.mia4j.defense;

import ai.djl.ndarray.NDArray;
import org.mia4j.InvalidSetting;

import java.util.List;
import org.mia4j.Mia4jException;

/**
 * Settings of the training-time defenses and the factory for them by command-line name.
 *
 * @param ppbLambda weight of the KL term of Yuan &amp; Zhang's defense (their default 4)
 * @param relaxAlpha RelaxLoss target loss level (the authors use 1 for CIFAR-10, 0.8 Purchase, 2.5 Texas)
 * @param relaxUpper RelaxLoss cap on the true-class probability of the soft labels (1 = no cap)
 * @param relaxForm RelaxLoss flattening form: {@code auto} (image form for image data), {@code tabular}, {@code image}
 * @param smoothing label-smoothing epsilon
 * @param dpNoise DP-SGD's noise multiplier sigma
 * @param dpClip DP-SGD's per-example clipping norm C
 * @param dpDelta DP-SGD's delta, 0 for 1/n rounded down to a power of 10
 * @param dpEpsilon a target epsilon DP-SGD chooses sigma for, 0 to use {@code dpNoise}
 * @param advLambda weight of adversarial regularisation's inference gain
 * @param advSteps inference-model steps per model step of adversarial regularisation
 * @param dpRecipe DP-SGD's training recipe (epochs, expected batch, learning rate, micro-batch)
 */
public record DefenseOptions(double ppbLambda, double relaxAlpha, double relaxUpper, String relaxForm,
        double smoothing, double dpNoise, double dpClip, double dpDelta, double dpEpsilon, double advLambda,
        int advSteps, DpRecipe dpRecipe) {
    public static final List<String> NAMES = List.of("ppb", "relaxloss", "label-smoothing", "adv-reg", "dp-sgd",
            "dp-sgd-finetune");

    /** With DP-SGD's default recipe. */
    public DefenseOptions(double ppbLambda, double relaxAlpha, double relaxUpper, String relaxForm, double smoothing,
            double dpNoise, double dpClip, double dpDelta, double dpEpsilon, double advLambda, int advSteps) {
        this(ppbLambda, relaxAlpha, relaxUpper, relaxForm, smoothing, dpNoise, dpClip, dpDelta, dpEpsilon, advLambda,
                advSteps, DpRecipe.DEFAULT);
    }

    public DefenseOptions {
        if (!List.of("auto", "tabular", "image").contains(relaxForm)) {
            throw new InvalidSetting("relax-form", "must be auto, tabular or image, got '" + relaxForm + "'");
        }
        // the defenses' constructors validate their settings
        new PpbDefense(ppbLambda);
        new RelaxLoss(relaxAlpha, relaxUpper, RelaxLoss.Form.TABULAR);
        new LabelSmoothing(smoothing);
        new DpSgdDefense(true, dpNoise, dpClip, dpDelta, dpEpsilon, dpRecipe);
        new AdversarialRegularisation(advLambda, advSteps);
    }

    public static DefenseOptions defaults() {
        return new DefenseOptions(org.mia4j.Defaults.PPB_LAMBDA, org.mia4j.Defaults.RELAX_ALPHA,
                org.mia4j.Defaults.RELAX_UPPER, org.mia4j.Defaults.RELAX_FORM, org.mia4j.Defaults.SMOOTHING,
                org.mia4j.Defaults.DP_NOISE, org.mia4j.Defaults.DP_CLIP, 0, 0, org.mia4j.Defaults.ADV_LAMBDA,
                org.mia4j.Defaults.ADV_STEPS);
    }

    /**
     * The defense a spec names: {@code NAME} with these options, or {@code NAME@STRENGTH} with its strength set (ppb,
     * adv-reg: lambda; relaxloss: alpha; label-smoothing: epsilon; dp-sgd, dp-sgd-finetune: sigma, or
     * {@code eps=E} for a target epsilon), named after the spec. {@code imageData} decides RelaxLoss's auto form.
     */
    public Defense create(String spec, boolean imageData) {
        int at = spec.indexOf('@');
        if (at < 0) {
            return base(spec, imageData);
        }
        String name = spec.substring(0, at);
        String value = spec.substring(at + 1);
        base(name, imageData); // validates the name
        DefenseOptions o;
        try {
            boolean eps = value.startsWith("eps=");
            double v = Double.parseDouble(eps ? value.substring(4) : value);
            o = switch (name) {
                case "ppb" -> new DefenseOptions(v, relaxAlpha, relaxUpper, relaxForm, smoothing, dpNoise, dpClip,
                        dpDelta, dpEpsilon, advLambda, advSteps, dpRecipe);
                case "relaxloss" -> new DefenseOptions(ppbLambda, v, relaxUpper, relaxForm, smoothing, dpNoise, dpClip,
                        dpDelta, dpEpsilon, advLambda, advSteps, dpRecipe);
                case "label-smoothing" -> new DefenseOptions(ppbLambda, relaxAlpha, relaxUpper, relaxForm, v, dpNoise,
                        dpClip, dpDelta, dpEpsilon, advLambda, advSteps, dpRecipe);
                case "adv-reg" -> new DefenseOptions(ppbLambda, relaxAlpha, relaxUpper, relaxForm, smoothing, dpNoise,
                        dpClip, dpDelta, dpEpsilon, v, advSteps, dpRecipe);
                default -> eps ? new DefenseOptions(ppbLambda, relaxAlpha, relaxUpper, relaxForm, smoothing, dpNoise,
                        dpClip, dpDelta, v, advLambda, advSteps, dpRecipe)
                        : new DefenseOptions(ppbLambda, relaxAlpha, relaxUpper, relaxForm, smoothing, v, dpClip,
                                dpDelta, 0, advLambda, advSteps, dpRecipe);
            };
            if (eps && !name.startsWith("dp-sgd")) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new InvalidSetting("defenses", "'" + spec + "': expected NAME@NUMBER (dp-sgd also @eps=NUMBER)");
        } catch (InvalidSetting e) {
            throw new InvalidSetting("defenses", "'" + spec + "': " + e.setting() + " " + e.problem());
        }
        return new Tagged(o.base(name, imageData), spec);
    }

    private Defense base(String name, boolean imageData) {
        return switch (name) {
            case "ppb" -> new PpbDefense(ppbLambda);
            case "relaxloss" -> new RelaxLoss(relaxAlpha, relaxUpper, switch (relaxForm) {
                case "tabular" -> RelaxLoss.Form.TABULAR;
                case "image" -> RelaxLoss.Form.IMAGE;
                default -> imageData ? RelaxLoss.Form.IMAGE : RelaxLoss.Form.TABULAR;
            });
            case "label-smoothing" -> new LabelSmoothing(smoothing);
            case "adv-reg" -> new AdversarialRegularisation(advLambda, advSteps);
            case "dp-sgd" -> new DpSgdDefense(true, dpNoise, dpClip, dpDelta, dpEpsilon, dpRecipe);
            case "dp-sgd-finetune" -> new DpSgdDefense(false, dpNoise, dpClip, dpDelta, dpEpsilon, dpRecipe);
            default -> throw new Mia4jException("unknown defense '" + name + "'; expected one of " + NAMES
                    + ", each optionally NAME@STRENGTH, or an output mask " + OutputMask.NAMES);
        };
    }

    /** A defense named after the spec that chose its strength ({@code ppb@16}). */
    private record Tagged(Defense inner, String label) implements Defense {
        @Override
        public String name() {
            return label;
        }

        @Override
        public Defense base() {
            return inner.base();
        }

        @Override
        public boolean trainsFromScratch() {
            return inner.trainsFromScratch();
        }

        @Override
        public NDArray loss(NDArray logits, NDArray labels, int epoch) {
            return inner.loss(logits, labels, epoch);
        }

        @Override
        public void start(org.mia4j.model.Network net, org.mia4j.data.Dataset data, int[] train, int[] reference,
                long seed) {
            inner.start(net, data, train, reference, seed);
        }

        @Override
        public void beforeBatch(int[] batch) {
            inner.beforeBatch(batch);
        }

        @Override
        public void finish() {
            inner.finish();
        }

        @Override
        public java.util.Map<String, Object> settings() {
            java.util.Map<String, Object> s = new java.util.LinkedHashMap<>(inner.settings());
            s.put("name", label);
            return s;
        }
    }
}
