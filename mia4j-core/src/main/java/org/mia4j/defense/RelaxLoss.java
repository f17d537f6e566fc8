package org.mia4j.defense;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mia4j.Mia4jException;
import org.mia4j.Setting;
import org.mia4j.Settings;
import org.mia4j.train.Objective;

/**
 * RelaxLoss (Chen et al., ICLR 2022): keep the mean training loss near a target level alpha instead of 0. Even
 * epochs (from 0) descend |CE − alpha| (gradient ascent once below alpha); odd epochs descend CE while it is above
 * alpha and otherwise "flatten" the posteriors towards soft labels that keep the true-class probability (clamped
 * at {@code upper}) and spread the rest evenly. Two flattening forms exist in the authors' code: the tabular one
 * (soft-label CE) and the image one ((1 − correct)·soft-label CE − CE); {@link Form} picks, by default from the
 * data's shape. As in their code the soft labels are not detached.
 */
public final class RelaxLoss implements Defense {

    /** Which of the authors' posterior-flattening losses. */
    public enum Form {
        TABULAR, IMAGE
    }

    public static final Setting<Double> ALPHA = Setting.real("relax-alpha", 1.0, "RelaxLoss target loss level alpha "
            + "(the authors' CIFAR-10 value).").positive();
    public static final Setting<Double> UPPER = Setting.real("relax-upper", 1.0, "RelaxLoss cap on the soft labels' "
            + "true-class probability.").rule("in (0, 1]", u -> u > 0 && u <= 1);
    public static final Setting<String> FORM = Setting.text("relax-form", "auto", "RelaxLoss posterior flattening as "
            + "in the authors' tabular or image code: auto (image for CNNs), tabular, image.")
            .oneOf("auto", "tabular", "image");
    private final double alpha;
    private final double upper;
    private final Form form;

    public RelaxLoss(double alpha, double upper, Form form) {
        this.alpha = ALPHA.check(alpha);
        this.upper = UPPER.check(upper);
        this.form = form;
    }

    @Override
    public String name() {
        return "relaxloss";
    }

    @Override
    public boolean trainsFromScratch() {
        return true;
    }

    @Override
    public NDArray loss(NDArray logits, NDArray labels, int epoch) {
        NDArray ce = Objective.CROSS_ENTROPY.loss(logits, labels, epoch);
        if (epoch % 2 == 0) {
            return ce.sub((float) alpha).abs();
        }
        if (ce.getFloat() > alpha) {
            return ce;
        }
        int c = (int) logits.getShape().get(1);
        NDArray onehot = labels.oneHot(c);
        NDArray logp = logits.logSoftmax(1);
        NDArray pTrue = logp.exp().mul(onehot).sum(new int[] {1}, true).clip(0f, (float) upper);
        NDArray rest = pTrue.neg().add(1f).div((float) (c - 1));
        NDArray soft = onehot.mul(pTrue).add(onehot.neg().add(1f).mul(rest));
        NDArray softCe = soft.mul(logp).sum(new int[] {1}).neg();
        if (form == Form.TABULAR) {
            return softCe.mean();
        }
        NDArray ceEach = logp.mul(onehot).sum(new int[] {1}).neg();
        NDArray wrong = logits.argMax(1).eq(labels.toType(ai.djl.ndarray.types.DataType.INT64, false))
                .logicalNot().toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
        return wrong.mul(softCe).sub(ceEach).mean();
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name());
        m.put("alpha", alpha);
        m.put("upper", upper);
        m.put("form", form.name().toLowerCase(java.util.Locale.ROOT));
        return m;
    }

    /** Registers {@code relaxloss}; {@code relaxloss@A} sets its alpha. */
    public static final class Provider implements DefenseProvider {
        @Override
        public java.util.List<String> names() {
            return java.util.List.of("relaxloss");
        }

        @Override
        public java.util.List<Setting<?>> settings() {
            return java.util.List.of(ALPHA, UPPER, FORM);
        }

        @Override
        public Settings withStrength(String name, String value, Settings s) {
            return s.with(ALPHA, Double.parseDouble(value));
        }

        @Override
        public Defense create(String name, DefenseContext c) {
            return new RelaxLoss(c.get(ALPHA), c.get(UPPER), switch (c.get(FORM)) {
                case "tabular" -> Form.TABULAR;
                case "image" -> Form.IMAGE;
                default -> c.imageData() ? Form.IMAGE : Form.TABULAR;
            });
        }
    }
}
