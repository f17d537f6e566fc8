package org.mia4j.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mia4j.model.Variant;
import org.mia4j.report.AuditResults.AttackRow;
import org.mia4j.report.AuditResults.ModelRow;

class DefenseComparisonTest {
    @Test
    void theSummaryNamesTheDefenseThatLeaksLeastAmongThoseThatStillWork() {
        AuditResults base = HtmlReportTest.results();
        ModelRow ppb = HtmlReportTest.row("l1-unstructured@0.5+ppb", Variant.pruning("l1-unstructured", 0.5)
                .withDefense("ppb"), 0.97, 0.90);
        List<ModelRow> models = new ArrayList<>(base.models());
        models.add(ppb);
        List<AttackRow> rows = new ArrayList<>(base.attacks());
        rows.addAll(HtmlReportTest.attacks(ppb.model(), 0.2));
        AuditResults r = new AuditResults(base.provenance(), base.dataset(), models, List.of(), rows, List.of(),
                List.of(), List.of(), List.of(), null, base.changes(), base.verdict(), base.notes(), 1);
        DefenseComparison c = DefenseComparison.of(r, r);
        // the DP models leak less (TPR 7% at 1% FPR) but no longer work; ppb at 27% against 37% still works
        assertThat(c.summary()).startsWith("Of the 1 defended models that still work, l1-unstructured@0.5+ppb leaks "
                + "least at 1% FPR (adaptive adversary): TPR 27.0% against 37.0% for l1-unstructured@0.5, test "
                + "accuracy 0.900 against 0.920.").contains("2 no longer work (dp-sgd@eps=4, "
                        + "l1-unstructured@0.5+dp-sgd@eps=4)");
        String html = c.html();
        assertThat(html.indexOf("id=summary")).isLessThan(html.indexOf("<table>"));
        assertThat(html.split("no longer works</span>").length - 1).isEqualTo(2);
        assertThat(html).contains("viewBox=", "<div class=tw><table>");
    }
}
