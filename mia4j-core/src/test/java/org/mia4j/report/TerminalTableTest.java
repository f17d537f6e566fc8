package org.mia4j.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mia4j.model.Variant;
import org.mia4j.report.AuditResults.AttackRow;
import org.mia4j.report.AuditResults.ModelRow;

class TerminalTableTest {
    @Test
    void theConsoleTablesShowTheSizeReductionOfCompressions() {
        AuditResults base = HtmlReportTest.results();
        ModelRow int8 = new ModelRow("quantize-int8", Variant.compression("quantize-int8"), "target", 1.0, 0.93, 0, 0,
                0, 1, 1, 0.9, 1, null, 0.745, 0, 0);
        List<ModelRow> models = new ArrayList<>(base.models());
        models.add(int8);
        List<AttackRow> rows = new ArrayList<>(base.attacks());
        rows.addAll(HtmlReportTest.attacks(int8.model(), 0.25));
        AuditResults r = new AuditResults(base.provenance(), base.dataset(), models, List.of(), rows, List.of(),
                List.of(), List.of(), List.of(), null, base.changes(), base.verdict(), base.notes(), 1);
        for (String table : List.of(TerminalTable.sweep(r), TerminalTable.render(r))) {
            List<String> lines = table.lines().toList();
            assertThat(lines.get(0)).contains("size-");
            assertThat(lines.stream().filter(l -> l.startsWith("quantize-int8 ")).findFirst().orElseThrow())
                    .contains("0.745");
            assertThat(lines.stream().filter(l -> l.startsWith("original ")).findFirst().orElseThrow())
                    .doesNotContain("0.745");
        }
        assertThat(TerminalTable.sweep(base).lines().findFirst().orElseThrow()).doesNotContain("size-");
    }
}
