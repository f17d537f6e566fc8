package org.mia4j.experiment;

import org.mia4j.attack.AttackerKnowledge;
import org.mia4j.attack.ModelOutputs;
import org.mia4j.model.Variant;
import org.mia4j.report.AuditResults.ModelRow;

/**
 * One target model handed to the attacks: its variant and description, its outputs on the audited records (with
 * membership, used only to measure the attacks), the pool index of each of those records, and what the adversary
 * has to calibrate attacks on it.
 */
public record AuditedModel(Variant variant, ModelRow row, ModelOutputs target, int[] recordIndex,
        AttackerKnowledge knowledge) {}
