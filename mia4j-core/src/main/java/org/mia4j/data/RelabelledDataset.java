package org.mia4j.data;

import java.util.List;
import java.util.Map;

/**
 * A data set whose records keep their features but some get another label (the one-run audit's canaries): the
 * labels of {@code records} become {@code labels}, everything else reads through to {@code base}.
 */
public final class RelabelledDataset implements Dataset {
    private final Dataset base;
    private final int[] labels;
    private final String change;

    public RelabelledDataset(Dataset base, int[] records, int[] newLabels, String change) {
        if (records.length != newLabels.length) {
            throw new IllegalArgumentException(records.length + " records but " + newLabels.length + " labels");
        }
        this.base = base;
        this.change = change;
        int[] all = new int[base.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        this.labels = base.labels(all);
        for (int i = 0; i < records.length; i++) {
            if (newLabels[i] < 0 || newLabels[i] >= base.numClasses()) {
                throw new IllegalArgumentException("label " + newLabels[i] + " outside [0," + base.numClasses() + ")");
            }
            labels[records[i]] = newLabels[i];
        }
    }

    @Override
    public String name() {
        return base.name();
    }

    @Override
    public int size() {
        return base.size();
    }

    @Override
    public int[] recordShape() {
        return base.recordShape();
    }

    @Override
    public int numClasses() {
        return base.numClasses();
    }

    @Override
    public List<String> classNames() {
        return base.classNames();
    }

    @Override
    public int label(int i) {
        return labels[i];
    }

    @Override
    public float[] features(int[] idx) {
        return base.features(idx);
    }

    @Override
    public String preprocessing() {
        return base.preprocessing() + "; " + change;
    }

    @Override
    public Map<String, String> checksums() {
        return base.checksums();
    }
}
