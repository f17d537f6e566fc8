package org.mia4j.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mia4j.data.CsvLoader;
import org.mia4j.data.Dataset;
import org.mia4j.plan.AuditPlan;
import org.mia4j.plan.GivenModel;
import org.mia4j.release.ReleasePlanner;
import org.mia4j.report.AuditResults;
import org.mia4j.report.ReleaseResults.Budget;
import org.mia4j.report.ReleaseResults;

/**
 * The README's "Java API" examples, compiled and run here; the test also checks that the README shows exactly the
 * code between the README markers, so the two cannot drift apart.
 */
class JavaApiTest {
    @TempDir
    Path dir;

    @Test
    void auditYourOwnData() throws Exception {
        Path csv = dir.resolve("patients.csv");
        StringBuilder sb = new StringBuilder("age,dose,diagnosis\n");
        Random rnd = new Random(3);
        for (int i = 0; i < 240; i++) {
            double age = 20 + 60 * rnd.nextDouble();
            sb.append(String.format(Locale.ROOT, "%.1f,%.2f,%s%n", age, rnd.nextDouble(),
                    age + 20 * rnd.nextGaussian() > 50 ? "ill" : "healthy"));
        }
        Files.writeString(csv, sb.toString());
        // README-BEGIN own-data
        Dataset data = CsvLoader.load(csv, "diagnosis");
        AuditPlan plan = AuditPlan.builder().setData(data).quick().build();
        AuditResults results = new Auditor(plan).run();
        results.verdict().forEach(System.out::println);
        // README-END
        assertThat(results.models()).extracting(AuditResults.ModelRow::model)
                .containsExactly("original", "l1-unstructured@0.7");
        assertThat(results.attacks().size()).isGreaterThan(20);
        assertThat(results.provenance().config()).isEqualTo(plan.config());
    }

    @Test
    void planARelease() throws Exception {
        Dataset data = CsvLoader.load(patients(), "diagnosis");
        // README-BEGIN release
        ReleasePlanner planner = new ReleasePlanner("", 0, Optional.of(new Budget("tpr_at_1pct_fpr", 0.3)));
        AuditPlan plan = AuditPlan.builder().setData(data).quick().optPruners(List.of("quantize-int8",
                "quantize-int4")).releasePlan().build();
        planner.check(plan.config()); // sets naming no version fail here, before any training
        new Auditor(plan).withAddendum(planner).run();
        ReleaseResults release = planner.result().orElseThrow();
        // README-END
        assertThat(release.versions()).extracting(ReleaseResults.Version::name).containsExactly("original",
                "quantize-int8", "quantize-int4");
        assertThat(release.releaseSets()).hasSize(3 + 2 + 1);
        assertThat(release.recommendation().meetingBudget()).allMatch(n -> release.releaseSets().stream()
                .anyMatch(x -> x.name().equals(n) && x.risk().upper() <= 0.3));
    }

    /** A small CSV of patients whose diagnosis follows their age. */
    private Path patients() throws Exception {
        Path csv = dir.resolve("patients-release.csv");
        StringBuilder sb = new StringBuilder("age,dose,diagnosis\n");
        Random rnd = new Random(3);
        for (int i = 0; i < 240; i++) {
            double age = 20 + 60 * rnd.nextDouble();
            sb.append(String.format(Locale.ROOT, "%.1f,%.2f,%s%n", age, rnd.nextDouble(),
                    age + 20 * rnd.nextGaussian() > 50 ? "ill" : "healthy"));
        }
        return Files.writeString(csv, sb.toString());
    }

    @Test
    void auditOutputsMadeElsewhere() {
        Random rnd = new Random(4);
        int numClasses = 3;
        float[] memberPosteriors = posteriors(100, 0.9, rnd);
        float[] nonMemberPosteriors = posteriors(100, 0.6, rnd);
        int[] memberLabels = new int[100];
        int[] nonMemberLabels = new int[100];
        ScoresAudit.Group shadow = new ScoresAudit.Group(posteriors(100, 0.9, rnd), new int[100],
                posteriors(100, 0.6, rnd), new int[100]);
        // README-BEGIN outputs
        ScoresAudit.Group target = new ScoresAudit.Group(memberPosteriors, memberLabels, nonMemberPosteriors,
                nonMemberLabels);
        AuditResults results = ScoresAudit.builder().setTarget(target, numClasses).addShadow(shadow).build().run();
        results.attacks().forEach(a -> System.out.println(a.attack() + " AUC " + a.auc()));
        // README-END
        assertThat(results.attacks().get(0).attack()).isEqualTo("conf");
        assertThat(results.attacks().get(0).auc()).isGreaterThan(0.8);
        assertThat(results.skippedAttacks()).anyMatch(s -> s.startsWith("lira-online"));
    }

    @Test
    void auditAModelMadeElsewhere() throws Exception {
        String model = Path.of(JavaApiTest.class.getResource("/torchscript/tiny.pt").toURI()).toString();
        String[] names = {"low", "mid", "high"}; // the model's output order; alphabetical is high, low, mid
        Random rnd = new Random(6);
        StringBuilder sb = new StringBuilder("f0,f1,f2,f3,risk\n");
        for (int i = 0; i < 200; i++) {
            float[] x = new float[4];
            for (int j = 0; j < 4; j++) {
                x[j] = (float) rnd.nextGaussian();
            }
            int k = i < 100 || rnd.nextBoolean() ? predicted(x) : rnd.nextInt(3);
            sb.append(String.format(Locale.ROOT, "%s,%s,%s,%s,%s%n", x[0], x[1], x[2], x[3], names[k]));
        }
        Path csv = Files.writeString(dir.resolve("risk.csv"), sb.toString());
        String members = Files.writeString(dir.resolve("members.txt"), String.join("\n",
                java.util.stream.IntStream.range(0, 100).mapToObj(Integer::toString).toList())).toString();
        // README-BEGIN given-model
        GivenModel given = new GivenModel(model, members, "", "auto").withClasses(List.of("low", "mid", "high"));
        AuditPlan plan = AuditPlan.builder().setData(CsvLoader.load(csv, "risk")).setGivenModel(given).build();
        AuditResults results = new Auditor(plan).run();
        // README-END
        assertThat(results.models().get(0).trainAccuracy()).isEqualTo(1.0);
        assertThat(results.notes().get(org.mia4j.report.Notes.DATA)).anyMatch(n -> n.contains("low -> 0, mid -> 1, "
                + "high -> 2"));
    }

    /** The tiny.pt fixture's class: argmax of W x + b with W[k][j] = (k - j) / 4, b = (0.1, 0, -0.1). */
    static int predicted(float[] x) {
        double[] b = {0.1, 0, -0.1};
        int arg = 0;
        double best = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < 3; k++) {
            double z = b[k];
            for (int j = 0; j < 4; j++) {
                z += (k - j) / 4.0 * x[j];
            }
            if (z > best) {
                best = z;
                arg = k;
            }
        }
        return arg;
    }

    /** Class-0 confidence around {@code mean}. */
    static float[] posteriors(int n, double mean, Random rnd) {
        float[] p = new float[n * 3];
        for (int i = 0; i < n; i++) {
            double c = Math.min(0.99, Math.max(0.34, mean + 0.1 * rnd.nextGaussian()));
            p[i * 3] = (float) c;
            p[i * 3 + 1] = (float) ((1 - c) / 2);
            p[i * 3 + 2] = (float) ((1 - c) / 2);
        }
        return p;
    }

    @Test
    void theReadmeShowsExactlyTheseExamples() throws Exception {
        String source = Files.readString(Path.of("mia4j-core/src/test/java/org/mia4j/run/JavaApiTest.java"));
        String readme = Files.readString(Path.of("README.md"));
        List<String> snippets = new ArrayList<>();
        int at = 0;
        while ((at = source.indexOf("\n        // README-BEGIN", at)) >= 0) {
            int start = source.indexOf('\n', at + 1) + 1;
            int end = source.indexOf("\n        // README-END", start) + 1;
            snippets.add(source.substring(start, end).lines().map(l -> l.substring(Math.min(8, l.length())))
                    .reduce((a, b) -> a + "\n" + b).orElseThrow());
            at = end;
        }
        assertThat(snippets).hasSize(4);
        snippets.forEach(s -> assertThat(readme).contains(s));
    }
}
