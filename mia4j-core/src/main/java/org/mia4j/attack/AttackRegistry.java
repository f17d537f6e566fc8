package org.mia4j.attack;

import org.mia4j.InvalidSetting;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.mia4j.Mia4jException;

/**
 * Maps command-line attack names to their classes, in the order reports list them. Yuan &amp; Zhang compare SAMIA
 * with eight baselines: four threshold attacks (conf, xent, mentr, top1-conf), three neural (nn, top3-nn,
 * nn-cls) and an eighth our sources do not name, for which mia4j counts {@code label-only}.
 */
public final class AttackRegistry {
    private static final Map<String, BiFunction<AttackOptions, Long, Attack>> ATTACKS = new LinkedHashMap<>();
    public static final List<String> PAPER_BASELINES = List.of("conf", "xent", "mentr", "top1-conf", "nn",
            "top3-nn", "nn-cls", "label-only");

    static {
        ATTACKS.put("conf", (o, s) -> new ConfAttack());
        ATTACKS.put("xent", (o, s) -> new XentAttack());
        ATTACKS.put("entropy", (o, s) -> new EntropyAttack());
        ATTACKS.put("mentr", (o, s) -> new MentrAttack());
        ATTACKS.put("top1-conf", (o, s) -> new Top1ConfAttack());
        ATTACKS.put("top1-conf-gt", (o, s) -> new Top1ConfGtAttack());
        ATTACKS.put("correctness", (o, s) -> new CorrectnessAttack());
        ATTACKS.put("nn", (o, s) -> new NnAttack(o.neural(), s));
        ATTACKS.put("top3-nn", (o, s) -> new Top3NnAttack(o.neural(), s));
        ATTACKS.put("nn-cls", (o, s) -> new NnClsAttack(o.neural(), s));
        ATTACKS.put("label-only", (o, s) -> new LabelOnlyAttack(new LabelNoiseProbe(o.labelQueries(),
                o.labelNoise())));
        ATTACKS.put("samia", (o, s) -> new Samia(SamiaModel.paper(o.samiaLayers(), o.samiaHeads()), o.samia(), s,
                o.samiaMaxRecords(), new SensitivityProbe(o.samiaM(), o.samiaEps())));
        ATTACKS.put("lira-online", (o, s) -> new Lira(Lira.Variant.ONLINE));
        ATTACKS.put("lira-offline", (o, s) -> new Lira(Lira.Variant.OFFLINE));
        ATTACKS.put("lira-fixed", (o, s) -> new Lira(Lira.Variant.FIXED_VARIANCE));
        ATTACKS.put("rmia", (o, s) -> new Rmia(o.rmiaGamma()));
        ATTACKS.put("rmia-online", (o, s) -> new Rmia(o.rmiaGamma(), true));
        ATTACKS.put("qmia", (o, s) -> new Qmia(o.neural().epochs(), s));
        ATTACKS.put("compleak-sr", (o, s) -> new VersionAttack(false, o.neural(), s));
        ATTACKS.put("compleak-mr", (o, s) -> new VersionAttack(true, o.neural(), s));
        ATTACKS.put("compleak-mr-compressed", (o, s) -> new VersionAttack(true, false, o.neural(), s));
    }

    private AttackRegistry() {}

    public static List<String> names() {
        return List.copyOf(ATTACKS.keySet());
    }

    /** A parsed {@code --attacks} value: the attacks, and whether they came from {@code all}. */
    public record Selection(List<Attack> attacks, Set<String> explicit) {}

    /** Parses a comma-separated list; {@code all} selects every attack. */
    public static Selection parse(String spec, AttackOptions options, long seed) {
        Map<String, Attack> out = new LinkedHashMap<>();
        Set<String> explicit = new java.util.HashSet<>();
        for (String raw : spec.split(",")) {
            String name = raw.trim();
            if (name.equals("all")) {
                ATTACKS.forEach((k, f) -> out.putIfAbsent(k, f.apply(options, seed)));
                continue;
            }
            BiFunction<AttackOptions, Long, Attack> f = ATTACKS.get(name);
            if (f == null) {
                throw new Mia4jException("unknown attack '" + name + "'; expected 'all' or some of " + names());
            }
            explicit.add(name);
            out.putIfAbsent(name, f.apply(options, seed));
        }
        if (out.isEmpty()) {
            throw new InvalidSetting("attacks", "is empty; expected 'all' or some of " + names());
        }
        return new Selection(List.copyOf(new ArrayList<>(out.values())), Set.copyOf(explicit));
    }

    /**
     * What an audit can give the attacks: shadow outputs, reference models, further queries of the target
     * (probes), and the target's outputs on population records.
     */
    public record Capabilities(boolean shadows, int references, boolean queries, boolean population,
            boolean inputs) {}

    /** The attacks that can run, and why each of the others cannot. */
    public record Chosen(List<Attack> attacks, List<String> skipped) {}

    /**
     * Parses {@code spec} and keeps the attacks {@code can} allows. Under {@code all}, the others are skipped with
     * a reason; an attack named explicitly whose needs are not met is an error.
     */
    public static Chosen select(String spec, AttackOptions options, long seed, Capabilities can) {
        Selection selection = parse(spec, options, seed);
        List<Attack> run = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Attack a : selection.attacks()) {
            String why = null;
            if (a.minReferences() > can.references()) {
                why = a.name() + " needs at least " + a.minReferences() + " reference models (references: "
                        + can.references() + ")";
            } else if (a.needsShadows() && !can.shadows()) {
                why = a.name() + " is calibrated on shadow models' outputs, and there are none";
            } else if (!a.probes().isEmpty() && !can.queries()) {
                why = a.name() + " queries the model again (" + String.join(", ", a.probes().stream()
                        .map(Probe::name).toList()) + "), and only its outputs were given";
            } else if (a.needsPopulation() && !can.population() || a.needsInputs() && !can.inputs()) {
                List<String> lacks = new ArrayList<>();
                if (a.needsPopulation() && !can.population()) {
                    lacks.add(a.minReferences() > 0 ? "the target's and the reference models' outputs on population "
                            + "records" : "the target's outputs on population records (known non-members)");
                }
                if (a.needsInputs() && !can.inputs()) {
                    lacks.add("every record's input features (it models a record's non-member score from them; only "
                            + "outputs were given)");
                }
                why = a.name() + " needs " + String.join(" and ", lacks);
            }
            if (why == null) {
                run.add(a);
            } else if (selection.explicit().contains(a.name())) {
                throw new Mia4jException("attack " + why);
            } else {
                skipped.add(why);
            }
        }
        if (run.isEmpty()) {
            throw new Mia4jException("no attack can run on what was given: " + String.join("; ", skipped));
        }
        return new Chosen(List.copyOf(run), List.copyOf(skipped));
    }

    /** The probes the given attacks need, once each (attacks sharing a probe share its values). */
    public static List<Probe> probes(List<Attack> attacks) {
        Map<String, Probe> out = new java.util.TreeMap<>();
        attacks.forEach(a -> a.probes().forEach(p -> out.putIfAbsent(p.name(), p)));
        return List.copyOf(out.values());
    }
}
