package org.mia4j.data;

import java.util.List;
import java.util.Map;

/**
 * A labelled data pool held in memory: {@code size()} records of shape {@code recordShape()}, row-major floats.
 * Loaders build it; splits index into it; the trainer batches from it.
 */
public interface Dataset {

    String name();

    int size();

    /** Shape of one record, e.g. {446} for Location or {1, 28, 28} for MNIST. */
    int[] recordShape();

    int numClasses();

    /** Human-readable class names, {@code numClasses()} of them. */
    List<String> classNames();

    /** Label of record {@code i}, in [0, numClasses). */
    int label(int i);

    /** Number of floats in one record. */
    default int featureSize() {
        int n = 1;
        for (int d : recordShape()) {
            n *= d;
        }
        return n;
    }

    /** Copies the features of the records {@code idx} into one row-major array. */
    float[] features(int[] idx);

    /** Labels of the records {@code idx}. */
    default int[] labels(int[] idx) {
        int[] out = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = label(idx[i]);
        }
        return out;
    }

    /** How the features were derived from the files (encoding and scaling), for cache keys and provenance. */
    default String preprocessing() {
        return "none";
    }

    /** SHA-256 of every source file read, by file name: recorded in provenance. */
    Map<String, String> checksums();
}
