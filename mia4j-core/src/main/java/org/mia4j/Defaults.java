package org.mia4j;

/**
 * The run-level defaults of mia4j, written once: the audit plan's builder falls back to these and the CLI's help
 * text quotes them (they are compile-time constants so picocli annotations can use them). {@code QUICK_*} are the
 * smoke-run preset ({@code --quick}). A component's own settings (an attack's, a pruner's) are declared beside its
 * code as {@link Setting}s, with their defaults.
 */
public final class Defaults {
    private Defaults() {}

    public static final String DATASET = "location";
    public static final long SEED = 42;
    public static final int SHADOWS = 5;
    public static final int QUICK_SHADOWS = 2;
    public static final int EPOCHS = 50;
    public static final int QUICK_EPOCHS = 15;
    public static final int FINETUNE_EPOCHS = 50;
    public static final int QUICK_FINETUNE_EPOCHS = 5;
    public static final int PATIENCE = 5;
    public static final int BATCH_SIZE = 128;
    public static final double LEARNING_RATE = 1e-3;
    public static final double WEIGHT_DECAY = 5e-4;

    public static final String PRUNER = "l1-unstructured";
    public static final double SPARSITY = 0.7;
    public static final String SWEEP_PRUNERS = "l1-unstructured,l1-structured";
    public static final String SWEEP_SPARSITIES = "0.3,0.5,0.7,0.9";
    public static final int PRUNE_ROUNDS = 3;

    public static final String ATTACKS = "all";
    /** The release planner's versions besides the original, and its attacks (not the slow ones: samia, label-only, qmia, online LiRA and RMIA). */
    public static final String RELEASE_PRUNERS = "l1-unstructured,quantize-int8,quantize-int4";
    public static final String RELEASE_SPARSITIES = "0.5";
    public static final String RELEASE_ATTACKS = "conf,xent,entropy,mentr,top1-conf,nn,top3-nn,nn-cls,rmia,"
            + "lira-offline,compleak-sr,compleak-mr,compleak-mr-compressed";
    public static final int BOOTSTRAP = 200;
    public static final int REFERENCES = 8;
    public static final int QUICK_REFERENCES = 4;
    public static final int POPULATION = 1000;
    public static final double SHADOW_FRACTION = 1.0;
    public static final double SHADOW_OVERLAP = 0.0;
    /** Engine threads an attack's own network trains and scores on: fixed, so --threads does not move its scores. */
    public static final int ATTACK_NETWORK_THREADS = 1;
    /**
     * How long a run waits after registering among the active runs before it counts them to choose its threads:
     * runs started together (JVM start-up apart by up to this) then all see each other and split the cores evenly.
     */
    public static final long THREADS_SETTLE_MILLIS = 1500;

    public static final String TREATMENTS_EXPERIMENT = "cwrf,a1-zero,a2-rewind-only,reinit,permute,finetune";
    public static final String TFO_PRUNER = "taylor";
    public static final double TFO_SPARSITY = 0.9;
    public static final String RATIOS = "0.001,0.01,0.05";
    public static final double PVE_LAMBDA = 0.5;
    public static final int PVE_STEPS = 100;
    public static final String PVE_KL = "model-initial";
    public static final double PVE_TEMPERATURE = 1.0;

    /**
     * The one-run audit's canaries (Steinke et al. 2023), drawn from records outside the training and dev sets and
     * relabelled at random, each trained on with probability 1/2.
     */
    public static final int DP_AUDIT_CANARIES = 500;
    /** The defenses and strengths {@code experiment defense} compares. */
    public static final String DEFENSE_SWEEP = "ppb@1,ppb@4,ppb@16,adv-reg@1,adv-reg@3,adv-reg@6,dp-sgd@eps=1,dp-sgd@eps=4,"
            + "dp-sgd@eps=8,relaxloss";
    /** Columns of a tabular model ({@code column-fc}): Yuan &amp; Zhang's 256-128. */
    public static final String HIDDEN = "256,128";
    public static final String DELIMITER = ",";
    public static final String RUNS_DIR = "runs";
    /** Where models are trained: in this process. */
    public static final String ENGINE = "local";
    /** The Spark master of {@code --engine spark}: every core of this machine, no cluster needed. */
    public static final String SPARK_MASTER = "local[*]";
    public static final int MAX_CLASSES = 1000;
    /**
     * The most data read from one input file, counted after decompression: above the largest built-in data set
     * (CIFAR-100's 154 MB train.bin); a CSV table takes 5-15 times its size in memory once parsed, so at this cap
     * it still fits a 4 GB heap.
     */
    public static final String MAX_INPUT_SIZE = "256M";
    /** A CSV line longer than this is not a record (a wrong file, a gzip bomb without newlines). */
    public static final int MAX_LINE_BYTES = 64 << 20;
    /**
     * What output files hold ({@code audit-scores}) and what a given TorchScript model returns: {@code auto} takes
     * rows of non-negative numbers summing to 1 for posteriors and anything else for logits.
     */
    public static final String SCORES_OUTPUTS = "auto";
    public static final String MODEL_OUTPUTS = "auto";
    /** What the shadow and reference models of a given model see of a table (as mia4j trains its own models). */
    public static final String GIVEN_PREPROCESS = "standardize";
    /** A given model must beat the majority class on its own members by this factor (or halve its error). */
    public static final double FIT_RATIO = 1.5;
    /** Shadows whose mean train or test accuracy is further than this from the target's do not resemble it. */
    public static final double RESEMBLANCE_GAP = 0.05;
}
