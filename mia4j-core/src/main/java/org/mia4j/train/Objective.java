package org.mia4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import java.util.Map;
import org.mia4j.data.Dataset;
import org.mia4j.model.Network;

/**
 * The loss a trainer minimises on one batch. Plain cross-entropy by default; training-time defenses (RelaxLoss,
 * the KL defense, label smoothing) are objectives too, so every trainer and fine-tuning can use any of them.
 */
public interface Objective {

    /** Mean cross-entropy of the logits against the integer labels. */
    Objective CROSS_ENTROPY = new Objective() {
        private final Loss ce = Loss.softmaxCrossEntropyLoss();

        @Override
        public String name() {
            return "cross-entropy";
        }

        @Override
        public NDArray loss(NDArray logits, NDArray labels, int epoch) {
            return ce.evaluate(new NDList(labels), new NDList(logits));
        }
    };

    /** Name used on the command line and in results. */
    String name();

    /**
     * The scalar loss of one batch: {@code logits} (batch, classes), {@code labels} (batch) as int32, {@code epoch}
     * counted from 0 (RelaxLoss alternates by epoch).
     */
    NDArray loss(NDArray logits, NDArray labels, int epoch);

    /**
     * Called before training {@code net} on {@code train}; {@code reference} are records it does not train on (its
     * dev set), for objectives that need non-members (adversarial regularisation). Closed by {@link #finish()}.
     */
    default void start(Network net, Dataset data, int[] train, int[] reference,
            long seed) {}

    /** Called before each batch of {@code batch} records is forwarded (before its gradient is recorded). */
    default void beforeBatch(int[] batch) {}

    /** Releases what {@link #start} made. */
    default void finish() {}

    /** The settings that determine this objective's result (recorded in cache keys and results). */
    default Map<String, Object> settings() {
        return Map.of("name", name());
    }
}
