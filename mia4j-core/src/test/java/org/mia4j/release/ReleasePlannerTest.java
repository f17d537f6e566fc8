package org.mia4j.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mia4j.InvalidSetting;
import org.mia4j.json.Json;
import org.mia4j.metric.RocCurve;
import org.mia4j.report.ReleaseResults.Budget;
import org.mia4j.report.ReleaseResults.ReleaseSet;
import org.mia4j.report.ReleaseResults.Risk;
import org.mia4j.report.ReleaseResults;
import org.mia4j.report.ReleaseSection;

class ReleasePlannerTest {
    private static final Budget TPR_030 = new Budget(ReleasePlanner.TPR_BUDGET, 0.30);

    /** Scores where members score {@code shift} higher on average: the larger, the stronger the attack. */
    private static double[] scores(boolean[] member, double shift, long seed) {
        Random rnd = new Random(seed);
        double[] s = new double[member.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = rnd.nextGaussian() + (member[i] ? shift : 0);
        }
        return s;
    }

    private static boolean[] truth(int n) {
        boolean[] m = new boolean[n];
        for (int i = 0; i < n; i++) {
            m[i] = i % 2 == 0;
        }
        return m;
    }

    private static ReleasePlanner.Candidate candidate(String version, String attack, List<String> reading,
            double[] scores, boolean[] truth, double upper) {
        return new ReleasePlanner.Candidate(version, attack, reading, RocCurve.of(scores, truth).tprAtFpr(0.01),
                upper, scores);
    }

    @Test
    void aSetIsNeverReportedLessRiskyThanItsRiskiestVersion() {
        boolean[] truth = truth(2000);
        ReleasePlanner.Candidate a = candidate("a", "conf", List.of(), scores(truth, 1.5, 1), truth, 0.0);
        a = new ReleasePlanner.Candidate("a", "conf", List.of(), a.tpr(), 0.95, a.scores()); // a wide interval
        ReleasePlanner.Candidate b = candidate("b", "conf", List.of(), scores(truth, 0.5, 2), truth, 0.0);
        b = new ReleasePlanner.Candidate("b", "conf", List.of(), b.tpr(), b.tpr() + 0.02, b.scores());
        Risk ra = ReleasePlanner.risk(List.of(a), List.of(), truth, 1e-3, 7);
        Risk rb = ReleasePlanner.risk(List.of(b), List.of(), truth, 1e-3, 7);
        // a multi-version attack on b stronger than either alone, but with a narrow interval: its upper end is
        // below a's own, so the set's upper bound must come from a
        double[] both = scores(truth, 2.5, 3);
        double tpr = RocCurve.of(both, truth).tprAtFpr(0.01);
        ReleasePlanner.Candidate mv = new ReleasePlanner.Candidate("b", "compleak-mr-compressed", List.of("a"), tpr,
                tpr + 0.01, both);
        assertThat(tpr).isGreaterThan(ra.tprAt1PctFpr());
        assertThat(tpr + 0.01).isLessThan(ra.upper());
        Risk set = ReleasePlanner.risk(List.of(a, b, mv), List.of(ra, rb), truth, 1e-3, 7);
        for (Risk member : List.of(ra, rb)) {
            assertThat(set.tprAt1PctFpr()).isGreaterThanOrEqualTo(member.tprAt1PctFpr());
            assertThat(set.upper()).isGreaterThanOrEqualTo(member.upper());
            assertThat(set.epsilonLowerBound()).isGreaterThanOrEqualTo(member.epsilonLowerBound());
        }
        assertThat(set.attack()).isEqualTo("compleak-mr-compressed");
        assertThat(set.version()).isEqualTo("b");
        assertThat(set.reading()).containsExactly("a");
        assertThat(set.upper()).isEqualTo(ra.upper());
        // the failing set names a, whose own interval sets the bound, and by how much it exceeds the budget
        Budget tight = new Budget(ReleasePlanner.TPR_BUDGET, ra.upper() - 0.05);
        ReleaseResults.OverBudget over = ReleasePlanner.over(tight, set, List.of(ra, rb));
        assertThat(over.version()).isEqualTo("a");
        assertThat(over.excess()).isCloseTo(0.05, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void aFailingSetNamesTheVersionWhoseAttackPushesItOver() {
        Risk alone1 = new Risk(0.10, 0.15, "rmia", "quantize-int8", List.of(), 1.0);
        Risk alone2 = new Risk(0.12, 0.18, "conf", "quantize-int4", List.of(), 1.1);
        // together, the multi-version attack on int4 reading int8 goes over where neither alone does
        Risk set = new Risk(0.31, 0.40, "compleak-mr-compressed", "quantize-int4", List.of("quantize-int8"), 2.0);
        assertThat(ReleasePlanner.meets(TPR_030, alone1)).isTrue();
        assertThat(ReleasePlanner.meets(TPR_030, alone2)).isTrue();
        assertThat(ReleasePlanner.meets(TPR_030, set)).isFalse();
        ReleaseResults.OverBudget o = ReleasePlanner.over(TPR_030, set, List.of(alone1, alone2));
        assertThat(o.version()).isEqualTo("quantize-int4");
        assertThat(o.attack()).isEqualTo("compleak-mr-compressed");
        assertThat(o.reading()).containsExactly("quantize-int8");
        assertThat(o.excess()).isCloseTo(0.10, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(o.alone()).isEqualTo(0.18);
        // an epsilon budget names the version of the strongest test
        ReleaseResults.OverBudget e = ReleasePlanner.over(new Budget(ReleasePlanner.EPSILON_BUDGET, 1.5), set,
                List.of(alone1, alone2));
        assertThat(e.version()).isEqualTo("quantize-int4");
        assertThat(e.excess()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void paretoFrontOfAHandMadeExample() {
        List<ParetoFront.Point> p = List.of(
                new ParetoFront.Point(0.20, 0.90, 0.0),   // 0: most accurate
                new ParetoFront.Point(0.20, 0.85, 0.0),   // 1: dominated by 0
                new ParetoFront.Point(0.10, 0.80, 0.5),   // 2: least risky
                new ParetoFront.Point(0.25, 0.90, 0.75),  // 3: smallest, as accurate as 0
                new ParetoFront.Point(0.25, 0.88, 0.75),  // 4: dominated by 3
                new ParetoFront.Point(0.10, 0.80, 0.5),   // 5: equal to 2: both stay
                new ParetoFront.Point(0.30, 0.70, 0.70)); // 6: dominated by 3
        assertThat(ParetoFront.of(p)).containsExactly(true, false, true, true, false, true, false);
    }

    private static ReleaseSet set(String name, double tpr, double upper, double acc, double size) {
        return new ReleaseSet(name, List.of(name.split("\\|")), acc, size, new Risk(tpr, upper, "conf", name,
                List.of(), 1.0), false, ReleasePlanner.meets(TPR_030, new Risk(tpr, upper, "conf", name, List.of(),
                1.0)), null, null, List.of(), List.of());
    }

    @Test
    void theBudgetIsJudgedByTheUpperBoundAndTheMostAccurateSetMeetingItIsChosen() {
        List<ReleaseSet> sets = List.of(
                set("a", 0.20, 0.35, 0.90, 0.0),   // point under 0.30, upper over: fails
                set("b", 0.25, 0.29, 0.85, 0.5),
                set("c", 0.10, 0.15, 0.85, 0.75),  // as accurate as b and smaller: chosen
                set("d", 0.05, 0.08, 0.70, 0.87));
        assertThat(sets.get(0).meetsBudget()).isFalse();
        ReleaseResults.Recommendation r = ReleasePlanner.recommend(sets, Optional.of(TPR_030));
        assertThat(r.meetingBudget()).containsExactly("b", "c", "d");
        assertThat(r.set()).isEqualTo("c");
        ReleaseResults.Recommendation none = ReleasePlanner.recommend(List.of(set("a", 0.20, 0.35, 0.9, 0),
                set("e", 0.5, 0.6, 0.9, 0)), Optional.of(TPR_030));
        assertThat(none.set()).isNull();
        assertThat(none.reason()).startsWith("No release set meets the budget");
    }

    @Test
    void setsAreTheDefaultOnesTheGivenOnesOrAllUpToASize() {
        List<String> v = List.of("original", "l1-unstructured@0.5", "l1-unstructured@0.5+quantize-int8",
                "quantize-int8");
        assertThat(ReleaseSets.of(v, "", 0)).containsExactly(List.of("original"), List.of("l1-unstructured@0.5"),
                List.of("l1-unstructured@0.5+quantize-int8"), List.of("quantize-int8"),
                List.of("original", "l1-unstructured@0.5"), List.of("original", "l1-unstructured@0.5+quantize-int8"),
                List.of("original", "quantize-int8"), v);
        // a combination's name wins over its parts; parts in another order name the parts
        assertThat(ReleaseSets.of(v, "original+l1-unstructured@0.5+quantize-int8", 0)).endsWith(
                List.of("original", "l1-unstructured@0.5+quantize-int8"));
        assertThat(ReleaseSets.of(v, "quantize-int8+l1-unstructured@0.5", 0)).endsWith(
                List.of("l1-unstructured@0.5", "quantize-int8"));
        assertThat(ReleaseSets.of(v, "", 2)).hasSize(4 + 6);
        assertThat(ReleaseSets.of(v, "", 3)).hasSize(4 + 6 + 4);
        assertThatThrownBy(() -> ReleaseSets.of(v, "original+int8", 0)).isInstanceOf(InvalidSetting.class)
                .hasMessageContaining("'int8' is not a version").hasMessageContaining("quantize-int8");
        assertThatThrownBy(() -> ReleaseSets.of(v, "original+original", 0)).isInstanceOf(InvalidSetting.class)
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> new ReleasePlanner("", 0, Optional.of(new Budget(ReleasePlanner.TPR_BUDGET, 1.5))))
                .isInstanceOf(InvalidSetting.class).hasMessageContaining("between 0 and 1");
    }

    @Test
    void exposureReadsScoresAsTheShareOfNonMembersBelow() {
        boolean[] m = {true, false, false, false, false, true};
        double[] p = Exposure.percentiles(new double[] {5, 1, 2, 3, 4, 2}, m);
        assertThat(p).containsExactly(1.0, 0.125, 0.375, 0.625, 0.875, 0.375);
        // member 5 rises from a tie with the lowest non-members to above all of them
        Exposure.Result r = Exposure.of(new double[] {5, 1, 2, 3, 4, 2}, new double[] {5, 1, 2, 3, 4, 9}, m,
                new int[] {0, 0, 1, 1, 0, 1}, new int[] {10, 11, 12, 13, 14, 15}, List.of("x", "y"), 10, 0.01);
        assertThat(r.top().get(0).record()).isEqualTo(15);
        assertThat(r.top().get(0).label()).isEqualTo("y");
        assertThat(r.top().get(0).rise()).isEqualTo(0.625);
        assertThat(r.perClass()).extracting(ReleaseResults.ClassChange::cls).containsExactly("x", "y");
        assertThat(r.perClass().get(1).tprOriginal()).isZero();
        assertThat(r.perClass().get(1).tprSet()).isEqualTo(1.0);
    }

    @Test
    void releaseJsonHasTheIssuesSchemaAndTheReportItsSection() throws Exception {
        Risk risk = new Risk(0.2, 0.25, "rmia", "quantize-int8", List.of(), 1.5);
        ReleaseResults r = new ReleaseResults(org.mia4j.Provenance.of(1, Map.of(), Map.of()), "location",
                ReleasePlanner.TPR_BUDGET, TPR_030, List.of(new ReleaseResults.Version("quantize-int8",
                        org.mia4j.model.Variant.compression("quantize-int8"), 0.5, 0.01, 0.75, risk)),
                List.of(new ReleaseSet("quantize-int8", List.of("quantize-int8"), 0.5, 0.75, risk, true, true, null,
                        null, List.of(), List.of())), ReleasePlanner.recommend(new ArrayList<>(List.of(
                        set("quantize-int8", 0.2, 0.25, 0.5, 0.75))), Optional.of(TPR_030)),
                new ReleaseResults.Cost(10, 1, 0, 2), List.of());
        JsonNode j = Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(r));
        for (String k : new String[] {"name", "test_accuracy", "size_reduction", "risk"}) {
            assertThat(j.get("versions").get(0).has(k)).as(k).isTrue();
        }
        for (String k : new String[] {"versions", "risk", "pareto"}) {
            assertThat(j.get("release_sets").get(0).has(k)).as(k).isTrue();
        }
        for (String k : new String[] {"tpr_at_1pct_fpr", "upper", "attack", "epsilon_lower_bound"}) {
            assertThat(j.get("release_sets").get(0).get("risk").has(k)).as(k).isTrue();
        }
        assertThat(j.get("recommendation").get("set").asText()).isEqualTo("quantize-int8");
        String html = ReleaseSection.into("<html><body><nav><h2>Contents</h2><ul></ul></nav><h2 id=verdict>Verdict"
                + "</h2></body></html>", r);
        assertThat(html).contains("<ul><li><a href=\"#release\">Release planner</a></li></ul>");
        assertThat(html).contains("<section id=\"release\">", "<svg", "Release quantize-int8.");
        assertThat(html.indexOf("id=\"release\"")).isLessThan(html.indexOf("id=verdict"));
    }
}
