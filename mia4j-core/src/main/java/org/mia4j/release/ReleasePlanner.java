package org.mia4j.release;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mia4j.InvalidSetting;
import org.mia4j.Progress;
import org.mia4j.attack.Attack;
import org.mia4j.attack.AttackScores;
import org.mia4j.attack.AttackerKnowledge;
import org.mia4j.attack.VersionAttack;
import org.mia4j.json.Json;
import org.mia4j.metric.AttackMetrics;
import org.mia4j.metric.EpsilonLowerBound;
import org.mia4j.metric.Interval;
import org.mia4j.metric.PairedComparison;
import org.mia4j.metric.RocCurve;
import org.mia4j.model.Variant;
import org.mia4j.outputs.ModelOutputs;
import org.mia4j.plan.AuditConfig;
import org.mia4j.plan.VariantRecipe;
import org.mia4j.privacy.RdpAccountant;
import org.mia4j.report.AuditResults.AttackRow;
import org.mia4j.report.ReleaseResults.Budget;
import org.mia4j.report.ReleaseResults.ReleaseSet;
import org.mia4j.report.ReleaseResults.Risk;
import org.mia4j.report.ReleaseResults;
import org.mia4j.report.ReleaseSection;
import org.mia4j.run.AuditAddendum;
import org.mia4j.run.AuditedModel;
import org.mia4j.store.RunFolder;

/**
 * The release planner: which versions of a model (the original, its prunings and compressions) may be published
 * together. It runs on one audit of every version (one training of the target, shadows and references) and
 * regroups its outputs: a version's risk is its strongest single-version attack; a release set's is the strongest
 * attack an adversary holding exactly those versions can run — every single-version attack on each of them and
 * the multi-version attacks (CompLeak) restricted to them, their shadows compressed alike — at 1% FPR with the
 * upper end of its interval, and the epsilon lower bound. Attacks the audit already ran on the same versions are
 * reused; only multi-version attacks on a proper part of the versions are fitted anew.
 */
public final class ReleasePlanner implements AuditAddendum {
    static final int EXPOSED = 10;
    static final double FPR = 0.01;
    public static final String TPR_BUDGET = "tpr_at_1pct_fpr";
    public static final String EPSILON_BUDGET = "epsilon_lower_bound";

    private final String sets;
    private final int maxSetSize;
    private final Optional<Budget> budget;
    private ReleaseResults result;

    /**
     * @param sets release sets written out ({@code a+b,a+b+c}); empty for the default
     * @param maxSetSize every set of up to this many versions (0: none)
     */
    public ReleasePlanner(String sets, int maxSetSize, Optional<Budget> budget) {
        this.sets = sets == null ? "" : sets;
        this.maxSetSize = maxSetSize;
        this.budget = budget;
        budget.ifPresent(b -> {
            if (!b.metric().equals(TPR_BUDGET) && !b.metric().equals(EPSILON_BUDGET)) {
                throw new IllegalArgumentException("unknown budget metric " + b.metric());
            }
            if (!(b.max() >= 0) || b.metric().equals(TPR_BUDGET) && b.max() > 1) {
                throw new InvalidSetting(b.metric().equals(TPR_BUDGET) ? "max-tpr-at-1pct-fpr"
                        : "max-epsilon-lower-bound", "must be " + (b.metric().equals(TPR_BUDGET)
                        ? "between 0 and 1" : "0 or more") + ", got " + b.max());
            }
        });
    }

    /** The versions an audit of {@code config} makes, in order: the original, then each pruning and compression. */
    public static List<String> versions(AuditConfig config) {
        List<String> out = new ArrayList<>(List.of(Variant.ORIGINAL.label()));
        config.givenModel().ifPresent(g -> out.addAll(g.versions().keySet()));
        for (VariantRecipe r : config.variants()) {
            if (isVersion(r.variant())) {
                out.add(r.variant().label());
            }
        }
        return List.copyOf(out);
    }

    private static boolean isVersion(Variant v) {
        return v.isOriginal() || !v.isDefended() && (v.kind() == Variant.Kind.PRUNING
                || v.kind() == Variant.Kind.COMPRESSION);
    }

    /** Refuses, before anything is trained, a plan with no version besides the original or sets naming others. */
    public List<List<String>> check(AuditConfig config) {
        List<String> versions = versions(config);
        boolean given = config.givenModel().isPresent();
        if (versions.size() < 2) {
            throw given ? new InvalidSetting("version", "is missing: give each version of the --model to release as "
                    + "--version NAME=FILE.pt")
                    : new InvalidSetting("pruners", "make no version besides the original; name prunings or "
                    + "compressions to release (e.g. quantize-int8, l1-unstructured)");
        }
        List<String> attacks = java.util.Arrays.stream(config.attacks().split(",")).map(String::trim).toList();
        if (given && attacks.stream().anyMatch(a -> a.startsWith("compleak-"))) {
            throw new InvalidSetting("attacks", "name multi-version attacks (" + String.join(",", attacks.stream()
                    .filter(a -> a.startsWith("compleak-")).toList()) + "): they need shadow models compressed like "
                    + "each version, and versions given as files do not say how they were made; leave them out");
        }
        if (attacks.stream().allMatch(a -> a.startsWith("compleak-"))) {
            throw new InvalidSetting("attacks", "are all multi-version attacks; a version alone needs a "
                    + "single-version attack too (e.g. conf, nn, rmia)");
        }
        return ReleaseSets.of(versions, sets, maxSetSize);
    }

    /** The plan of the last run, if any. */
    public Optional<ReleaseResults> result() {
        return Optional.ofNullable(result);
    }

    @Override
    public Added run(Audit audit, Optional<RunFolder> folder, Progress progress) {
        ReleaseResults r = plan(audit, progress);
        folder.ifPresent(f -> Json.write(f.file("release.json"), r));
        result = r;
        return html -> ReleaseSection.into(html, r);
    }

    /** One attack an adversary can run: on which version, reading which others, with its scores and metrics. */
    record Candidate(String version, String attack, List<String> reading, double tpr, double upper,
            double[] scores) {
        String key() {
            return version + "/" + attack + (reading.isEmpty() ? "" : "[" + String.join(",", reading) + "]");
        }
    }

    ReleaseResults plan(Audit audit, Progress progress) {
        long t0 = System.nanoTime();
        int bootstrap = audit.config().bootstrap();
        long seed = audit.config().seed();
        Map<String, AuditedModel> models = new LinkedHashMap<>();
        for (AuditedModel m : audit.inputs().models()) {
            if (isVersion(m.variant())) {
                models.put(m.variant().label(), m);
            }
        }
        List<String> names = List.copyOf(models.keySet());
        List<List<String>> sets = ReleaseSets.of(names, this.sets, maxSetSize);
        AuditedModel original = models.get(Variant.ORIGINAL.label());
        for (AuditedModel m : models.values()) {
            if (!Arrays.equals(m.recordIndex(), original.recordIndex())) {
                throw new IllegalStateException(m.variant().label() + " was audited on other records than the "
                        + "original");
            }
        }
        boolean[] truth = original.target().members();
        int members = 0;
        for (boolean t : truth) {
            members += t ? 1 : 0;
        }
        double delta = RdpAccountant.defaultDelta(members);
        List<VersionAttack> multi = audit.attacks().stream().filter(a -> a instanceof VersionAttack)
                .map(a -> (VersionAttack) a).toList();
        Set<String> multiNames = new java.util.HashSet<>();
        multi.forEach(a -> multiNames.add(a.name()));
        Map<String, double[]> columns = new HashMap<>();
        audit.attacked().scores().forEach(s -> s.columns().forEach((a, v) -> columns.put(s.model().variant().label()
                + "/" + a, v)));

        // each version alone: its single-version attacks as the audit ran them
        Map<String, List<Candidate>> singles = new LinkedHashMap<>();
        for (String v : names) {
            List<Candidate> c = new ArrayList<>();
            for (AttackRow row : audit.attacked().rows()) {
                if (row.model().equals(v) && !multiNames.contains(row.attack())) {
                    c.add(new Candidate(v, row.attack(), List.of(), row.tprAt1PctFpr(), upper(row),
                            columns.get(v + "/" + row.attack())));
                }
            }
            if (c.isEmpty()) {
                throw new InvalidSetting("attacks", "leave no single-version attack for " + v + "; name some "
                        + "besides the compleak ones");
            }
            singles.put(v, c);
        }
        Map<String, Risk> versionRisk = new LinkedHashMap<>();
        for (String v : names) {
            versionRisk.put(v, risk(singles.get(v), List.of(), truth, delta, seed));
        }

        // each set: its versions' attacks, and the multi-version attacks reading only its versions
        Map<String, Candidate> fitted = new HashMap<>();
        int[] counts = new int[2]; // extra fits, reused
        List<Risk> setRisks = new ArrayList<>();
        List<List<Candidate>> setCandidates = new ArrayList<>();
        try (Progress.Task task = progress.start("release sets", sets.size())) {
            for (List<String> set : sets) {
                task.message(ReleaseSets.name(set));
                List<Candidate> all = new ArrayList<>();
                set.forEach(v -> all.addAll(singles.get(v)));
                for (String v : set) {
                    if (v.equals(Variant.ORIGINAL.label())) {
                        continue;
                    }
                    for (VersionAttack a : multi) {
                        multiVersion(a, models.get(v), set, audit, columns, fitted, counts, bootstrap, seed)
                                .ifPresent(all::add);
                    }
                }
                setRisks.add(risk(all, set.stream().map(versionRisk::get).toList(), truth, delta, seed));
                setCandidates.add(all);
                task.step();
            }
        }

        // cost and the front
        List<ReleaseResults.Version> versions = new ArrayList<>();
        double originalAccuracy = original.row().testAccuracy();
        for (String v : names) {
            AuditedModel m = models.get(v);
            versions.add(new ReleaseResults.Version(v, m.variant(), m.row().testAccuracy(),
                    originalAccuracy - m.row().testAccuracy(), size(m), versionRisk.get(v)));
        }
        Map<String, ReleaseResults.Version> byName = new LinkedHashMap<>();
        versions.forEach(v -> byName.put(v.name(), v));
        List<ParetoFront.Point> points = new ArrayList<>();
        for (int i = 0; i < sets.size(); i++) {
            points.add(new ParetoFront.Point(setRisks.get(i).tprAt1PctFpr(), accuracy(sets.get(i), byName),
                    size(sets.get(i), byName)));
        }
        boolean[] front = ParetoFront.of(points);
        Candidate originalBest = best(singles.get(Variant.ORIGINAL.label()));
        List<String> classNames = audit.inputs().classNames();
        int[] labels = original.target().labels();
        List<ReleaseSet> out = new ArrayList<>();
        for (int i = 0; i < sets.size(); i++) {
            List<String> set = sets.get(i);
            Risk risk = setRisks.get(i);
            Boolean meets = budget.map(b -> meets(b, risk)).orElse(null);
            ReleaseResults.OverBudget over = Boolean.FALSE.equals(meets) ? over(budget.get(), risk,
                    set.stream().map(versionRisk::get).toList())
                    : null;
            Candidate setBest = best(setCandidates.get(i));
            ReleaseResults.MultiVersion mv = set.size() < 2 ? null : multiEffect(set, versionRisk, singles,
                    setCandidates.get(i), setBest, truth, delta, bootstrap, seed);
            Exposure.Result exposed = setBest == originalBest ? Exposure.Result.NONE
                    : Exposure.of(originalBest.scores(), setBest.scores(), truth, labels, original.recordIndex(),
                            classNames, EXPOSED, FPR);
            out.add(new ReleaseSet(ReleaseSets.name(set), set, accuracy(set, byName), size(set, byName), risk,
                    front[i], meets, over, mv, exposed.top(), exposed.perClass()));
        }
        List<String> notes = notes(audit);
        return new ReleaseResults(audit.results().provenance(), audit.inputs().dataset().name(), TPR_BUDGET,
                budget.orElse(null), versions, out, recommend(out, budget), new ReleaseResults.Cost(
                        audit.results().wallSeconds(), (System.nanoTime() - t0) / 1e9, counts[0], counts[1]), notes);
    }

    /**
     * Attack {@code a} on version {@code target} reading only the other versions of {@code set} it reads: the
     * audit's own result when it read exactly those, else fitted anew on the shadows restricted alike.
     */
    private static Optional<Candidate> multiVersion(VersionAttack a, AuditedModel target, List<String> set,
            Audit audit, Map<String, double[]> columns, Map<String, Candidate> fitted, int[] counts, int bootstrap,
            long seed) {
        String v = target.variant().label();
        String originalName = Variant.ORIGINAL.label();
        if (a.readsOriginal() && !set.contains(originalName)) {
            return Optional.empty();
        }
        List<String> reading = a.multiVersion() ? set.stream().filter(u -> !u.equals(v)
                && (a.readsOriginal() || !u.equals(originalName))).toList() : List.of(originalName);
        if (reading.size() < (a.multiVersion() && a.readsOriginal() ? 2 : 1)) {
            return Optional.empty();
        }
        Set<String> probes = new LinkedHashSet<>();
        reading.forEach(u -> probes.add(VersionAttack.PREFIX + u));
        List<String> auditRead = a.versions(target.target().probes());
        Optional<AttackRow> row = audit.attacked().rows().stream().filter(r -> r.model().equals(v)
                && r.attack().equals(a.name())).findFirst();
        if (row.isPresent() && new LinkedHashSet<>(auditRead).equals(probes)) {
            counts[1]++;
            return Optional.of(new Candidate(v, a.name(), reading, row.get().tprAt1PctFpr(), upper(row.get()),
                    columns.get(v + "/" + a.name())));
        }
        String key = v + "/" + a.name() + "/" + String.join(",", reading);
        if (fitted.containsKey(key)) {
            return Optional.of(fitted.get(key));
        }
        ModelOutputs t = restrict(target.target(), probes);
        AttackerKnowledge k = target.knowledge();
        if (!k.hasShadows()) {
            return Optional.empty();
        }
        AttackerKnowledge restricted = new AttackerKnowledge(restrict(k.shadows(), probes), k.references());
        Attack attack = a.readsOriginal() ? a : a.withOneOther();
        if (!attack.appliesTo(t.observations(), restricted)) {
            return Optional.empty();
        }
        AttackScores sc;
        try (Attack.Fitted f = attack.fit(restricted)) {
            sc = f.score(t.observations());
        }
        counts[0]++;
        AttackMetrics m = AttackMetrics.withIntervals(sc.scores(), sc.decisions(), t.members(), bootstrap, seed);
        Interval ci = m.intervals().get("tpr_at_1pct_fpr");
        Candidate c = new Candidate(v, a.name(), reading, m.tprAt1PctFpr(), ci == null ? m.tprAt1PctFpr()
                : ci.high(), sc.scores());
        fitted.put(key, c);
        return Optional.of(c);
    }

    /** {@code o} with only the versions in {@code keep} among its other versions' posteriors. */
    static ModelOutputs restrict(ModelOutputs o, Set<String> keep) {
        Map<String, float[]> p = new LinkedHashMap<>();
        o.probes().forEach((k, v) -> {
            if (!k.startsWith(VersionAttack.PREFIX) || keep.contains(k)) {
                p.put(k, v);
            }
        });
        return new ModelOutputs(o.model(), o.posteriors(), o.numClasses(), o.labels(), o.members(), p,
                o.population(), o.inputs());
    }

    private static double upper(AttackRow row) {
        Interval ci = row.ci95() == null ? null : row.ci95().get("tpr_at_1pct_fpr");
        return ci == null ? row.tprAt1PctFpr() : ci.high();
    }

    /** The strongest candidate at 1% FPR (the first of equals). */
    static Candidate best(List<Candidate> candidates) {
        Candidate b = null;
        for (Candidate c : candidates) {
            if (b == null || c.tpr() > b.tpr()) {
                b = c;
            }
        }
        return b;
    }

    /**
     * The risk of what an adversary can run ({@code candidates}): the strongest attack at 1% FPR; its upper bound,
     * raised to any member version's ({@code members}) so a set never reads safer than a version it holds; the
     * epsilon lower bound of one test chosen over all the candidates' scores, or a member's when higher.
     */
    static Risk risk(List<Candidate> candidates, List<Risk> members, boolean[] truth, double delta, long seed) {
        Candidate b = best(candidates);
        Map<String, double[]> scores = new LinkedHashMap<>();
        candidates.forEach(c -> scores.put(c.key(), c.scores()));
        double eps = EpsilonLowerBound.chosen(scores, truth, delta, seed).epsilon();
        double tpr = b.tpr();
        double upper = Math.max(b.upper(), b.tpr());
        String attack = b.attack();
        String version = b.version();
        List<String> reading = b.reading();
        for (Risk m : members) {
            eps = Math.max(eps, m.epsilonLowerBound());
            if (m.tprAt1PctFpr() > tpr) { // cannot happen: the candidates hold every member's attacks
                throw new IllegalStateException("a set read safer than its version " + m.version());
            }
            if (m.upper() > upper) {
                upper = m.upper();
            }
        }
        return new Risk(tpr, upper, attack, version, reading, eps);
    }

    static boolean meets(Budget b, Risk r) {
        return b.metric().equals(TPR_BUDGET) ? r.upper() <= b.max() : r.epsilonLowerBound() <= b.max();
    }

    /**
     * What pushes a failing set over: the version (and attack) its upper bound comes from, by how much it exceeds
     * the budget; for an epsilon budget, the version of its strongest attack.
     */
    static ReleaseResults.OverBudget over(Budget b, Risk r, List<Risk> members) {
        if (b.metric().equals(EPSILON_BUDGET)) {
            Risk alone = members.stream().filter(m -> m.version().equals(r.version())).findFirst().orElse(r);
            return new ReleaseResults.OverBudget(r.version(), r.attack(), r.reading(), r.epsilonLowerBound(),
                    r.epsilonLowerBound() - b.max(), alone.epsilonLowerBound());
        }
        // the set's upper bound is its strongest attack's, or a member's own when that is higher
        Risk from = members.stream().max(Comparator.comparingDouble(Risk::upper)).filter(m -> m.upper() == r.upper())
                .orElse(r);
        return new ReleaseResults.OverBudget(from.version(), from.attack(), from.reading(), r.upper(),
                r.upper() - b.max(), members.stream().filter(m -> m.version().equals(from.version())).findFirst()
                        .map(Risk::upper).orElse(r.upper()));
    }

    /** The set's strongest attack against its riskiest version's, paired on the same records. */
    static ReleaseResults.MultiVersion multiEffect(List<String> set, Map<String, Risk> versionRisk,
            Map<String, List<Candidate>> singles, List<Candidate> all, Candidate setBest, boolean[] truth,
            double delta, int bootstrap, long seed) {
        String riskiest = set.stream().max(Comparator.comparingDouble(v -> versionRisk.get(v).tprAt1PctFpr()))
                .orElseThrow();
        Candidate alone = best(singles.get(riskiest));
        PairedComparison p = PairedComparison.of(alone.scores(), setBest.scores(), truth,
                (s, m) -> RocCurve.of(s, m).tprAtFpr(FPR), bootstrap, seed);
        Candidate mv = best(all.stream().filter(c -> !c.reading().isEmpty()).toList());
        Risk multi = mv == null ? null : new Risk(mv.tpr(), mv.upper(), mv.attack(), mv.version(), mv.reading(),
                EpsilonLowerBound.of(mv.scores(), truth, delta, seed).epsilon());
        return new ReleaseResults.MultiVersion(riskiest, p.base(), p.other(), p.ci95(), p.significant(), multi);
    }

    /** A set's accuracy: its most accurate version's. */
    static double accuracy(List<String> set, Map<String, ReleaseResults.Version> versions) {
        return set.stream().mapToDouble(v -> versions.get(v).testAccuracy()).max().orElseThrow();
    }

    /** A set's size reduction: its smallest version's. */
    static double size(List<String> set, Map<String, ReleaseResults.Version> versions) {
        return set.stream().mapToDouble(v -> versions.get(v).sizeReduction()).max().orElseThrow();
    }

    private static double size(AuditedModel m) {
        return m.row().sizeReduction() != null ? m.row().sizeReduction() : m.row().parameterReduction();
    }

    /**
     * The answer: with a budget, the set meeting it that keeps the most accuracy, then size, then the lowest risk;
     * without one, the front.
     */
    static ReleaseResults.Recommendation recommend(List<ReleaseSet> sets, Optional<Budget> budget) {
        List<String> front = sets.stream().filter(ReleaseSet::pareto).map(ReleaseSet::name).toList();
        if (sets.stream().allMatch(s -> s.meetsBudget() == null)) {
            return new ReleaseResults.Recommendation(null, "No budget was given: the Pareto front lists the sets "
                    + "that no other beats on risk, accuracy and size at once.", List.of(), front);
        }
        List<ReleaseSet> ok = sets.stream().filter(s -> Boolean.TRUE.equals(s.meetsBudget())).toList();
        if (ok.isEmpty()) {
            return new ReleaseResults.Recommendation(null, "No release set meets the budget, not even a single "
                    + "version alone: none can be released under it.", List.of(), front);
        }
        ReleaseSet pick = ok.stream().max(Comparator.comparingDouble(ReleaseSet::testAccuracy)
                .thenComparingDouble(ReleaseSet::sizeReduction)
                .thenComparing(Comparator.comparingDouble((ReleaseSet s) -> s.risk().upper()).reversed()))
                .orElseThrow();
        String by = budget.map(b -> b.metric().equals(EPSILON_BUDGET) ? "by their epsilon lower bound"
                : "by their upper confidence bound").orElse("");
        return new ReleaseResults.Recommendation(pick.name(), String.format(Locale.ROOT, "%d of %d sets meet the "
                + "budget %s; %s keeps the most accuracy (%.3f) and then size "
                + "(%.3f smaller) among them.", ok.size(), sets.size(), by, pick.name(), pick.testAccuracy(),
                pick.sizeReduction()), ok.stream().map(ReleaseSet::name).toList(), front);
    }

    private List<String> notes(Audit audit) {
        List<String> n = new ArrayList<>();
        n.add("Risk is the strongest attack's TPR at 1% FPR among those the adversary can run; 'upper' is the upper "
                + "end of that attack's 95% bootstrap interval, raised to any member version's own, and a budget is "
                + "judged by it. Picking the strongest of many attacks favours a high point estimate: read the "
                + "intervals.");
        n.add("A set's accuracy is its most accurate version's and its size reduction its smallest version's (each "
                + "version serves where it fits). A pruning's size reduction is the share of parameters it removes "
                + "(what a sparse format saves; a dense file of unstructured zeros saves nothing).");
        n.add("The epsilon lower bound is one test chosen over every attack the adversary can run (or a member "
                + "version's own bound when higher), its errors counted on the other half of the records.");
        if (budget.isPresent() && budget.get().metric().equals(EPSILON_BUDGET)) {
            n.add("An epsilon budget is judged by the epsilon lower bound itself: meeting it means no test proved "
                    + "more, not that the set is private.");
        }
        if (audit.config().givenModel().isPresent()) {
            n.add("Given versions: each is attacked alone with the single-version attacks and the given original's "
                    + "shadow and reference models (the adversary does not know how the versions were made, so its "
                    + "shadows are not compressed alike). Multi-version attacks were not run: they need shadows "
                    + "compressed like each version, which nothing here can make. A set's risk is the strongest "
                    + "single-version attack on any of its versions, so it is a lower bound: an adversary who "
                    + "compares the versions, or knows how they were made, may do better.");
            n.add("A given version's size reduction is measured from its file: the larger of 1 - its bytes / the "
                    + "original's and the share of its weights exactly zero beyond the original's (what a sparse "
                    + "format would save of a pruned export stored dense); the audit's notes give both.");
            return n;
        }
        n.add("Multi-version attacks: " + audit.attacks().stream().filter(a -> a instanceof VersionAttack)
                .map(Attack::name).toList() + "; restricted to each set's versions, the shadows' versions restricted "
                + "alike (the adversary compresses its shadows as the target).");
        return n;
    }
}
