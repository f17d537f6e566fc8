package org.mia4j.attack;

import org.mia4j.InvalidSetting;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mia4j.Mia4jException;
import org.mia4j.Plugins;
import org.mia4j.Setting;

/**
 * The attacks by command-line name, in the order reports list them: what every {@link AttackProvider} found (built-in
 * or plug-in, see {@link Plugins}) makes, and the settings they declare, composed once. Yuan &amp; Zhang compare SAMIA
 * with eight baselines: four threshold attacks (conf, xent, mentr, top1-conf), three neural (nn, top3-nn, nn-cls)
 * and an eighth our sources do not name, for which mia4j counts {@code label-only}.
 */
public final class AttackRegistry {
    public static final List<String> PAPER_BASELINES = List.of("conf", "xent", "mentr", "top1-conf", "nn",
            "top3-nn", "nn-cls", "label-only");
    private static volatile Known known;

    /** The providers by attack name and the settings they declare, as of one generation of the plug-ins. */
    private record Known(int generation, Map<String, AttackProvider> byName, List<Setting<?>> settings) {}

    private AttackRegistry() {}

    private static Known known() {
        Known k = known;
        if (k != null && k.generation() == Plugins.generation()) {
            return k;
        }
        Map<String, AttackProvider> byName = new LinkedHashMap<>();
        for (AttackProvider p : Plugins.providers(AttackProvider.class)) {
            for (String name : p.names()) {
                AttackProvider before = byName.putIfAbsent(name, p);
                if (before != null) {
                    throw new Mia4jException("attack '" + name + "' is provided twice: by "
                            + before.getClass().getName() + " and " + p.getClass().getName());
                }
            }
        }
        k = new Known(Plugins.generation(), byName, Setting.compose(byName.values().stream().distinct()
                .flatMap(p -> p.settings().stream()).toList()));
        known = k;
        return k;
    }

    public static List<String> names() {
        return List.copyOf(known().byName().keySet());
    }

    /** Every attack's settings, each once, in the attacks' order. */
    public static List<Setting<?>> settings() {
        return known().settings();
    }

    /** The settings attack {@code name} reads. */
    public static List<Setting<?>> settings(String name) {
        AttackProvider p = known().byName().get(name);
        return p == null ? List.of() : p.settings(name);
    }

    /**
     * A parsed {@code --attacks} value: the attacks, the ones named (not from {@code all}), and the values of the
     * settings each reads (recorded in its result rows).
     */
    public record Selection(List<Attack> attacks, Set<String> explicit, Map<String, Map<String, Object>> settings) {}

    /** Parses a comma-separated list; {@code all} selects every attack. */
    public static Selection parse(String spec, AttackContext context) {
        Known k = known();
        Map<String, Attack> out = new LinkedHashMap<>();
        Set<String> explicit = new java.util.HashSet<>();
        for (String raw : spec.split(",")) {
            String name = raw.trim();
            if (name.equals("all")) {
                k.byName().forEach((n, p) -> out.computeIfAbsent(n, x -> create(p, n, context)));
                continue;
            }
            AttackProvider p = k.byName().get(name);
            if (p == null) {
                throw new Mia4jException("unknown attack '" + name + "'; expected 'all' or some of " + names());
            }
            explicit.add(name);
            out.computeIfAbsent(name, x -> create(p, name, context));
        }
        if (out.isEmpty()) {
            throw new InvalidSetting("attacks", "is empty; expected 'all' or some of " + names());
        }
        Map<String, Map<String, Object>> settings = new LinkedHashMap<>();
        out.keySet().forEach(n -> settings.put(n, context.settings().only(k.byName().get(n).settings(n)).asMap()));
        return new Selection(List.copyOf(new ArrayList<>(out.values())), Set.copyOf(explicit), Map.copyOf(settings));
    }

    private static Attack create(AttackProvider p, String name, AttackContext context) {
        Attack a = p.create(name, context);
        if (a == null || !a.name().equals(name)) {
            throw new Mia4jException(p.getClass().getName() + " made " + (a == null ? "no attack" : "attack '"
                    + a.name() + "'") + " when asked for '" + name + "'");
        }
        return a;
    }

    /**
     * What an audit can give the attacks: shadow outputs, reference models, further queries of the target
     * (probes), and the target's outputs on population records.
     */
    public record Capabilities(boolean shadows, int references, boolean queries, boolean population,
            boolean inputs) {}

    /** The attacks that can run, why each of the others cannot, and the settings of each (by attack name). */
    public record Chosen(List<Attack> attacks, List<String> skipped, Map<String, Map<String, Object>> settings) {}

    /**
     * Parses {@code spec} and keeps the attacks {@code can} allows. Under {@code all}, the others are skipped with
     * a reason; an attack named explicitly whose needs are not met is an error.
     */
    public static Chosen select(String spec, AttackContext context, Capabilities can) {
        Selection selection = parse(spec, context);
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
        return new Chosen(List.copyOf(run), List.copyOf(skipped), selection.settings());
    }

    /** The probes the given attacks need, once each (attacks sharing a probe share its values). */
    public static List<Probe> probes(List<Attack> attacks) {
        Map<String, Probe> out = new java.util.TreeMap<>();
        attacks.forEach(a -> a.probes().forEach(p -> out.putIfAbsent(p.name(), p)));
        return List.copyOf(out.values());
    }
}
