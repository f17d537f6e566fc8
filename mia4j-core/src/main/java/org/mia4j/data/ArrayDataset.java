package org.mia4j.data;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A {@link Dataset} backed by one float array (records row-major) and one label array. */
public final class ArrayDataset implements Dataset {
    private final String name;
    private final int[] recordShape;
    private final float[] features;
    private final int[] labels;
    private final List<String> classNames;
    private final Map<String, String> checksums;
    private final int featureSize;
    private final String preprocessing;

    public ArrayDataset(String name, int[] recordShape, float[] features, int[] labels, List<String> classNames,
            Map<String, String> checksums) {
        this(name, recordShape, features, labels, classNames, checksums, "none");
    }

    /** {@code preprocessing}: how the features were derived from the files (see {@link Dataset#preprocessing()}). */
    public ArrayDataset(String name, int[] recordShape, float[] features, int[] labels, List<String> classNames,
            Map<String, String> checksums, String preprocessing) {
        this.preprocessing = preprocessing;
        this.name = Objects.requireNonNull(name);
        this.recordShape = recordShape.clone();
        this.features = features;
        this.labels = labels;
        this.classNames = List.copyOf(classNames);
        this.checksums = Map.copyOf(checksums);
        int n = 1;
        for (int d : recordShape) {
            n *= d;
        }
        this.featureSize = n;
        if ((long) n * labels.length != features.length) {
            throw new IllegalArgumentException("features length " + features.length + " != " + labels.length
                    + " records x " + n + " floats");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classNames.size()) {
                throw new IllegalArgumentException("label " + labels[i] + " of record " + i + " outside [0,"
                        + classNames.size() + ")");
            }
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public int[] recordShape() {
        return recordShape.clone();
    }

    @Override
    public int numClasses() {
        return classNames.size();
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public int label(int i) {
        return labels[i];
    }

    @Override
    public int featureSize() {
        return featureSize;
    }

    @Override
    public float[] features(int[] idx) {
        float[] out = new float[idx.length * featureSize];
        for (int i = 0; i < idx.length; i++) {
            System.arraycopy(features, idx[i] * featureSize, out, i * featureSize, featureSize);
        }
        return out;
    }

    @Override
    public String preprocessing() {
        return preprocessing;
    }

    @Override
    public Map<String, String> checksums() {
        return checksums;
    }

    /** The records {@code idx} as a new data set (used to cap large pools). */
    public ArrayDataset subset(int[] idx) {
        int[] l = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            l[i] = labels[idx[i]];
        }
        return new ArrayDataset(name, recordShape, features(idx), l, classNames, checksums, preprocessing);
    }
}
