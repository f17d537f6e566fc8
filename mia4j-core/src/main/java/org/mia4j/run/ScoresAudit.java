package org.mia4j.run;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.mia4j.Defaults;
import org.mia4j.Mia4jException;
import org.mia4j.Progress;
import org.mia4j.Provenance;
import org.mia4j.Setting;
import org.mia4j.Settings;
import org.mia4j.attack.AttackContext;
import org.mia4j.attack.AttackRegistry;
import org.mia4j.attack.AttackerKnowledge;
import org.mia4j.attack.ReferenceOutputs;
import org.mia4j.model.Variant;
import org.mia4j.outputs.ModelOutputs;
import org.mia4j.report.AuditResults.DatasetInfo;
import org.mia4j.report.AuditResults.ModelRow;
import org.mia4j.report.AuditResults;
import org.mia4j.store.RunFolder;
import org.mia4j.train.TrainingConfig;

/**
 * An audit of outputs made elsewhere, no model needed: the target's posteriors on its members and non-members,
 * optionally shadow models' posteriors on theirs (pooled, as Yuan &amp; Zhang's code pools them), reference models'
 * posteriors on the audited records with their membership (LiRA, RMIA), and population outputs (RMIA). Every attack
 * that what was given allows runs; the others are listed with the reason. Same results and report as an audit.
 *
 * <pre>{@code
 * AuditResults r = ScoresAudit.builder()
 *         .setTarget(new ScoresAudit.Group(memberPosteriors, memberLabels, nonMemberPosteriors, nonMemberLabels), 10)
 *         .addShadow(new ScoresAudit.Group(shadowIn, shadowInLabels, shadowOut, shadowOutLabels))
 *         .build().run();
 * }</pre>
 */
public final class ScoresAudit {
    private final int numClasses;
    private final Group target;
    private final List<Group> shadows;
    private final Optional<References> references;
    private final Optional<Population> population;
    private final String attacks;
    private final int bootstrap;
    private final long seed;
    private final Settings attackSettings;
    private final Map<String, String> checksums;
    private final Map<String, String> files;
    private final List<String> classNames;
    private final List<String> extraNotes;

    /** One model's row-major posteriors and labels on its member and its non-member records. */
    public record Group(float[] members, int[] memberLabels, float[] nonMembers, int[] nonMemberLabels) {}

    /**
     * Reference models: each one's posteriors on the audited records (members then non-members, the target's
     * order) and whether it trained on each of them.
     */
    public record References(List<float[]> posteriors, List<boolean[]> in) {}

    /** Population records (non-members of every model): the target's and each reference model's posteriors. */
    public record Population(float[] target, int[] labels, List<float[]> references) {}

    /** What is recorded as this audit's configuration. */
    public record Config(Map<String, String> files, String attacks, int bootstrap, long seed,
            Settings attackSettings) {}

    private ScoresAudit(Builder b) {
        this.numClasses = b.numClasses;
        this.target = b.target;
        this.shadows = List.copyOf(b.shadows);
        this.references = Optional.ofNullable(b.references);
        this.population = Optional.ofNullable(b.population);
        this.attacks = b.attacks;
        this.bootstrap = b.bootstrap;
        this.seed = b.seed;
        this.attackSettings = Settings.resolve(AttackRegistry.settings(), b.settings, false);
        this.checksums = Map.copyOf(b.checksums);
        this.files = Map.copyOf(b.files);
        this.extraNotes = List.copyOf(b.notes);
        this.classNames = b.classNames != null ? List.copyOf(b.classNames)
                : IntStream.range(0, numClasses).mapToObj(String::valueOf).toList();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Audits in memory. */
    public AuditResults run() {
        return run(Progress.SILENT);
    }

    /** Audits in memory, saying how far it is on {@code progress}. */
    public AuditResults run(Progress progress) {
        return execute(Optional.empty(), progress);
    }

    /** Audits in {@code folder}: results.json, report.html and per-record scores, written atomically. */
    public Auditor.Outcome run(RunFolder folder, Progress progress) {
        RunFolder.Done<AuditResults> done = folder.complete(() -> execute(Optional.of(folder), progress));
        return new Auditor.Outcome(done.dir(), done.result());
    }

    public Config config() {
        return new Config(files, attacks, bootstrap, seed, attackSettings);
    }

    private AuditResults execute(Optional<RunFolder> folder, Progress progress) {
        long t0 = System.nanoTime();
        ModelOutputs given = outputs("target/" + Variant.ORIGINAL.label(), target);
        population.ifPresent(p -> {
            if (p.references().size() != references.map(r -> r.posteriors().size()).orElse(0)) {
                throw new Mia4jException("population outputs are given for " + p.references().size()
                        + " reference models, but there are " + references.map(r -> r.posteriors().size()).orElse(0));
            }
        });
        ModelOutputs t = population.map(p -> given.withPopulation(p.target())).orElse(given);
        Optional<ReferenceOutputs> refs = references.map(r -> new ReferenceOutputs(numClasses, t.labels(),
                r.posteriors(), r.in(), population.map(Population::references).orElseGet(() ->
                        r.posteriors().stream().map(x -> new float[0]).toList()),
                population.map(Population::labels).orElse(new int[0])));
        List<ModelOutputs> own = new ArrayList<>();
        for (int i = 0; i < shadows.size(); i++) {
            own.add(outputs("shadow-" + i + "/" + Variant.ORIGINAL.label(), shadows.get(i)));
        }
        AttackerKnowledge knowledge = own.isEmpty() ? AttackerKnowledge.withoutShadows(refs)
                : new AttackerKnowledge(ModelOutputs.concat("shadows", own), refs);
        AttackRegistry.Chosen chosen = AttackRegistry.select(attacks, new AttackContext(attackSettings,
                TrainingConfig.DEFAULT, seed),
                new AttackRegistry.Capabilities(!own.isEmpty(), refs.map(ReferenceOutputs::count).orElse(0), false,
                        population.isPresent(), false));
        int m = target.memberLabels().length;
        int[] index = IntStream.range(0, t.size()).toArray();
        ModelRow row = new ModelRow(Variant.ORIGINAL.label(), Variant.ORIGINAL, "target",
                ModelsStage.accuracy(t, 0, m), ModelsStage.accuracy(t, m, t.size()), 0, 0, 0, 0, 0, Double.NaN, 0);
        List<ModelRow> shadowRows = new ArrayList<>();
        for (ModelOutputs o : own) {
            int sm = (int) IntStream.range(0, o.size()).filter(i -> o.members()[i]).count();
            shadowRows.add(new ModelRow(Variant.ORIGINAL.label(), Variant.ORIGINAL, o.model().split("/")[0],
                    ModelsStage.accuracy(o, 0, sm), ModelsStage.accuracy(o, sm, o.size()), 0, 0, 0, 0, 0, Double.NaN,
                    0));
        }
        List<String> notes = new ArrayList<>();
        notes.add("Audited from output files: record indices in scores/ are positions in the target's members "
                + "followed by its non-members.");
        notes.addAll(extraNotes);
        AuditInputs inputs = new AuditInputs(new DatasetInfo("outputs", t.size(), numClasses, new int[] {numClasses},
                m, 0, t.size() - m, checksums), classNames, List.of(new AuditedModel(Variant.ORIGINAL, row, t, index,
                knowledge)), shadowRows, Optional.empty(), notes, "what the files give: outputs of "
                        + own.size() + " shadow model" + (own.size() == 1 ? "" : "s") + ", "
                        + refs.map(ReferenceOutputs::count).orElse(0) + " reference models" + (population.isPresent()
                                ? " and population outputs." : "."));
        folder.ifPresent(f -> f.begin(config()));
        return AuditTail.run(chosen, inputs, bootstrap, seed, () -> Provenance.of(seed, checksums, config()), folder,
                progress, t0, (attacked, results) -> html -> html);
    }

    private ModelOutputs outputs(String name, Group g) {
        int m = g.memberLabels().length;
        int n = g.nonMemberLabels().length;
        if (m == 0 || n == 0) {
            throw new Mia4jException(name + ": needs at least one member and one non-member record, got " + m
                    + " and " + n);
        }
        float[] p = Arrays.copyOf(g.members(), g.members().length + g.nonMembers().length);
        System.arraycopy(g.nonMembers(), 0, p, g.members().length, g.nonMembers().length);
        int[] y = Arrays.copyOf(g.memberLabels(), m + n);
        System.arraycopy(g.nonMemberLabels(), 0, y, m, n);
        boolean[] in = new boolean[m + n];
        Arrays.fill(in, 0, m, true);
        return new ModelOutputs(name, p, numClasses, y, in);
    }

    /** Builds a {@link ScoresAudit}; the target is required, everything else optional. */
    public static final class Builder {
        private int numClasses;
        private Group target;
        private final List<Group> shadows = new ArrayList<>();
        private References references;
        private Population population;
        private String attacks = Defaults.ATTACKS;
        private int bootstrap = Defaults.BOOTSTRAP;
        private long seed = Defaults.SEED;
        private final Map<String, Object> settings = new LinkedHashMap<>();
        private final Map<String, String> checksums = new LinkedHashMap<>();
        private final Map<String, String> files = new LinkedHashMap<>();
        private List<String> classNames;
        private final List<String> notes = new ArrayList<>();

        private Builder() {}

        public Builder setTarget(Group g, int classes) {
            this.target = g;
            this.numClasses = classes;
            return this;
        }

        public Builder addShadow(Group g) {
            shadows.add(g);
            return this;
        }

        public Builder optReferences(References r) {
            this.references = r;
            return this;
        }

        public Builder optPopulation(Population p) {
            this.population = p;
            return this;
        }

        public Builder optAttacks(String a) {
            this.attacks = a;
            return this;
        }

        public Builder optBootstrap(int n) {
            this.bootstrap = n;
            return this;
        }

        public Builder optSeed(long s) {
            this.seed = s;
            return this;
        }

        /** An attack's setting (e.g. {@code Rmia.GAMMA}), checked in {@link #build()}. */
        public <T> Builder opt(Setting<T> setting, T value) {
            return optSetting(setting.name(), value);
        }

        /** An attack's setting by name ({@code rmia-gamma}). */
        public Builder optSetting(String name, Object value) {
            settings.put(name, value);
            return this;
        }

        public Builder optClassNames(List<String> names) {
            this.classNames = names;
            return this;
        }

        /** A note for results.json and the report about the inputs (e.g. how the outputs were read). */
        public Builder optNote(String note) {
            notes.add(note);
            return this;
        }

        /** Records an input file (its role and path) and its SHA-256 in the provenance. */
        public Builder optFile(String role, String path, String sha256) {
            files.put(role, path);
            checksums.put(path, sha256);
            return this;
        }

        public ScoresAudit build() {
            if (target == null) {
                throw new Mia4jException("a scores audit needs the target's outputs on its members and non-members");
            }
            if (bootstrap < 0) {
                throw new Mia4jException("bootstrap resamples must be >= 0, got " + bootstrap);
            }
            if (classNames != null && classNames.size() != numClasses) {
                throw new Mia4jException(classNames.size() + " class names for " + numClasses + " classes");
            }
            if (references != null && references.posteriors().size() != references.in().size()) {
                throw new Mia4jException(references.posteriors().size() + " reference models' outputs but "
                        + references.in().size() + " membership rows");
            }
            return new ScoresAudit(this);
        }
    }
}
