package org.mia4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.mia4j.Defaults;
import picocli.CommandLine;

class SectionedHelpTest {

    private static String help(String... command) {
        CommandLine cl = Mia4jCommand.newCommandLine();
        for (String c : command) {
            cl = cl.getSubcommands().get(c);
        }
        StringWriter out = new StringWriter();
        cl.usage(new PrintWriter(out));
        return out.toString().replaceAll("\\s+", " ");
    }

    private static String defaultOf(String help, String option) {
        Matcher m = Pattern.compile(Pattern.quote(option) + "[=,].*?\\(default: ([^)]*)\\)").matcher(help);
        assertThat(m.find()).as(option + " has a default in: " + help).isTrue();
        return m.group(1).replace(", ", ",");
    }

    @Test
    void everyHelpTextFormatsWithoutAWarning() {
        // a bare '%' in a description makes picocli print "[picocli WARN] Could not format" on stderr
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        int commands;
        try {
            commands = usageOfAll(Mia4jCommand.newCommandLine());
        } finally {
            System.setErr(err);
        }
        assertThat(commands).isGreaterThan(10);
        assertThat(captured.toString(java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("picocli WARN");
    }

    private static int usageOfAll(CommandLine cl) {
        cl.usage(new PrintWriter(new StringWriter()));
        int n = 1;
        for (CommandLine sub : cl.getSubcommands().values()) {
            n += usageOfAll(sub);
        }
        return n;
    }

    @Test
    void sectionsComeInOrderAndEachOptionOnce() {
        String audit = help("audit");
        List<String> headings = List.of("Options:", "Data:", "Model and training:", "Pruning:", "Critical weights:",
                "Defenses:", "Attacks and the adversary:", "Run and output:", "Other:");
        int at = -1;
        for (String h : headings) {
            int next = audit.indexOf(" " + h + " ");
            assertThat(next).as(h).isGreaterThan(at);
            at = next;
        }
        for (String option : List.of("--dataset=", "--sparsity,", "--treatments=", "--model=", "--seed=", "--debug")) {
            assertThat(audit.split(Pattern.quote(option), -1)).as(option).hasSize(2);
        }
    }

    @Test
    void eachCommandShowsItsOwnDefaults() {
        String audit = help("audit");
        String sweep = help("experiment", "pruning");
        String critical = help("experiment", "critical-weights");
        assertThat(defaultOf(audit, "--sparsity")).isEqualTo(Defaults.SPARSITY + "");
        assertThat(defaultOf(sweep, "--sparsity")).isEqualTo(Defaults.SWEEP_SPARSITIES);
        assertThat(defaultOf(sweep, "--pruners")).isEqualTo(Defaults.SWEEP_PRUNERS);
        assertThat(defaultOf(critical, "--sparsity")).isEqualTo(Defaults.TFO_SPARSITY + "");
        assertThat(defaultOf(audit, "--treatments")).isEqualTo("none");
        assertThat(defaultOf(critical, "--treatments")).isEqualTo(Defaults.TREATMENTS_EXPERIMENT);
        assertThat(defaultOf(audit, "--epochs")).isEqualTo(Defaults.EPOCHS + "; " + Defaults.QUICK_EPOCHS
                + " with --quick");
        assertThat(defaultOf(audit, "--bootstrap")).isEqualTo(Defaults.BOOTSTRAP + "");
    }

    @Test
    void commandsShowOnlyTheOptionsTheyUse() {
        assertThat(help("experiment", "pruning")).doesNotContain("--treatments", "Critical weights:", "--model=");
        assertThat(help("experiment", "critical-weights")).doesNotContain("--model=", "--members-index");
    }
}
