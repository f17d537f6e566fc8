package org.mia4j.plan;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.mia4j.Defaults;
import org.mia4j.InvalidSetting;

/**
 * A target model trained elsewhere: a TorchScript file that maps a batch of records to logits (or posteriors),
 * and which records of the pool it trained on.
 *
 * @param file the TorchScript ({@code .pt}) file
 * @param membersIndex file of the pool indices the model trained on (one per line, or a JSON list)
 * @param nonMembersIndex file of the pool indices it did not train on; empty: a seeded share of every other record
 *     (the rest is the attacker's population)
 * @param outputs {@code auto} (rows of non-negative numbers summing to 1 are posteriors, anything else logits),
 *     {@code logits} (softmax applied here) or {@code posteriors}
 * @param classes the model's output order by class name; empty: the data set's own order (integer labels of a CSV
 *     map to themselves; string labels of a CSV need this)
 * @param populationIndex file of the pool indices of the attacker's population; empty: records neither audited
 *     nor trained on
 * @param allowUnfit audit a model that is not clearly better than the majority class on its own members
 * @param preprocess what the shadow and reference models of a table see: {@code standardize} (standardised and
 *     one-hot, as mia4j trains its own models) or {@code raw} (the numbers as written, as the given model sees them)
 * @param versions other versions of the model made elsewhere (an int8 or pruned export), by name: TorchScript files
 *     of the same data, members and classes, each audited like the model (the release planner); empty for none
 */
public record GivenModel(String file, String membersIndex, String nonMembersIndex, String outputs,
        List<String> classes, String populationIndex, boolean allowUnfit, String preprocess,
        Map<String, String> versions) {
    /** A version's name: it labels the version in reports and joins release sets ({@code a+b}), so no + or comma. */
    static final Pattern VERSION_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    public GivenModel(String file, String membersIndex, String nonMembersIndex, String outputs,
            List<String> classes, String populationIndex, boolean allowUnfit, String preprocess) {
        this(file, membersIndex, nonMembersIndex, outputs, classes, populationIndex, allowUnfit, preprocess,
                Map.of());
    }

    public GivenModel {
        versions = versions == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(versions));
        for (Map.Entry<String, String> v : versions.entrySet()) {
            if (!VERSION_NAME.matcher(v.getKey()).matches() || v.getKey().equals("original")) {
                throw new InvalidSetting("version", "name '" + v.getKey() + "' is not a version name: letters, "
                        + "digits, '.', '_' or '-' (no '+' or ','), not 'original' (the --model itself)");
            }
            if (v.getValue() == null || v.getValue().isBlank()) {
                throw new InvalidSetting("version", v.getKey() + " names no file: give NAME=FILE.pt");
            }
        }
        nonMembersIndex = nonMembersIndex == null ? "" : nonMembersIndex;
        outputs = outputs == null ? Defaults.MODEL_OUTPUTS : outputs;
        classes = classes == null ? List.of() : List.copyOf(classes);
        populationIndex = populationIndex == null ? "" : populationIndex;
        preprocess = preprocess == null ? Defaults.GIVEN_PREPROCESS : preprocess;
        if (!outputs.equals("auto") && !outputs.equals("logits") && !outputs.equals("posteriors")) {
            throw new InvalidSetting("outputs", "a given model's outputs are 'auto', 'logits' or 'posteriors', got '"
                    + outputs + "'");
        }
        if (!preprocess.equals("raw") && !preprocess.equals("standardize")) {
            throw new InvalidSetting("preprocess", "is 'raw' or 'standardize', got '" + preprocess + "'");
        }
        for (String c : classes) {
            if (c.isBlank()) {
                throw new InvalidSetting("classes", "holds an empty class name: " + classes);
            }
        }
        if (new HashSet<>(classes).size() != classes.size()) {
            throw new InvalidSetting("classes", "names a class twice: " + classes);
        }
    }

    /** The model, its members and (optionally) non-members; every other setting at its default. */
    public GivenModel(String file, String membersIndex, String nonMembersIndex, String outputs) {
        this(file, membersIndex, nonMembersIndex, outputs, List.of(), "", false, null);
    }

    /** The same model with its output order by class name (the Java API's counterpart of {@code --classes}). */
    public GivenModel withClasses(List<String> order) {
        return new GivenModel(file, membersIndex, nonMembersIndex, outputs, order, populationIndex, allowUnfit,
                preprocess, versions);
    }

    /** The same model with other versions of it made elsewhere, by name (the release planner's given models). */
    public GivenModel withVersions(Map<String, String> byName) {
        return new GivenModel(file, membersIndex, nonMembersIndex, outputs, classes, populationIndex, allowUnfit,
                preprocess, byName);
    }
}
