package org.mia4j.run;

import java.util.Optional;
import org.mia4j.attack.AttackerKnowledge;
import org.mia4j.defense.OutputMask;
import org.mia4j.model.Variant;
import org.mia4j.outputs.ModelOutputs;
import org.mia4j.report.AuditResults.ModelRow;

/**
 * One target model handed to the attacks: its variant and description, its outputs on the audited records (with
 * membership, used only to measure the attacks), the pool index of each of those records, what the adversary
 * has to calibrate attacks on it, and the output mask it answers through, if any.
 */
public record AuditedModel(Variant variant, ModelRow row, ModelOutputs target, int[] recordIndex,
        AttackerKnowledge knowledge, Optional<OutputMask> mask) {

    /** A model that releases its posteriors. */
    public AuditedModel(Variant variant, ModelRow row, ModelOutputs target, int[] recordIndex,
            AttackerKnowledge knowledge) {
        this(variant, row, target, recordIndex, knowledge, Optional.empty());
    }

    /** Whether it releases only labels, so that attacks reading scores cannot run on it. */
    public boolean labelsOnly() {
        return mask.map(OutputMask::labelsOnly).orElse(false);
    }
}
