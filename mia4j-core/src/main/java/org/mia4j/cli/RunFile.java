package org.mia4j.cli;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mia4j.Mia4jException;
import org.mia4j.json.Json;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine;

/**
 * Run files: one YAML mapping whose keys are a command's option names ({@code epochs: 30}, {@code sparsities:
 * [0.3, 0.5]}, {@code quick: true}) and {@code command} ({@code audit}, {@code experiment pruning},
 * {@code audit-scores}; default audit). Every run writes the one it was started with as {@code run.yaml}, so
 * {@code mia4j run runs/X/run.yaml --name Y} repeats X. Keys, types and paths are checked against the command's
 * options before anything runs, each error naming the file, the line and the key.
 */
final class RunFile {
    static final String FILE = "run.yaml";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));
    /** Path options that name something to be created, not read. */
    private static final List<String> OUTPUT_PATHS = List.of("--runs-dir");

    private RunFile() {}

    /** The command line a run file stands for, options given on the command line ({@code extra}) winning. */
    static List<String> toArgs(Path file, List<String> extra) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        Map<String, Integer> lines = new LinkedHashMap<>();
        read(file, values, lines);
        JsonNode cmd = values.remove("command");
        String command = cmd == null ? "audit" : cmd.asText();
        List<String> words = Arrays.asList(command.trim().split("\\s+"));
        CommandLine cl = Mia4jCommand.newCommandLine();
        for (String w : words) {
            CommandLine sub = cl.getSubcommands().get(w);
            if (sub == null || w.equals("run")) {
                throw new Mia4jException(file + " line " + line(lines, "command") + ": command '" + command
                        + "' is not a mia4j command; expected one of " + runnable());
            }
            cl = sub;
        }
        CommandSpec spec = cl.getCommandSpec();
        List<String> args = new ArrayList<>(words);
        Map<OptionSpec, List<String>> grouped = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : values.entrySet()) {
            String key = e.getKey();
            String option = "--" + key;
            String where = file + " line " + lines.get(key) + " key '" + key + "'";
            OptionSpec o = spec.findOption(option);
            if (o == null) {
                throw new Mia4jException(where + ": not an option of mia4j " + command + " (see mia4j " + command
                        + " --help)");
            }
            if (extra.stream().anyMatch(a -> a.equals(option) || a.startsWith(option + "="))) {
                continue; // given on the command line too: that one wins
            }
            if (repeating(o)) { // a repeating group (audit-scores' shadows): one list per option, by position
                List<String> each = new ArrayList<>();
                (e.getValue().isArray() ? e.getValue() : YAML.createArrayNode().add(e.getValue())).forEach(v ->
                        each.add(option(where, o, v).get(1)));
                grouped.put(o, each);
                continue;
            }
            args.addAll(option(where, o, e.getValue()));
        }
        int groups = grouped.values().stream().mapToInt(List::size).max().orElse(0);
        for (Map.Entry<OptionSpec, List<String>> g : grouped.entrySet()) {
            if (g.getValue().size() != groups) {
                throw new Mia4jException(file + " key '" + g.getKey().longestName().substring(2) + "': "
                        + g.getValue().size() + " values, but another option of its group has " + groups
                        + "; give one value per group (e.g. per shadow model) in each");
            }
        }
        for (int i = 0; i < groups; i++) {
            for (Map.Entry<OptionSpec, List<String>> g : grouped.entrySet()) {
                args.add(g.getKey().longestName());
                args.add(g.getValue().get(i));
            }
        }
        args.addAll(extra);
        return args;
    }

    private static List<String> option(String where, OptionSpec o, JsonNode v) {
        Class<?> type = o.type();
        if (type == boolean.class || type == Boolean.class) {
            if (!v.isBoolean()) {
                throw new Mia4jException(where + ": '" + v.asText() + "', expected true or false");
            }
            return v.booleanValue() ? List.of(o.longestName()) : List.of();
        }
        boolean many = List.class.isAssignableFrom(type);
        List<JsonNode> items = new ArrayList<>();
        if (v.isArray()) {
            if (!many) {
                throw new Mia4jException(where + ": a list, expected one value");
            }
            v.forEach(items::add);
        } else {
            items.add(v);
        }
        Class<?> each = many ? o.auxiliaryTypes()[0] : type;
        List<String> texts = new ArrayList<>();
        for (JsonNode item : items) {
            if (item.isNull() || item.isContainerNode()) {
                throw new Mia4jException(where + ": " + (item.isNull() ? "no value" : "a nested value")
                        + ", expected " + kind(each));
            }
            String t = item.asText();
            boolean isInt = each == Integer.class || each == int.class;
            boolean isLong = each == Long.class || each == long.class;
            boolean ok = isInt ? item.isIntegralNumber() : isLong ? item.isIntegralNumber()
                    : each == Double.class || each == double.class ? item.isNumber()
                    : true;
            if (!ok) {
                throw new Mia4jException(where + ": '" + t + "', expected " + kind(each));
            }
            if (isInt && !item.canConvertToInt() || isLong && !item.canConvertToLong()
                    || item.isNumber() && !Double.isFinite(item.asDouble())) {
                throw new Mia4jException(where + ": " + t + " is out of range, expected " + kind(each) + " from "
                        + (isInt ? Integer.MIN_VALUE + " to " + Integer.MAX_VALUE : isLong ? Long.MIN_VALUE + " to "
                                + Long.MAX_VALUE : -Double.MAX_VALUE + " to " + Double.MAX_VALUE));
            }
            if (each == Path.class && !OUTPUT_PATHS.contains(o.longestName()) && !Files.exists(Path.of(t))) {
                throw new Mia4jException(where + ": " + t + " does not exist");
            }
            texts.add(t);
        }
        List<String> out = new ArrayList<>();
        out.add(o.longestName());
        out.add(String.join(",", texts));
        return out;
    }

    /** Whether the option belongs to a group that may repeat (one group per shadow model, ...). */
    private static boolean repeating(OptionSpec o) {
        return o.group() != null && o.group().multiplicity().max() > 1;
    }

    private static String kind(Class<?> c) {
        if (c == Integer.class || c == int.class || c == Long.class || c == long.class) {
            return "an integer";
        }
        return c == Double.class || c == double.class ? "a number" : c == Path.class ? "a path" : "a text";
    }

    /** Reads the top-level mapping, remembering each key's line. */
    private static void read(Path file, Map<String, JsonNode> values, Map<String, Integer> lines) {
        if (!Files.isRegularFile(file)) {
            throw new Mia4jException("run file not found: " + file);
        }
        try (YAMLParser p = (YAMLParser) YAML.getFactory().createParser(file.toFile())) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new Mia4jException(file + ": empty, expected a mapping of option names to values");
            }
            if (t != JsonToken.START_OBJECT) {
                throw new Mia4jException(file + " line " + p.currentLocation().getLineNr() + ": expected a mapping "
                        + "of option names to values");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                int line = p.currentLocation().getLineNr();
                p.nextToken();
                JsonNode v = YAML.readTree(p);
                if (values.put(key, v) != null) {
                    throw new Mia4jException(file + " line " + line + " key '" + key + "': given twice");
                }
                lines.put(key, line);
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new Mia4jException(file + " line " + e.getLocation().getLineNr() + ": not valid YAML ("
                    + Json.parserMessage(e) + ")");
        } catch (IOException e) {
            throw new Mia4jException("cannot read " + file + ": " + Json.why(e), e);
        }
    }

    private static int line(Map<String, Integer> lines, String key) {
        return lines.getOrDefault(key, 1);
    }

    private static List<String> runnable() {
        return List.of("audit", "audit-scores", "experiment pruning", "experiment critical-weights",
                "experiment defense", "experiment release");
    }

    /**
     * The run file of the command being run, from what was given on its command line: the command's words and
     * each matched option with its value(s).
     */
    static String of(CommandLine.ParseResult parsed) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<String> words = new ArrayList<>();
        CommandLine.ParseResult r = parsed;
        while (r.hasSubcommand()) {
            r = r.subcommand();
            words.add(r.commandSpec().name());
        }
        out.put("command", String.join(" ", words));
        for (OptionSpec o : r.matchedOptions()) {
            if (o.longestName().equals("--debug") || o.usageHelp() || o.versionHelp()) {
                continue;
            }
            String key = o.longestName().replaceFirst("^--", "");
            List<String> raw = o.originalStringValues();
            Class<?> type = o.type();
            if (type == boolean.class || type == Boolean.class) {
                out.put(key, true);
            } else if (List.class.isAssignableFrom(type) || repeating(o)) {
                Class<?> each = List.class.isAssignableFrom(type) ? o.auxiliaryTypes()[0] : type;
                List<Object> items = new ArrayList<>();
                raw.forEach(s -> Arrays.stream(repeating(o) ? new String[] {s} : s.split(","))
                        .forEach(x -> items.add(typed(x, each))));
                out.put(key, items);
            } else {
                out.put(key, typed(raw.get(raw.size() - 1), type));
            }
        }
        try {
            return "# mia4j run file: `mia4j run THIS_FILE --name NEW` repeats this run\n" + YAML.writeValueAsString(out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Object typed(String s, Class<?> type) {
        try {
            if (type == Integer.class || type == int.class) {
                return Integer.valueOf(s);
            }
            if (type == Long.class || type == long.class) {
                return Long.valueOf(s);
            }
            if (type == Double.class || type == double.class) {
                return Double.valueOf(s);
            }
        } catch (NumberFormatException e) {
            return s;
        }
        return type == Path.class ? Path.of(s).toAbsolutePath().normalize().toString() : s;
    }
}
