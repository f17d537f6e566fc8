package org.mia4j.report;

/** The scores an attack gave members and non-members of one model, for the report's histograms. */
public record ScoreHistogram(String model, String attack, double[] members, double[] nonMembers) {}
