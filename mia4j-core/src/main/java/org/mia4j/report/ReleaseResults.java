package org.mia4j.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.mia4j.Provenance;
import org.mia4j.metric.Interval;
import org.mia4j.model.Variant;

/**
 * The content of {@code release.json}: each version of the model alone and each release set (versions published
 * together) with its risk, cost and place on the Pareto front, and the answer to a budget.
 *
 * @param operatingPoint the metric risks are measured at ({@code tpr_at_1pct_fpr})
 * @param budget the budget asked for; null without one
 * @param recommendation the set to release under the budget (or the front without one)
 * @param cost what the planner cost beyond the audit it rests on
 */
public record ReleaseResults(
        @JsonProperty("provenance") Provenance provenance,
        @JsonProperty("dataset") String dataset,
        @JsonProperty("operating_point") String operatingPoint,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("budget") Budget budget,
        @JsonProperty("versions") List<Version> versions,
        @JsonProperty("release_sets") List<ReleaseSet> releaseSets,
        @JsonProperty("recommendation") Recommendation recommendation,
        @JsonProperty("cost") Cost cost,
        @JsonProperty("notes") List<String> notes) {

    /**
     * How much an adversary learns: the strongest attack at 1% FPR and the upper end of its 95% bootstrap interval
     * (the largest upper end among the attacks available, so a set's is never below a member's), and the empirical
     * epsilon lower bound.
     *
     * @param attack the strongest attack by TPR at 1% FPR
     * @param version the version whose outputs it scores
     * @param reading the other versions it reads for the same records (multi-version attacks); empty for one alone
     */
    public record Risk(
            @JsonProperty("tpr_at_1pct_fpr") double tprAt1PctFpr,
            @JsonProperty("upper") double upper,
            @JsonProperty("attack") String attack,
            @JsonProperty("version") String version,
            @JsonProperty("reading") List<String> reading,
            @JsonProperty("epsilon_lower_bound") double epsilonLowerBound) {}

    /**
     * One version of the model.
     *
     * @param sizeReduction 1 - its size / the original's: the storage format's for a compression, the parameters
     *     removed for a pruning (the zeros of unstructured pruning save nothing in a dense file)
     */
    public record Version(
            @JsonProperty("name") String name,
            @JsonProperty("variant") Variant variant,
            @JsonProperty("test_accuracy") double testAccuracy,
            @JsonProperty("accuracy_drop") double accuracyDrop,
            @JsonProperty("size_reduction") double sizeReduction,
            @JsonProperty("risk") Risk risk) {}

    /**
     * Versions published together. Its accuracy and size are the best of its versions (each serves where it fits:
     * the most accurate on a server, the smallest on a phone); its risk is what an adversary holding all of them
     * can do.
     *
     * @param meetsBudget null without a budget
     * @param overBudget for a set that fails the budget: what pushes it over
     * @param multiVersion the set's strongest attack against its riskiest version's, paired on the same records
     */
    public record ReleaseSet(
            @JsonProperty("name") String name,
            @JsonProperty("versions") List<String> versions,
            @JsonProperty("test_accuracy") double testAccuracy,
            @JsonProperty("size_reduction") double sizeReduction,
            @JsonProperty("risk") Risk risk,
            @JsonProperty("pareto") boolean pareto,
            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("meets_budget") Boolean meetsBudget,
            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("over_budget") OverBudget overBudget,
            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("multi_version") MultiVersion multiVersion,
            @JsonProperty("most_exposed") List<ExposedRecord> mostExposed,
            @JsonProperty("per_class") List<ClassChange> perClass) {}

    /**
     * What pushes a set over its budget: the attack whose upper bound is the set's, on which version, reading
     * which others, and by how much it exceeds the budget; {@code aloneUpper}: that version's own upper bound.
     */
    public record OverBudget(
            @JsonProperty("version") String version,
            @JsonProperty("attack") String attack,
            @JsonProperty("reading") List<String> reading,
            @JsonProperty("value") double value,
            @JsonProperty("excess") double excess,
            @JsonProperty("alone") double alone) {}

    /**
     * The multi-version effect: the set's strongest attack against its riskiest version's strongest single-version
     * attack at 1% FPR; {@code ci95}: paired-bootstrap interval of the difference; {@code significant}: it excludes 0.
     * {@code strongestMultiVersion}: the strongest attack that reads several of the set's versions (null when none
     * applies), whether or not it is the set's strongest.
     */
    public record MultiVersion(
            @JsonProperty("riskiest_version") String riskiestVersion,
            @JsonProperty("version_tpr") double versionTpr,
            @JsonProperty("set_tpr") double setTpr,
            @JsonProperty("difference_ci95") Interval ci95,
            @JsonProperty("significant") boolean significant,
            @JsonInclude(JsonInclude.Include.NON_NULL)
            @JsonProperty("strongest_multi_version") Risk strongestMultiVersion) {}

    /**
     * A member whose membership score rises most from the original's strongest attack to the set's. Scores of
     * different attacks are put on one scale as the share of non-members scored below the record.
     */
    public record ExposedRecord(
            @JsonProperty("rank") int rank,
            @JsonProperty("record") int record,
            @JsonProperty("label") String label,
            @JsonProperty("original") double original,
            @JsonProperty("set") double set,
            @JsonProperty("rise") double rise) {}

    /**
     * One class's members: their mean rise, and the share flagged at 1% FPR by the original's strongest attack
     * and by the set's.
     */
    public record ClassChange(
            @JsonProperty("class") String cls,
            @JsonProperty("members") int members,
            @JsonProperty("mean_rise") double meanRise,
            @JsonProperty("tpr_original") double tprOriginal,
            @JsonProperty("tpr_set") double tprSet) {}

    /**
     * A budget on risk.
     *
     * @param metric {@code tpr_at_1pct_fpr} (judged by the upper confidence bound) or {@code epsilon_lower_bound}
     */
    public record Budget(
            @JsonProperty("metric") String metric,
            @JsonProperty("max") double max) {}

    /**
     * The answer: the set to release ({@code set} null when none meets the budget), why, and every set meeting it.
     */
    public record Recommendation(
            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("set") String set,
            @JsonProperty("reason") String reason,
            @JsonProperty("meeting_budget") List<String> meetingBudget,
            @JsonProperty("pareto_front") List<String> paretoFront) {}

    /** What the planner cost beyond its audit: attack fits on restricted versions, and seconds. */
    public record Cost(
            @JsonProperty("audit_seconds") double auditSeconds,
            @JsonProperty("planner_seconds") double plannerSeconds,
            @JsonProperty("extra_attack_fits") int extraAttackFits,
            @JsonProperty("reused_attack_results") int reusedAttackResults) {}
}
