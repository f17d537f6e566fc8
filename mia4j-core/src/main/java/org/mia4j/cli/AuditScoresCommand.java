package org.mia4j.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mia4j.Defaults;
import org.mia4j.Mia4jException;
import org.mia4j.Progress;
import org.mia4j.Setting;
import org.mia4j.attack.AttackContext;
import org.mia4j.attack.AttackRegistry;
import org.mia4j.data.ClassOrder;
import org.mia4j.data.OutputFiles;
import org.mia4j.data.Sha256;
import org.mia4j.report.TerminalTable;
import org.mia4j.run.Auditor;
import org.mia4j.run.ScoresAudit;
import org.mia4j.store.RunFolder;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mia4j audit-scores}: audit a model from its output files alone. */
@Command(name = "audit-scores", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Audit a model from files of its outputs, no model needed: the target's posteriors (or logits) "
            + "on its members and non-members, optionally shadow models' outputs (one group per shadow) and reference "
            + "models' outputs with their membership (LiRA, RMIA). Every attack the files allow runs; the others are "
            + "listed with the reason.",
            "Files: NPY (float32/float64 (records, classes); int labels (records,)) or CSV (a header row, one row per "
            + "record, one column per class; a 'label' column may hold the labels)."})
public final class AuditScoresCommand implements Callable<Integer>, ComponentOptions.Takes {

    @Option(names = "--members", required = true, description = "The target's outputs on its members.")
    Path members;

    @Option(names = "--non-members", required = true, description = "The target's outputs on its non-members.")
    Path nonMembers;

    @Option(names = "--members-labels", description = "Labels of the members (unless the CSV has a label column).")
    Path membersLabels;

    @Option(names = "--non-members-labels", description = "Labels of the non-members (unless the CSV has a label "
            + "column).")
    Path nonMembersLabels;

    /** One shadow model's files; the group may repeat. */
    static final class Shadow {
        @Option(names = "--shadow-members", required = true, description = "A shadow model's outputs on its members.")
        Path members;

        @Option(names = "--shadow-non-members", required = true, description = "Its outputs on its non-members.")
        Path nonMembers;

        @Option(names = "--shadow-members-labels", description = "Labels of its members.")
        Path membersLabels;

        @Option(names = "--shadow-non-members-labels", description = "Labels of its non-members.")
        Path nonMembersLabels;
    }

    @ArgGroup(exclusive = false, multiplicity = "0..*")
    List<Shadow> shadows = new ArrayList<>();

    @Option(names = "--references", description = "NPY (models, records, classes): reference models' outputs on the "
            + "audited records, members first then non-members, in the order of the target's files.")
    Path references;

    @Option(names = "--reference-membership", description = "NPY (models, records) of 0/1: 1 where reference model m "
            + "trained on audited record i.")
    Path referenceMembership;

    @Option(names = "--population", description = "The target's outputs on population records (non-members of every "
            + "model), for RMIA.")
    Path population;

    @Option(names = "--population-labels", description = "Labels of the population records (unless the CSV has a "
            + "label column).")
    Path populationLabels;

    @Option(names = "--reference-population", description = "NPY (models, population records, classes): the "
            + "reference models' outputs on the population records.")
    Path referencePopulation;

    @Option(names = "--outputs", description = "What the files hold: auto, posteriors or logits (default: "
            + Defaults.SCORES_OUTPUTS + ": rows of non-negative numbers summing to 1 are posteriors, anything else "
            + "logits).")
    String outputs = Defaults.SCORES_OUTPUTS;

    @Option(names = "--classes", description = "The model's output order by class name (a file with one name per "
            + "line, or NAME,NAME,...): labels may then be written as those names.")
    String classes;

    @Option(names = "--attacks", description = "Comma-separated attacks or 'all' (default: " + Defaults.ATTACKS + ").")
    String attacks = Defaults.ATTACKS;

    @Option(names = "--bootstrap", description = "Bootstrap resamples for 95%% intervals, 0 to skip (default: "
            + Defaults.BOOTSTRAP + ").")
    int bootstrap = Defaults.BOOTSTRAP;

    @Option(names = "--seed", description = "Seed of the bootstrap and the attack models (default: " + Defaults.SEED
            + ").")
    long seed = Defaults.SEED;

    @Option(names = "--name", description = "Run name (default: scores-<time>).")
    String name;

    @Option(names = "--runs-dir", description = "Folder holding the run folders (default: " + Defaults.RUNS_DIR
            + ").")
    Path runsDir = Path.of(Defaults.RUNS_DIR);

    @Option(names = "--no-progress", description = "Do not draw progress bars.")
    boolean noProgress;

    @Option(names = "--threads", description = "Threads of the engine (intra- and inter-op, for the attack models) "
            + "and of Java's parallel loops; give 1 per run when several runs share the machine (default: all "
            + "cores).")
    Integer threads;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (threads != null) {
            Threads.set(threads); // before anything starts the engine
        }
        if (!outputs.equals("auto") && !outputs.equals("posteriors") && !outputs.equals("logits")) {
            throw new Mia4jException("--outputs must be auto, posteriors or logits, got '" + outputs + "'");
        }
        classNames = classes == null ? List.of() : ClassOrder.parse(classes);
        String requested = outputs;
        RunFolder folder = name != null ? RunFolder.of(runsDir, name) : RunFolder.named(runsDir, "scores-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)));
        folder.withRunFile(RunFile.of(spec.root().commandLine().getParseResult()));
        ScoresAudit.Builder b = ScoresAudit.builder().optAttacks(attacks).optBootstrap(bootstrap).optSeed(seed);
        ComponentOptions.apply(spec, componentSettings(), b::optSetting);
        ScoresAudit.Group target = group(b, "target", members, membersLabels, nonMembers, nonMembersLabels, -1,
                null);
        int classes = target.members().length / target.memberLabels().length;
        if (!classNames.isEmpty() && classNames.size() != classes) {
            throw new Mia4jException("--classes names " + classNames.size() + " classes, but " + members + " holds "
                    + "outputs of " + classes);
        }
        b.setTarget(target, classes);
        b.optNote("Outputs read as " + outputs + (requested.equals("auto") ? " (detected on " + members + ": rows "
                + "of non-negative numbers summing to 1 are posteriors, anything else logits)" : " (as given)") + ".");
        if (!classNames.isEmpty()) {
            b.optClassNames(classNames);
            b.optNote("Class order (the model's outputs): " + String.join(", ", java.util.stream.IntStream.range(0,
                    classNames.size()).mapToObj(k -> classNames.get(k) + " -> " + k).toList()) + ".");
        }
        for (int i = 0; i < shadows.size(); i++) {
            Shadow s = shadows.get(i);
            b.addShadow(group(b, "shadow-" + i, s.members, s.membersLabels, s.nonMembers, s.nonMembersLabels,
                    classes, members));
        }
        int audited = target.memberLabels().length + target.nonMemberLabels().length;
        int models = 0;
        if ((references == null) != (referenceMembership == null)) {
            throw new Mia4jException("--references and --reference-membership go together: the reference models' "
                    + "outputs and which audited records each trained on");
        }
        if (references != null) {
            List<float[]> post = OutputFiles.readStack(references, outputs, audited, classes);
            models = post.size();
            b.optReferences(new ScoresAudit.References(post, OutputFiles.readMembership(referenceMembership, models,
                    audited)));
            record(b, "references", references);
            record(b, "reference-membership", referenceMembership);
        }
        if (population != null || referencePopulation != null) {
            if (population == null || referencePopulation == null || references == null) {
                throw new Mia4jException("RMIA's population needs --population (the target's outputs on it), "
                        + "--reference-population and --references");
            }
            OutputFiles.Outputs p = read(b, "population", population, classes, members);
            int[] labels = labels(b, "population", p, populationLabels, classes);
            List<float[]> refPop = OutputFiles.readStack(referencePopulation, outputs, p.records(), classes);
            if (refPop.size() != models) {
                throw new Mia4jException(referencePopulation + ": outputs of " + refPop.size() + " models, but "
                        + references + " has " + models);
            }
            record(b, "reference-population", referencePopulation);
            b.optPopulation(new ScoresAudit.Population(p.posteriors(), labels, refPop));
        }
        ScoresAudit audit = b.build();
        Progress progress = LineProgress.choose(noProgress);
        Auditor.Outcome out = audit.run(folder, progress);
        System.out.println();
        System.out.print(TerminalTable.render(out.results()));
        if (!out.results().skippedAttacks().isEmpty()) {
            System.out.println("\nskipped: " + String.join("; ", out.results().skippedAttacks()));
        }
        System.out.printf(Locale.ROOT, "%nwrote %s (results.json, report.html) in %.1f s%n", out.runDir(),
                out.results().wallSeconds());
        return 0;
    }

    /**
     * The settings of the attacks that can run on outputs alone (no further query of the model, no input
     * features): options of this command, with the help saying their defaults.
     */
    @Override
    public List<Setting<?>> componentSettings() {
        return Setting.compose(AttackRegistry.parse("all", AttackContext.defaults(Defaults.SEED)).attacks().stream()
                .filter(a -> a.probes().isEmpty() && !a.needsInputs())
                .flatMap(a -> AttackRegistry.settings(a.name()).stream()).toList());
    }

    /** The model's output order by name (from --classes), empty when labels are integers. */
    private List<String> classNames = List.of();

    /** {@code classes}: what {@code against} (the target's members file) holds, or -1 for the target itself. */
    private ScoresAudit.Group group(ScoresAudit.Builder b, String role, Path in, Path inLabels, Path out,
            Path outLabels, int classes, Path against) {
        OutputFiles.Outputs m = read(b, role + "-members", in, classes, against);
        OutputFiles.Outputs n = read(b, role + "-non-members", out, m.classes(), in);
        return new ScoresAudit.Group(m.posteriors(), labels(b, role + "-members", m, inLabels, m.classes()),
                n.posteriors(), labels(b, role + "-non-members", n, outLabels, m.classes()));
    }

    /** The outputs in {@code file}, checked to have as many classes as {@code against} (read before) has. */
    private OutputFiles.Outputs read(ScoresAudit.Builder b, String role, Path file, int classes, Path against) {
        OutputFiles.Outputs o = OutputFiles.read(file, outputs, classNames);
        // auto settles on the target's members file; every other file must hold the same kind
        outputs = o.kind();
        if (classes > 0 && o.classes() != classes) {
            // neither file is known to be the wrong one: name both
            throw new Mia4jException(file + " holds outputs of " + o.classes() + " classes, but " + against
                    + " holds " + classes + "; every outputs file holds the model's outputs, one column per class");
        }
        record(b, role, file);
        return o;
    }

    private int[] labels(ScoresAudit.Builder b, String role, OutputFiles.Outputs o, Path file, int classes) {
        if (file != null) {
            record(b, role + "-labels", file);
            return OutputFiles.readLabels(file, o.records(), classes, classNames);
        }
        return o.labels().orElseThrow(() -> new Mia4jException(o.file() + ": no labels for the " + role
                + " outputs; give the CSV a 'label' column, or a labels file with the matching --...-labels option"));
    }

    private static void record(ScoresAudit.Builder b, String role, Path file) {
        b.optFile(role, file.toString(), Sha256.of(file));
    }
}
