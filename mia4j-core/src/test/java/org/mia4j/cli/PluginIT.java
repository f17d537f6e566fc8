package org.mia4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Add your own attack": its Java file compiled, packed as a plug-in jar and loaded by its command line
 * in a process of its own (plug-ins are process-wide; the other tests' attacks stay the built-in ones).
 */
class PluginIT {

    @Test
    void theReadmeAttackCompilesLoadsAndRanksLikeItsBuiltInTwin(@TempDir Path dir) throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        String section = readme.substring(readme.indexOf("## Add your own attack"));
        section = section.substring(0, section.indexOf("\n## ", 3));
        String source = block(section, "java");
        String pkg = find(source, "package ([\\w.]+);");
        String cls = find(source, "public class (\\w+) implements AttackProvider");

        Path src = dir.resolve(cls + ".java");
        Files.writeString(src, source);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac.run(null, null, null, "-cp", System.getProperty("java.class.path"), "-d",
                classes.toString(), src.toString())).as("javac").isZero();
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(plugins.resolve("example.jar")))) {
            jar.putNextEntry(new JarEntry("META-INF/services/org.mia4j.attack.AttackProvider"));
            jar.write((pkg + "." + cls + "\n").getBytes(StandardCharsets.UTF_8));
            try (Stream<Path> files = Files.walk(classes)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    jar.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                    jar.write(Files.readAllBytes(f));
                }
            }
        }

        // the README's command line, with the plug-in folder made here and a tiny run on top
        String command = block(section, "bash").lines().filter(l -> l.startsWith("./mia4j audit --plugins"))
                .findFirst().orElseThrow();
        List<String> args = new ArrayList<>(Arrays.asList(command.substring("./mia4j ".length()).split(" ")));
        args.set(args.indexOf("--plugins") + 1, plugins.toString());
        args.addAll(List.of("--max-records", "800", "--epochs", "2", "--finetune-epochs", "1", "--shadows", "1",
                "--references", "0", "--bootstrap", "0", "--no-progress", "--threads", "1", "--example-loss-floor",
                "1e-20", "--runs-dir", dir.resolve("runs").toString(), "--name", "plugin"));
        List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Dai.djl.offline=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp",
                System.getProperty("java.class.path"), Mia4jCommand.class.getName()));
        java.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(java).redirectErrorStream(true);
        pb.environment().put("OPT_OUT_TRACKING", "true");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();

        JsonNode results = new ObjectMapper().readTree(dir.resolve("runs/plugin/results.json").toFile());
        Map<String, JsonNode> example = new HashMap<>();
        Map<String, JsonNode> twin = new HashMap<>();
        for (JsonNode row : results.get("attacks")) {
            String a = row.get("attack").asText();
            (a.equals("example-loss") ? example : a.equals("top1-conf-gt") ? twin : new HashMap<String, JsonNode>())
                    .put(row.get("model").asText(), row);
        }
        assertThat(example.keySet()).containsExactlyInAnyOrder("original", "l1-unstructured@0.7");
        for (String model : example.keySet()) {
            JsonNode e = example.get(model);
            assertThat(e.get("settings").get("example-loss-floor").asDouble()).isEqualTo(1e-20);
            // log p_y is monotone in p_y: the same ranking and, with one global threshold, the same decisions
            assertThat(e.get("auc").asDouble()).as(model).isEqualTo(twin.get(model).get("auc").asDouble());
            assertThat(e.get("balanced_accuracy").asDouble()).as(model)
                    .isEqualTo(twin.get(model).get("balanced_accuracy").asDouble());
        }

        // a value out of the declared range is refused with the option named, before anything runs
        List<String> bad = new ArrayList<>(java);
        bad.set(bad.indexOf("1e-20"), "-1");
        bad.set(bad.indexOf("plugin"), "bad");
        ProcessBuilder pq = new ProcessBuilder(bad).redirectErrorStream(true);
        pq.environment().put("OPT_OUT_TRACKING", "true");
        Process q = pq.start();
        String err = new String(q.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(q.waitFor()).as(err).isEqualTo(2);
        assertThat(err).contains("--example-loss-floor must be > 0, got -1.0");
        assertThat(dir.resolve("runs/bad")).doesNotExist();
    }

    private static String block(String markdown, String lang) {
        Matcher m = Pattern.compile("```" + lang + "\n(.*?)```", Pattern.DOTALL).matcher(markdown);
        assertThat(m.find()).as("a ```" + lang + " block").isTrue();
        return m.group(1);
    }

    private static String find(String source, String regex) {
        Matcher m = Pattern.compile(regex).matcher(source);
        assertThat(m.find()).as(regex).isTrue();
        return m.group(1);
    }
}
