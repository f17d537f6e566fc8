package org.mia4j.run;

import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mia4j.critical.ScoreAnalysis;
import org.mia4j.critical.WeightScores;
import org.mia4j.data.Dataset;
import org.mia4j.data.Splits;
import org.mia4j.model.Network;
import org.mia4j.plan.AuditConfig;
import org.mia4j.report.AuditResults.CriticalWeightsReport;
import org.mia4j.report.AuditResults.LayerShare;

/**
 * Scores the trained target's weights (learnability, privacy vulnerability, loss gap) and compares them as Fang
 * &amp; Kim do. Returns the PVE scores for the treatments and the report for results.json.
 */
final class CriticalAnalysis {
    static final double[] RHOS = {0.001, 0.01, 0.05};

    record Outcome(Map<String, float[]> pve, CriticalWeightsReport report) {}

    private CriticalAnalysis() {}

    static Outcome run(Network target, Dataset data, int[] members, int[] reference, AuditConfig config) {
        int batch = config.training().batchSize();
        Map<String, float[]> learn = WeightScores.learnability(target, data, members, batch, true);
        Map<String, float[]> pve = WeightScores.pve(target, data, members, reference, batch,
                config.training().learningRate(), config.pve(), config.seed());
        Map<String, float[]> gap = WeightScores.lossGap(target, data, members, reference, batch);
        Map<String, String> kinds = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : target.block().getParameters()) {
            Parameter q = p.getValue();
            int dims = q.getArray().getShape().dimension();
            kinds.put(p.getKey(), q.getType() == Parameter.Type.GAMMA || q.getType() == Parameter.Type.BETA ? "norm"
                    : q.getType() == Parameter.Type.BIAS ? "bias" : dims == 4 ? "conv" : dims == 2 ? "linear" : "other");
        }
        ScoreAnalysis.Flat l = ScoreAnalysis.flatten(learn, kinds);
        ScoreAnalysis.Flat v = ScoreAnalysis.flatten(pve, kinds);
        ScoreAnalysis.Flat g = ScoreAnalysis.flatten(gap, kinds);
        Map<String, Double> concPve = new LinkedHashMap<>();
        Map<String, Double> concLearn = new LinkedHashMap<>();
        Map<String, Double> jaccard = new LinkedHashMap<>();
        for (double rho : RHOS) {
            String k = Double.toString(rho);
            concPve.put(k, ScoreAnalysis.concentration(v.values(), rho));
            concLearn.put(k, ScoreAnalysis.concentration(l.values(), rho));
            jaccard.put(k, ScoreAnalysis.jaccard(ScoreAnalysis.top(v.values(), rho),
                    ScoreAnalysis.top(l.values(), rho)));
        }
        List<ScoreAnalysis.Correlation> lv = ScoreAnalysis.correlations(l, v);
        List<ScoreAnalysis.Correlation> gv = ScoreAnalysis.correlations(g, v);
        return new Outcome(pve, new CriticalWeightsReport(v.values().length, "(g*w)^2 summed over member batches",
                config.pve(), lv, gv, concPve, concLearn, jaccard, perLayer(pve, learn, v.values()),
                sample(l, v, config.seed())));
    }

    /** A seeded sample of (learnability, PVE, component index) triples for the report's scatter plot. */
    private static List<float[]> sample(ScoreAnalysis.Flat l, ScoreAnalysis.Flat v, long seed) {
        int n = l.values().length;
        int[] perm = Splits.permutation(n, seed);
        List<String> comps = java.util.Arrays.stream(l.component()).distinct().toList();
        List<float[]> out = new java.util.ArrayList<>();
        for (int k = 0; k < Math.min(2000, n); k++) {
            int i = perm[k];
            out.add(new float[] {(float) l.values()[i], (float) v.values()[i], comps.indexOf(l.component()[i])});
        }
        return out;
    }

    /** Per parameter: its share of the weights, of the PVE total, of the top-0.1% PVE set, of learnability. */
    private static List<LayerShare> perLayer(Map<String, float[]> pve, Map<String, float[]> learn, double[] flat) {
        boolean[] top = new boolean[flat.length];
        for (int i : ScoreAnalysis.top(flat, 0.001)) {
            top[i] = true;
        }
        int topCount = (int) Math.max(1, Math.round(0.001 * flat.length));
        double pveTotal = java.util.Arrays.stream(flat).sum();
        double learnTotal = learn.values().stream().mapToDouble(a -> {
            double s = 0;
            for (float x : a) {
                s += x;
            }
            return s;
        }).sum();
        List<LayerShare> out = new java.util.ArrayList<>();
        int offset = 0;
        for (Map.Entry<String, float[]> e : pve.entrySet()) {
            float[] v = e.getValue();
            double s = 0;
            int inTop = 0;
            for (int i = 0; i < v.length; i++) {
                s += v[i];
                if (top[offset + i]) {
                    inTop++;
                }
            }
            double ls = 0;
            for (float x : learn.get(e.getKey())) {
                ls += x;
            }
            out.add(new LayerShare(e.getKey(), v.length, v.length / (double) flat.length,
                    pveTotal == 0 ? 0 : s / pveTotal, inTop / (double) topCount,
                    learnTotal == 0 ? 0 : ls / learnTotal));
            offset += v.length;
        }
        return out;
    }
}
