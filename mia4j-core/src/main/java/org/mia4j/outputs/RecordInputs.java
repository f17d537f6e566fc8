package org.mia4j.outputs;

/**
 * The records themselves, for attacks that model the score a record would get as a non-member from the record
 * (QMIA): the audited records' features (row-major, {@code width} values each), and the population records'
 * features and labels.
 */
public record RecordInputs(float[] features, int width, float[] populationFeatures, int[] populationLabels) {}
