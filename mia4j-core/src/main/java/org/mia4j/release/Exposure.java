package org.mia4j.release;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mia4j.report.ReleaseResults.ClassChange;
import org.mia4j.report.ReleaseResults.ExposedRecord;

/**
 * Who a release exposes: how each member's membership score rises from the original's strongest attack to a
 * set's. Two attacks' scores share no scale, so each score is read as the share of non-members scored below it
 * (ties count half): 0.99 means only 1% of non-members look more like members.
 */
final class Exposure {
    private Exposure() {}

    /** The top records by rise and the change per class. */
    record Result(List<ExposedRecord> top, List<ClassChange> perClass) {
        static final Result NONE = new Result(List.of(), List.of());
    }

    static Result of(double[] original, double[] set, boolean[] member, int[] labels, int[] recordIndex,
            List<String> classNames, int top, double fpr) {
        double[] before = percentiles(original, member);
        double[] after = percentiles(set, member);
        List<Integer> members = new ArrayList<>();
        for (int i = 0; i < member.length; i++) {
            if (member[i]) {
                members.add(i);
            }
        }
        // largest rise first; a stable sort keeps tied records in record order
        List<Integer> order = new ArrayList<>(members);
        order.sort((a, b) -> Double.compare(after[b] - before[b], after[a] - before[a]));
        List<ExposedRecord> out = new ArrayList<>();
        for (int i : order.subList(0, Math.min(top, order.size()))) {
            out.add(new ExposedRecord(out.size() + 1, recordIndex[i], classNames.get(labels[i]), before[i],
                    after[i], after[i] - before[i]));
        }
        int c = classNames.size();
        int[] n = new int[c];
        double[] rise = new double[c];
        int[] flaggedBefore = new int[c];
        int[] flaggedAfter = new int[c];
        double[] negBefore = negatives(original, member);
        double[] negAfter = negatives(set, member);
        for (int i : members) {
            int k = labels[i];
            n[k]++;
            rise[k] += after[i] - before[i];
            flaggedBefore[k] += flagged(negBefore, original[i], fpr) ? 1 : 0;
            flaggedAfter[k] += flagged(negAfter, set[i], fpr) ? 1 : 0;
        }
        List<ClassChange> perClass = new ArrayList<>();
        for (int k = 0; k < c; k++) {
            if (n[k] > 0) {
                perClass.add(new ClassChange(classNames.get(k), n[k], rise[k] / n[k], flaggedBefore[k] / (double) n[k],
                        flaggedAfter[k] / (double) n[k]));
            }
        }
        return new Result(List.copyOf(out), List.copyOf(perClass));
    }

    /** Each record's score as the share of non-members scored below it (ties half). */
    static double[] percentiles(double[] scores, boolean[] member) {
        double[] neg = negatives(scores, member);
        double[] out = new double[scores.length];
        for (int i = 0; i < scores.length; i++) {
            int below = lowerBound(neg, scores[i]);
            int notAbove = upperBound(neg, scores[i]);
            out[i] = (below + 0.5 * (notAbove - below)) / neg.length;
        }
        return out;
    }

    /** Whether a score is flagged at {@code fpr}: at most that share of non-members score as high. */
    private static boolean flagged(double[] sortedNegatives, double score, double fpr) {
        int atOrAbove = sortedNegatives.length - lowerBound(sortedNegatives, score);
        return atOrAbove <= fpr * sortedNegatives.length;
    }

    private static double[] negatives(double[] scores, boolean[] member) {
        return java.util.stream.IntStream.range(0, scores.length).filter(j -> !member[j]).mapToDouble(j -> scores[j])
                .sorted().toArray();
    }

    private static int lowerBound(double[] sorted, double x) {
        int i = Arrays.binarySearch(sorted, x);
        if (i < 0) {
            return -i - 1;
        }
        while (i > 0 && sorted[i - 1] == x) {
            i--;
        }
        return i;
    }

    private static int upperBound(double[] sorted, double x) {
        int i = Arrays.binarySearch(sorted, x);
        if (i < 0) {
            return -i - 1;
        }
        while (i < sorted.length && sorted[i] == x) {
            i++;
        }
        return i;
    }
}
