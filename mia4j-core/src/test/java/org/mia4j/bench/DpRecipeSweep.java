package org.mia4j.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.mia4j.Progress;
import org.mia4j.data.Dataset;
import org.mia4j.data.LocationLoader;
import org.mia4j.data.SplitIndices;
import org.mia4j.data.Splits;
import org.mia4j.defense.DpRecipe;
import org.mia4j.defense.DpSgdDefense;
import org.mia4j.model.Architecture;
import org.mia4j.model.Network;
import org.mia4j.privacy.RdpAccountant;
import org.mia4j.train.DpSgd;
import org.mia4j.train.ModelTrainer;
import org.mia4j.train.Objective;
import org.mia4j.train.TrainingConfig;
import org.mia4j.train.TrainingReport;

/**
 * How DP-SGD's recipe was chosen ({@code bench/dp-recipe}): ColumnFC on Location's default target split (the audit's,
 * seed 42: 1,127 members), trained privately from its initial weights with sigma chosen for a target epsilon over
 * exactly the steps run, for every combination of the given settings; prints dev and test accuracy. Choose on dev
 * (held-out records, not the members); test is reported beside it. Tuning on the private members themselves would
 * spend privacy; this grid reads them only through the private training.
 *
 * <p>Arguments, each a comma-separated list: eps lr batch epochs clip seeds [cosine: 0 constant, 1 annealed], e.g.
 * {@code 8 1e-3,3e-3 128,256 50,100 1 42,43 0,1}.
 */
public final class DpRecipeSweep {
    private DpRecipeSweep() {}

    public static void main(String[] args) {
        List<Double> eps = doubles(args[0]);
        List<Double> lrs = doubles(args[1]);
        List<Integer> batches = ints(args[2]);
        List<Integer> epochs = ints(args[3]);
        List<Double> clips = doubles(args[4]);
        List<Integer> seeds = ints(args[5]);
        List<Integer> cosine = args.length > 6 ? ints(args[6]) : List.of(0);
        Dataset data = LocationLoader.loadEmbedded();
        SplitIndices split = Splits.protocol(data.size(), 5, 42).get(0);
        int n = split.members().length;
        System.out.printf(Locale.ROOT, "members %d dev %d non-members %d%n", n, split.dev().length,
                split.nonMembers().length);
        System.out.println("eps\tlr\tbatch\tepochs\tclip\tcosine\tseed\tsigma\tsteps\taccountant_eps\tdev_acc\ttest_acc\t"
                + "train_acc\tseconds");
        for (double e : eps) {
            for (double lr : lrs) {
                for (int b : batches) {
                    for (int ep : epochs) {
                        for (double c : clips) {
                            for (int cos : cosine) {
                                for (int seed : seeds) {
                                    run(data, split, e, lr, b, ep, c, seed, cos == 1);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private static void run(Dataset data, SplitIndices split, double eps, double lr, int batch, int epochs,
            double clip, long seed, boolean cosine) {
        int n = split.members().length;
        DpRecipe recipe = new DpRecipe(epochs, 1, batch, lr, Math.min(batch * 2, 512));
        DpSgdDefense defense = new DpSgdDefense(true, 1, clip, 0, eps, recipe);
        long steps = defense.steps(n, epochs);
        DpSgd mechanism = defense.mechanism(n, steps);
        TrainingConfig cfg = cosine ? recipe.training().withCosine() : recipe.training();
        try (Network net = Network.create("target", Architecture.COLUMN_FC, data.recordShape(), data.numClasses(),
                seed)) {
            TrainingReport r = new ModelTrainer(cfg, Objective.CROSS_ENTROPY, mechanism).train(net, data,
                    split.members(), split.dev(), List.of(), seed, Progress.SILENT.start("dp", epochs));
            double spent = RdpAccountant.epsilon(r.privatePhases(), defense.delta(n)).epsilon();
            System.out.printf(Locale.ROOT, "%.0f\t%.0e\t%d\t%d\t%.2f\t%b\t%d\t%.3f\t%d\t%.3f\t%.3f\t%.3f\t%.3f"
                    + "\t%.1f%n", eps, lr, batch, epochs, clip, cosine, seed, mechanism.noiseMultiplier(), r.stepsRun(), spent,
                    ModelTrainer.accuracy(net, data, split.dev()), ModelTrainer.accuracy(net, data,
                            split.nonMembers()), ModelTrainer.accuracy(net, data, split.members()), r.seconds());
        }
    }

    private static List<Double> doubles(String csv) {
        List<Double> out = new ArrayList<>();
        for (String s : csv.split(",")) {
            out.add(Double.valueOf(s));
        }
        return out;
    }

    private static List<Integer> ints(String csv) {
        List<Integer> out = new ArrayList<>();
        for (String s : csv.split(",")) {
            out.add(Integer.valueOf(s));
        }
        return out;
    }
}
