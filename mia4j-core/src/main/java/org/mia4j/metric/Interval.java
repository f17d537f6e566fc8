package org.mia4j.metric;

/** A two-sided confidence interval. */
public record Interval(double low, double high) {}
