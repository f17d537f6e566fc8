package org.mia4j.run;

import java.util.List;
import java.util.Optional;
import org.mia4j.report.AuditResults.CriticalWeightsReport;
import org.mia4j.report.AuditResults.DatasetInfo;
import org.mia4j.report.AuditResults.ModelRow;

/**
 * What the attack stage needs, however it was obtained (models trained here, a model given, or output files):
 * the audited models in report order, the data description, and what is reported beside them.
 *
 * @param shadowRows the adversary's shadow and reference models, for the record
 * @param notes what the report should say about the inputs (e.g. why no shadow models exist)
 * @param adversary what the adversary knows and has, in words (the verdict states it)
 * @param cautions what the verdict must say before any level (e.g. a given model that does not work on its members)
 */
public record AuditInputs(DatasetInfo dataset, List<String> classNames, List<AuditedModel> models,
        List<ModelRow> shadowRows, Optional<CriticalWeightsReport> critical, List<String> notes, String adversary,
        List<String> cautions) {

    public AuditInputs(DatasetInfo dataset, List<String> classNames, List<AuditedModel> models,
            List<ModelRow> shadowRows, Optional<CriticalWeightsReport> critical, List<String> notes,
            String adversary) {
        this(dataset, classNames, models, shadowRows, critical, notes, adversary, List.of());
    }

    public AuditInputs {
        cautions = cautions == null ? List.of() : List.copyOf(cautions);
        models = List.copyOf(models);
        shadowRows = List.copyOf(shadowRows);
        classNames = List.copyOf(classNames);
        notes = List.copyOf(notes);
    }
}
