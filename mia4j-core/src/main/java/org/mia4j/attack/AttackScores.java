package org.mia4j.attack;

/**
 * Per-record output of an attack: a membership score (higher = more likely member; used for ROC metrics) and the
 * attack's own member/non-member decision (used for its accuracy).
 */
public record AttackScores(double[] scores, boolean[] decisions) {}
