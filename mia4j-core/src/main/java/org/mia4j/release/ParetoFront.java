package org.mia4j.release;

import java.util.List;

/**
 * The Pareto front over (risk, accuracy, size reduction): a point is on it when no other point is at least as good
 * on all three (lower risk, higher accuracy, higher size reduction) and better on one. Equal points are all on it.
 */
public final class ParetoFront {
    private ParetoFront() {}

    /** One candidate's three objectives. */
    public record Point(double risk, double accuracy, double size) {
        boolean dominates(Point o) {
            boolean noWorse = risk <= o.risk && accuracy >= o.accuracy && size >= o.size;
            boolean better = risk < o.risk || accuracy > o.accuracy || size > o.size;
            return noWorse && better;
        }
    }

    /** For each point, whether it is on the front. */
    public static boolean[] of(List<Point> points) {
        boolean[] on = new boolean[points.size()];
        for (int i = 0; i < on.length; i++) {
            on[i] = true;
            for (Point p : points) {
                if (p.dominates(points.get(i))) {
                    on[i] = false;
                    break;
                }
            }
        }
        return on;
    }
}
