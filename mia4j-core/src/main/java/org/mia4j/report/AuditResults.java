package org.mia4j.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import org.mia4j.Provenance;
import org.mia4j.critical.ScoreAnalysis;
import org.mia4j.critical.WeightScores;
import org.mia4j.json.NanAsNull;
import org.mia4j.metric.AttackMetrics;
import org.mia4j.metric.EpsilonLowerBound;
import org.mia4j.metric.Interval;
import org.mia4j.model.Variant;
import org.mia4j.privacy.RdpAccountant;

/**
 * The content of {@code results.json}: what was attacked, how it did, and the provenance that produced it. {@code
 * notes}: what the report says besides the verdict, by kind ({@link Notes}).
 */
public record AuditResults(
        @JsonProperty("provenance") Provenance provenance,
        @JsonProperty("dataset") DatasetInfo dataset,
        @JsonProperty("models") List<ModelRow> models,
        @JsonProperty("shadow_models") List<ModelRow> shadowModels,
        @JsonProperty("attacks") List<AttackRow> attacks,
        @JsonProperty("skipped_attacks") List<String> skippedAttacks,
        @JsonProperty("slices") List<SliceRow> slices,
        @JsonProperty("most_exposed") List<ExposedRecord> mostExposed,
        @JsonProperty("divergence") List<DivergenceRow> divergence,
        @JsonProperty("critical_weights") CriticalWeightsReport criticalWeights,
        @JsonProperty("changes") List<ChangeRow> changes,
        @JsonProperty("verdict") List<String> verdict,
        @com.fasterxml.jackson.databind.annotation.JsonDeserialize(using = Notes.Reader.class)
        @JsonProperty("notes") Map<String, List<String>> notes,
        @JsonProperty("wall_seconds") double wallSeconds) {

    /** The data pool and split sizes. */
    public record DatasetInfo(
            @JsonProperty("name") String name,
            @JsonProperty("records") int records,
            @JsonProperty("classes") int classes,
            @JsonProperty("record_shape") int[] recordShape,
            @JsonProperty("target_members") int targetMembers,
            @JsonProperty("target_dev") int targetDev,
            @JsonProperty("target_non_members") int targetNonMembers,
            @JsonProperty("checksums") Map<String, String> checksums) {}

    /** One model (target or shadow, original or pruned). */
    public record ModelRow(
            @JsonProperty("model") String model,
            @JsonProperty("variant") Variant variant,
            @JsonProperty("role") String role,
            @JsonProperty("train_accuracy") double trainAccuracy,
            @JsonProperty("test_accuracy") double testAccuracy,
            @JsonProperty("sparsity") double sparsity,
            @JsonProperty("parameter_reduction") double parameterReduction,
            @JsonProperty("flop_reduction") double flopReduction,
            @JsonProperty("epochs_run") int epochsRun,
            @JsonProperty("best_epoch") int bestEpoch,
            @com.fasterxml.jackson.databind.annotation.JsonSerialize(using = NanAsNull.Writer.class)
            @com.fasterxml.jackson.databind.annotation.JsonDeserialize(using = NanAsNull.Reader.class)
            @JsonProperty("dev_accuracy") double devAccuracy,
            @JsonProperty("train_seconds") double trainSeconds,
            @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
            @JsonProperty("dp") DpGuarantee dp,
            @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
            @JsonProperty("size_reduction") Double sizeReduction,
            @JsonProperty("steps_planned") long stepsPlanned,
            @JsonProperty("steps_run") long stepsRun,
            @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
            @JsonProperty("epsilon_lower_bound") EpsilonLowerBound epsilonLowerBound) {

        public ModelRow(String model, Variant variant, String role, double trainAccuracy,
                double testAccuracy, double sparsity, double parameterReduction, double flopReduction, int epochsRun,
                int bestEpoch, double devAccuracy, double trainSeconds) {
            this(model, variant, role, trainAccuracy, testAccuracy, sparsity, parameterReduction, flopReduction,
                    epochsRun, bestEpoch, devAccuracy, trainSeconds, null, null, 0, 0, null);
        }

        public ModelRow(String model, Variant variant, String role, double trainAccuracy,
                double testAccuracy, double sparsity, double parameterReduction, double flopReduction, int epochsRun,
                int bestEpoch, double devAccuracy, double trainSeconds, DpGuarantee dp, Double sizeReduction,
                long stepsPlanned, long stepsRun) {
            this(model, variant, role, trainAccuracy, testAccuracy, sparsity, parameterReduction, flopReduction,
                    epochsRun, bestEpoch, devAccuracy, trainSeconds, dp, sizeReduction, stepsPlanned, stepsRun, null);
        }

        /** This row with the model's empirical epsilon lower bound (one test chosen over all attacks). */
        public ModelRow withEpsilonLowerBound(EpsilonLowerBound bound) {
            return new ModelRow(model, variant, role, trainAccuracy, testAccuracy, sparsity, parameterReduction,
                    flopReduction, epochsRun, bestEpoch, devAccuracy, trainSeconds, dp, sizeReduction, stepsPlanned,
                    stepsRun, bound);
        }
    }

    /**
     * The (epsilon, delta) guarantee of a model trained with DP-SGD, from the RDP accountant over its private phases
     * (the last phase's sigma and q, the steps of all; all phases listed when there are several). {@code scope}
     * says what it covers: {@code whole-training}, or {@code fine-tune-only} when the model it was fine-tuned from
     * was not private (then the epsilon does not cover the model). With a target epsilon, sigma was chosen for
     * {@code noiseSteps} steps: every private step of the chain this model belongs to (a private model and the
     * private fine-tuning of its prunings), so a model that starts a chain spends less than the target.
     */
    public record DpGuarantee(
            @JsonProperty("noise_multiplier") double noiseMultiplier,
            @JsonProperty("clip") double clip,
            @JsonProperty("sampling_rate") double samplingRate,
            @JsonProperty("steps") long steps,
            @JsonProperty("delta") double delta,
            @JsonProperty("epsilon") double epsilon,
            @JsonProperty("accountant") String accountant,
            @JsonProperty("scope") String scope,
            @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
            @JsonProperty("phases") List<RdpAccountant.Phase> phases,
            @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
            @JsonProperty("target_epsilon") Double targetEpsilon,
            @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
            @JsonProperty("noise_steps") Long noiseSteps) {}

    /** An attack's metrics on one slice of the target's records. */
    public record SliceRow(
            @JsonProperty("attack") String attack,
            @JsonProperty("model") String model,
            @JsonProperty("slice") String slice,
            @JsonProperty("auc") double auc,
            @JsonProperty("balanced_accuracy") double balancedAccuracy,
            @JsonProperty("members") int members,
            @JsonProperty("non_members") int nonMembers) {}

    /**
     * Fang &amp; Kim's analysis of the target's weights: Pearson/Spearman of learnability vs privacy vulnerability
     * (and of the loss-gap score vs PVE), overall and per component; share of each score in its top rho weights;
     * Jaccard overlap of the two top-rho sets. Null when no critical-weight treatment was requested.
     */
    public record CriticalWeightsReport(
            @JsonProperty("weights") int weights,
            @JsonProperty("learnability_form") String learnabilityForm,
            @JsonProperty("pve_options") WeightScores.PveOptions pveOptions,
            @JsonProperty("learnability_vs_pve") List<ScoreAnalysis.Correlation> learnabilityVsPve,
            @JsonProperty("loss_gap_vs_pve") List<ScoreAnalysis.Correlation> lossGapVsPve,
            @JsonProperty("pve_concentration") Map<String, Double> pveConcentration,
            @JsonProperty("learnability_concentration") Map<String, Double> learnabilityConcentration,
            @JsonProperty("top_jaccard") Map<String, Double> topJaccard,
            @JsonProperty("per_layer") List<LayerShare> perLayer,
            @JsonProperty("scatter_sample") List<float[]> scatterSample) {}

    /** One parameter's share of all weights, of the total PVE score and of the top-0.1% PVE weights. */
    public record LayerShare(
            @JsonProperty("parameter") String parameter,
            @JsonProperty("weights") int weights,
            @JsonProperty("share_of_weights") double shareOfWeights,
            @JsonProperty("share_of_pve") double shareOfPve,
            @JsonProperty("share_of_top_pve") double shareOfTopPve,
            @JsonProperty("share_of_learnability") double shareOfLearnability) {}

    /** Prediction divergence of one model on one class of the target's records. */
    public record DivergenceRow(
            @JsonProperty("model") String model,
            @JsonProperty("class") String cls,
            @JsonProperty("members") int members,
            @JsonProperty("non_members") int nonMembers,
            @JsonProperty("member_confidence") double memberConfidence,
            @JsonProperty("non_member_confidence") double nonMemberConfidence,
            @JsonProperty("confidence_gap") double confidenceGap,
            @JsonProperty("loss_gap") double lossGap,
            @JsonProperty("wasserstein") double wasserstein) {}

    /**
     * A member record the strongest attack is most sure about. {@code tiedMembers}: how many members have exactly
     * this score (itself included); above 1 its rank among them is arbitrary (they are listed in record order).
     */
    public record ExposedRecord(
            @JsonProperty("model") String model,
            @JsonProperty("attack") String attack,
            @JsonProperty("rank") int rank,
            @JsonProperty("record") int record,
            @JsonProperty("label") String label,
            @JsonProperty("score") double score,
            @JsonProperty("tied_members") int tiedMembers) {}

    /**
     * How a metric of the strongest attack changed from one model to another audited on the same records: each
     * model's strongest attack at that metric, both values, and the paired-bootstrap 95% interval of the difference
     * (the same resampled records for both).
     */
    public record ChangeRow(
            @JsonProperty("model") String model,
            @JsonProperty("base") String base,
            @JsonProperty("metric") String metric,
            @JsonProperty("base_attack") String baseAttack,
            @JsonProperty("attack") String attack,
            @JsonProperty("base_value") double baseValue,
            @JsonProperty("value") double value,
            @JsonProperty("difference_ci95") Interval ci95,
            @JsonProperty("significant") boolean significant) {}

    /** One attack on one target model. */
    public record AttackRow(
            @JsonProperty("attack") String attack,
            @JsonProperty("model") String model,
            @JsonProperty("description") String description,
            @JsonProperty("auc") double auc,
            @JsonProperty("balanced_accuracy") double balancedAccuracy,
            @JsonProperty("tpr_at_1pct_fpr") double tprAt1PctFpr,
            @JsonProperty("tpr_at_0_1pct_fpr") double tprAt01PctFpr,
            @JsonProperty("tpr_at_0_fpr") double tprAt0Fpr,
            @JsonProperty("max_advantage_oracle") double advantage,
            @JsonProperty("members") int members,
            @JsonProperty("non_members") int nonMembers,
            @JsonProperty("ci95") Map<String, Interval> ci95,
            @JsonProperty("settings") Map<String, Object> settings,
            @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
            @JsonProperty("per_attack_epsilon_lower_bound") EpsilonLowerBound epsilonLowerBound) {

        public AttackRow(String attack, String model, String description, double auc, double balancedAccuracy,
                double tprAt1PctFpr, double tprAt01PctFpr, double tprAt0Fpr, double advantage, int members,
                int nonMembers, Map<String, Interval> ci95, Map<String, Object> settings) {
            this(attack, model, description, auc, balancedAccuracy, tprAt1PctFpr, tprAt01PctFpr, tprAt0Fpr, advantage,
                    members, nonMembers, ci95, settings, null);
        }

        /** {@code settings}: the attack's own settings, recorded with the numbers they produced. */
        public static AttackRow of(String attack, String model, String description, AttackMetrics m,
                Map<String, Object> settings, EpsilonLowerBound epsilon) {
            return new AttackRow(attack, model, description, m.auc(), m.balancedAccuracy(), m.tprAt1PctFpr(),
                    m.tprAt01PctFpr(), m.tprAt0Fpr(), m.advantage(), m.members(), m.nonMembers(), m.intervals(),
                    settings, epsilon);
        }
    }
}
