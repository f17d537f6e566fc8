package org.mia4j.attack;

import java.util.Optional;
import org.mia4j.Mia4jException;
import org.mia4j.outputs.ModelOutputs;

/**
 * What the adversary has when calibrating an attack: the pooled outputs of its shadow models (membership known)
 * and, when trained, reference models over the audited records (LiRA, RMIA).
 */
public record AttackerKnowledge(ModelOutputs shadows, Optional<ReferenceOutputs> references) {

    /** The pooled shadow outputs; a clear error when the adversary has no shadow models. */
    @Override
    public ModelOutputs shadows() {
        if (shadows == null) {
            throw new Mia4jException("this attack is calibrated on shadow models' outputs, and there are "
                    + "none");
        }
        return shadows;
    }

    public boolean hasShadows() {
        return shadows != null;
    }

    /** An adversary with reference models (or nothing) but no shadow models. */
    public static AttackerKnowledge withoutShadows(Optional<ReferenceOutputs> references) {
        return new AttackerKnowledge(null, references);
    }

    public static AttackerKnowledge shadowsOnly(ModelOutputs shadows) {
        return new AttackerKnowledge(shadows, Optional.empty());
    }

    /** The reference models, or a clear error naming the attack that needs them. */
    public ReferenceOutputs requireReferences(String attack, int min) {
        ReferenceOutputs r = references.orElseThrow(() -> new Mia4jException("attack " + attack
                + " needs reference models; run with --references N (N >= " + min + ")"));
        r.require(attack, min);
        return r;
    }
}
