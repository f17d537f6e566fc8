package org.mia4j.experiment;

/**
 * A target model trained elsewhere: a TorchScript file that maps a batch of records to logits (or posteriors),
 * and which records of the pool it trained on.
 *
 * @param file the TorchScript ({@code .pt}) file
 * @param membersIndex file of the pool indices the model trained on (one per line, or a JSON list)
 * @param nonMembersIndex file of the pool indices it did not train on; empty: every other record of the pool
 * @param outputs {@code logits} (softmax applied here) or {@code posteriors}
 */
public record GivenModel(String file, String membersIndex, String nonMembersIndex, String outputs) {
    public GivenModel {
        nonMembersIndex = nonMembersIndex == null ? "" : nonMembersIndex;
        outputs = outputs == null ? org.mia4j.Defaults.MODEL_OUTPUTS : outputs;
        if (!outputs.equals("logits") && !outputs.equals("posteriors")) {
            throw new org.mia4j.Mia4jException("a given model's outputs are 'logits' or 'posteriors', got '"
                    + outputs + "'");
        }
    }
}
