package org.mia4j.defense;

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
 */
public record DefenseOptions(double ppbLambda, double relaxAlpha, double relaxUpper, String relaxForm,
        double smoothing, double dpNoise, double dpClip, double dpDelta, double dpEpsilon) {
    public static final List<String> NAMES = List.of("ppb", "relaxloss", "label-smoothing", "dp-sgd",
            "dp-sgd-finetune");

    public DefenseOptions {
        if (!List.of("auto", "tabular", "image").contains(relaxForm)) {
            throw new InvalidSetting("relax-form", "must be auto, tabular or image, got '" + relaxForm + "'");
        }
        // the defenses' constructors validate their settings
        new PpbDefense(ppbLambda);
        new RelaxLoss(relaxAlpha, relaxUpper, RelaxLoss.Form.TABULAR);
        new LabelSmoothing(smoothing);
        new DpSgdDefense(true, dpNoise, dpClip, dpDelta, dpEpsilon);
    }

    public static DefenseOptions defaults() {
        return new DefenseOptions(org.mia4j.Defaults.PPB_LAMBDA, org.mia4j.Defaults.RELAX_ALPHA,
                org.mia4j.Defaults.RELAX_UPPER, org.mia4j.Defaults.RELAX_FORM, org.mia4j.Defaults.SMOOTHING,
                org.mia4j.Defaults.DP_NOISE, org.mia4j.Defaults.DP_CLIP, 0, 0);
    }

    /** The defense named {@code name}; {@code imageData} decides RelaxLoss's {@code auto} form. */
    public Defense create(String name, boolean imageData) {
        return switch (name) {
            case "ppb" -> new PpbDefense(ppbLambda);
            case "relaxloss" -> new RelaxLoss(relaxAlpha, relaxUpper, switch (relaxForm) {
                case "tabular" -> RelaxLoss.Form.TABULAR;
                case "image" -> RelaxLoss.Form.IMAGE;
                default -> imageData ? RelaxLoss.Form.IMAGE : RelaxLoss.Form.TABULAR;
            });
            case "label-smoothing" -> new LabelSmoothing(smoothing);
            case "dp-sgd" -> new DpSgdDefense(true, dpNoise, dpClip, dpDelta, dpEpsilon);
            case "dp-sgd-finetune" -> new DpSgdDefense(false, dpNoise, dpClip, dpDelta, dpEpsilon);
            default -> throw new Mia4jException("unknown defense '" + name + "'; expected one of " + NAMES);
        };
    }
}
