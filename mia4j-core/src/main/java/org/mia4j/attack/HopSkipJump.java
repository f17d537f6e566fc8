package org.mia4j.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;
import org.mia4j.InvalidSetting;
import org.mia4j.model.Network;
import org.mia4j.model.Queryable;

/**
 * HopSkipJump (Chen, Jordan &amp; Wainwright, IEEE S&amp;P 2020), untargeted and in L2, as the label-only
 * membership attacks of Choquette-Choo et al. (ICML 2021) and Li &amp; Zhang (CCS 2021) run it: for each record, an
 * upper bound on the smallest L2 perturbation that changes the model's predicted label, from predicted labels only.
 * From a differently-labelled starting point, a binary search finds the boundary on the segment to the record; then
 * each iteration estimates the boundary's normal from the labels of points sampled on a small sphere around the
 * boundary point, steps along it geometrically, and searches back towards the record.
 *
 * <p>Every record follows the same schedule, so a batch of records moves in lockstep (one forward pass per step for
 * the whole batch) and spends exactly {@link #queriesPerRecord()} label queries. Randomness is shared, not per record:
 * the random starting points and each iteration's sampled directions depend only on the seed, so a record's distance
 * does not depend on which records share its batch. The search is unconstrained in the model's input space (no
 * clipping to the data's range: tabular columns have none).
 */
public final class HopSkipJump {
    /** HopSkipJump's initial number of gradient samples (its {@code init_eval}); iteration t draws 100 sqrt(t+1). */
    static final int FIRST_EVALS = 100;
    /** Fewest samples worth an estimate of the normal; a budget that leaves fewer ends the iterations. */
    static final int MIN_EVALS = 10;
    /** Step sizes tried at once per iteration: eps, eps/2, ..., eps/32 (HopSkipJump halves until adversarial). */
    static final int STEP_CANDIDATES = 6;
    /** Random starting points drawn in the records' per-feature range, labelled once for all records. */
    static final int RANDOM_STARTS = 100;
    /** Records moved together: one batch's sphere samples are records x samples x features floats. */
    static final int RECORDS_PER_BATCH = 64;
    /** Fewest binary search steps. */
    static final int MIN_BINARY_STEPS = 10;
    /** The smallest budget: a label and a binary search for any record size, and one short iteration. */
    public static final int MIN_BUDGET = 50;

    private final int budget;
    private final int batch;
    private final int dims;
    private final int binarySteps;
    private final int[] evals;

    /** A search with {@code budget} label queries per record on records of {@code dims} features. */
    public HopSkipJump(int budget, int dims) {
        this(budget, dims, RECORDS_PER_BATCH);
    }

    HopSkipJump(int budget, int dims, int batch) {
        this.dims = dims;
        this.batch = batch;
        // HopSkipJump's sphere radius is dist/d (theta = d^-3/2); the binary search stops 4x closer than that, and
        // within 2^-10 of the segment however few the features (on 4 features 2^-4 left distances 10% long)
        this.binarySteps = Math.max(MIN_BINARY_STEPS, 32 - Integer.numberOfLeadingZeros(4 * Math.max(dims, 1) - 1));
        int first = 1 + binarySteps; // the record's own label, the first binary search
        checkBudget(budget);
        this.budget = budget;
        List<Integer> plan = new ArrayList<>();
        int left = budget - first;
        for (int t = 0; ; t++) {
            int m = Math.min((int) Math.round(FIRST_EVALS * Math.sqrt(t + 1)), left - STEP_CANDIDATES - binarySteps);
            if (m < MIN_EVALS) {
                break;
            }
            plan.add(m);
            left -= m + STEP_CANDIDATES + binarySteps;
        }
        this.evals = plan.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Fails with a message naming the setting unless {@code budget} affords a search. */
    public static void checkBudget(int budget) {
        if (budget < MIN_BUDGET) {
            throw new InvalidSetting("boundary-queries", "must be >= " + MIN_BUDGET + " (label queries per record), "
                    + "got " + budget);
        }
    }

    /** Iterations the budget affords (0: the first binary search only). */
    public int iterations() {
        return evals.length;
    }

    public int budget() {
        return budget;
    }

    /** Label queries spent on each correctly labelled record (at most the budget). */
    public int queriesPerRecord() {
        int q = 1 + binarySteps;
        for (int m : evals) {
            q += m + STEP_CANDIDATES + binarySteps;
        }
        return q;
    }

    /**
     * The L2 distance from each of {@code n} records ({@code features} row-major, true {@code labels}) to the
     * model's decision boundary, 0 for a record the model labels wrongly (Choquette-Choo et al.: its label is already
     * changed). Starting points are the random points and the records themselves that the model labels otherwise:
     * the nearest one to each record. {@code done} hears of records finished.
     */
    public float[] distances(Queryable net, float[] features, int[] labels, int n, long seed, IntConsumer done) {
        float[] out = new float[n];
        if (n == 0) {
            return out;
        }
        int d = features.length / n;
        if (d != dims) {
            throw new IllegalArgumentException("records of " + d + " features, search planned for " + dims);
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        float[][] directions = new float[evals.length][];
        for (int t = 0; t < evals.length; t++) {
            directions[t] = gaussian(rnd.split(), evals[t] * d);
        }
        float[] uniform = uniform(rnd.split(), RANDOM_STARTS * d);
        try (NDManager m = net.manager().newSubManager()) {
            NDArray all = m.create(features, new Shape(n, d));
            // random points in the records' range, then the records themselves: each with the model's label
            NDArray lo = all.min(new int[] {0}, true);
            NDArray random = m.create(uniform, new Shape(RANDOM_STARTS, d)).mul(all.max(new int[] {0}, true)
                    .sub(lo)).add(lo);
            NDArray starts = NDArrays.concat(new NDList(random, all));
            NDArray startLabels = predict(net, m, starts);
            NDArray own = startLabels.get(RANDOM_STARTS + ":");
            boolean[] correct = own.eq(m.create(labels).toType(own.getDataType(), false)).toBooleanArray();
            int[] todo = java.util.stream.IntStream.range(0, n).filter(i -> correct[i]).toArray();
            done.accept(n - todo.length);
            NDArray startNorms = starts.pow(2).sum(new int[] {1}).expandDims(0);
            NDArray startsT = starts.transpose();
            NDArray startRow = startLabels.expandDims(0);
            for (int from = 0; from < todo.length; from += batch) {
                int b = Math.min(batch, todo.length - from);
                // the batch's arrays live in its own manager (results attach to their first operand's)
                try (NDManager bm = m.newSubManager()) {
                    float[] rows = new float[b * d];
                    long[] ys = new long[b];
                    for (int i = 0; i < b; i++) {
                        System.arraycopy(features, todo[from + i] * d, rows, i * d, d);
                        ys[i] = labels[todo[from + i]];
                    }
                    float[] dist = search(net, bm, bm.create(rows, new Shape(b, d)), bm.create(ys), starts, startsT,
                            startRow, startNorms, directions);
                    for (int i = 0; i < b; i++) {
                        out[todo[from + i]] = dist[i];
                    }
                }
                done.accept(b);
            }
        }
        return out;
    }

    /** One batch: records {@code x} (b x d) labelled {@code y} by the model, to their boundary distances. */
    private float[] search(Queryable net, NDManager m, NDArray x, NDArray y, NDArray starts, NDArray startsT,
            NDArray startRow, NDArray startNorms, float[][] directions) {
        int b = (int) x.getShape().get(0);
        // the nearest differently-labelled starting point: |x|^2 + |s|^2 - 2 x.s, others pushed out of reach
        int k0 = (int) starts.getShape().get(0);
        NDArray sq = x.pow(2).sum(new int[] {1}, true).add(startNorms).sub(x.matMul(startsT).mul(2f));
        NDArray same = y.expandDims(1).eq(startRow);
        NDArray none = same.toType(DataType.INT32, false).min(new int[] {1}).eq(1);
        NDArray far = sq.max(new int[] {1}); // no start labelled otherwise: the farthest point searched
        NDArray pick = where(same, sq.max().add(1f), sq).argMin(1);
        // a one-hot product selects rows exactly (0 * v adds nothing) and keeps the result in this manager
        NDArray point = where(none.expandDims(1), x, pick.oneHot(k0).matMul(starts));
        NDList first = boundary(net, m, x, y, point);
        NDArray best = first.get(0);
        NDArray gap = first.get(1);
        NDArray dist = best.sub(x).norm(new int[] {1});
        for (int t = 0; t < evals.length; t++) {
            int k = evals[t];
            NDArray u = m.create(directions[t], new Shape(k, dims));
            u = u.div(u.norm(new int[] {1}, true).add(1e-12f));
            // labels on a sphere around each boundary point: HopSkipJump's radius dist/d, or twice the bracket the
            // binary search left (a far starting point leaves a long one), so that the sphere straddles the boundary
            NDArray delta = dist.div((float) dims).maximum(gap.mul(2f)).expandDims(1);
            NDArray probes = best.expandDims(1).add(u.expandDims(0).mul(delta.expandDims(2))).reshape(b * k, dims);
            NDArray adv = predict(net, m, probes).reshape(b, k).neq(y.expandDims(1)).toType(DataType.FLOAT32, false);
            NDArray phi = adv.mul(2f).sub(1f);
            NDArray mean = phi.mean(new int[] {1}, true);
            // baseline-subtracted estimate; when every sample agrees, HopSkipJump keeps the plain mean
            NDArray unanimous = mean.abs().eq(1f);
            NDArray weight = where(unanimous, phi, phi.sub(mean));
            NDArray grad = weight.matMul(u).div((float) k);
            grad = grad.div(grad.norm(new int[] {1}, true).add(1e-12f));
            // geometric step from the boundary point: the longest of eps, eps/2, ... still labelled otherwise
            NDArray eps = dist.div((float) Math.sqrt(t + 1));
            NDArray scale = m.create(stepScales()).expandDims(0).mul(eps.expandDims(1)); // b x S
            NDArray cand = best.expandDims(1).add(grad.expandDims(1).mul(scale.expandDims(2)));
            NDArray candAdv = predict(net, m, cand.reshape(b * STEP_CANDIDATES, dims)).reshape(b, STEP_CANDIDATES)
                    .neq(y.expandDims(1));
            // the first adversarial candidate (largest step); none: stay at the boundary point
            NDArray hits = candAdv.toType(DataType.INT32, false);
            NDArray top = hits.argMax(1);
            NDArray any = hits.sum(new int[] {1}).gt(0);
            NDArray stepped = cand.mul(top.oneHot(STEP_CANDIDATES).expandDims(2)).sum(new int[] {1});
            NDArray next = where(any.expandDims(1), stepped, best);
            NDList found = boundary(net, m, x, y, next);
            NDArray foundDist = found.get(0).sub(x).norm(new int[] {1});
            NDArray better = foundDist.lt(dist);
            best = where(better.expandDims(1), found.get(0), best);
            gap = where(better, found.get(1), gap);
            dist = where(better, foundDist, dist);
        }
        return where(none, far.sqrt(), dist).toFloatArray();
    }

    /** {@code cond ? a : b} elementwise, broadcasting all three to the larger operand's shape. */
    private static NDArray where(NDArray cond, NDArray a, NDArray b) {
        Shape s = a.size() >= b.size() ? a.getShape() : b.getShape();
        return NDArrays.where(cond.broadcast(s), a.broadcast(s), b.broadcast(s));
    }

    private static float[] stepScales() {
        float[] s = new float[STEP_CANDIDATES];
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) Math.pow(0.5, i);
        }
        return s;
    }

    /**
     * Binary search on the segment from each record {@code x} (labelled {@code y}) to {@code adv} (labelled
     * otherwise, or {@code x} itself when nothing was found): the point on the far side of the boundary, within
     * 2^-steps of the segment's length, and that bracket's length.
     */
    private NDList boundary(Queryable net, NDManager m, NDArray x, NDArray y, NDArray adv) {
        int b = (int) x.getShape().get(0);
        NDArray lo = m.zeros(new Shape(b, 1));
        NDArray hi = m.ones(new Shape(b, 1));
        NDArray dir = adv.sub(x);
        for (int s = 0; s < binarySteps; s++) {
            NDArray mid = lo.add(hi).div(2f);
            NDArray isAdv = predict(net, m, x.add(dir.mul(mid))).neq(y).expandDims(1);
            hi = where(isAdv, mid, hi);
            lo = where(isAdv, lo, mid);
        }
        // the point, and how far the boundary may lie from it (the last bracket's length)
        return new NDList(x.add(dir.mul(hi)), hi.sub(lo).squeeze(1).mul(dir.norm(new int[] {1})));
    }

    /** The model's labels of rows of flattened records, in forward passes of at most {@link Probe#FORWARD_RECORDS}. */
    private static NDArray predict(Queryable net, NDManager m, NDArray rows) {
        int n = (int) rows.getShape().get(0);
        NDList parts = new NDList();
        for (int start = 0; start < n; start += Probe.FORWARD_RECORDS) {
            int end = Math.min(n, start + Probe.FORWARD_RECORDS);
            // the forward pass's activations freed at once, not kept with the batch (2.9 GB RSS on MNIST)
            try (NDManager c = m.newSubManager()) {
                c.tempAttachAll(rows);
                NDArray chunk = rows.get(start + ":" + end).reshape(Network.batchShape(end - start,
                        net.recordShape()));
                NDArray labels = net.logits(c, chunk).argMax(1);
                labels.attach(m);
                parts.add(labels);
            }
        }
        return parts.size() == 1 ? parts.singletonOrThrow() : NDArrays.concat(parts);
    }

    private static float[] gaussian(SplittableRandom rnd, int count) {
        float[] v = new float[count];
        for (int i = 0; i < count; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return v;
    }

    private static float[] uniform(SplittableRandom rnd, int count) {
        float[] v = new float[count];
        for (int i = 0; i < count; i++) {
            v[i] = (float) rnd.nextDouble();
        }
        return v;
    }
}
