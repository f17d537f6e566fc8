package org.mia4j.train;

/**
 * A rule the trainer enforces around every optimizer step: pruning masks keep pruned weights at exactly 0,
 * critical-weight rewinding keeps frozen weights at theta0. Adam's moments and weight decay move coordinates whose
 * gradient is zero, so the values must be re-set after each step, not only masked in the gradient.
 */
public interface StepConstraint {

    /** Called after backward, before the optimizer step (e.g. zero the gradients of fixed coordinates). */
    default void beforeStep() {}

    /** Called after the optimizer step (re-set the fixed coordinates). */
    void afterStep();
}
