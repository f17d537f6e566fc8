package org.mia4j.cli;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.mia4j.Mia4jException;
import org.mia4j.Setting;
import org.mia4j.Settings;
import org.mia4j.plan.AuditConfig;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine;

/**
 * The command-line options of the components' settings, made from their declarations: {@code --NAME VALUE} of the
 * setting's type, its help as the description. Run files and {@code --help} read them like any option.
 */
final class ComponentOptions {
    private ComponentOptions() {}

    /** A command that takes component settings as options. */
    interface Takes {
        /** The settings it takes, each once. */
        List<Setting<?>> componentSettings();
    }

    /** Adds the options to every command under {@code cl} that takes settings. */
    static void install(CommandLine cl) {
        if (cl.getCommand() instanceof Takes t) {
            CommandSpec spec = cl.getCommandSpec();
            for (Setting<?> s : t.componentSettings()) {
                if (spec.findOption("--" + s.name()) != null) {
                    throw new Mia4jException("setting '" + s.name() + "' of a component has the name of an option of "
                            + "mia4j " + spec.name() + "; rename the setting");
                }
                // a planned command's --help adds the default of its own preset; the others say it here
                String help = cl.getCommand() instanceof PlannedCommand ? s.help() : s.help().replaceFirst("\\.$", "")
                        + " (default: " + SectionedHelp.text(s.defaultValue()) + ").";
                spec.addOption(OptionSpec.builder("--" + s.name()).type(s.type()).paramLabel("<" + camel(s.name())
                        + ">").description(help.replace("%", "%%")).build());
            }
        }
        cl.getSubcommands().values().forEach(ComponentOptions::install);
    }

    /** Hands each of {@code settings} given on the command line to {@code to}. */
    static void apply(CommandSpec spec, List<Setting<?>> settings, BiConsumer<String, Object> to) {
        for (Setting<?> s : settings) {
            OptionSpec o = spec.findOption("--" + s.name());
            if (o != null && o.getValue() != null) {
                to.accept(s.name(), o.getValue());
            }
        }
    }

    /**
     * For {@code --help}: each setting's default as the config a preset builds holds it ({@code values} picks the
     * component kind's settings), "unset" for a default outside the range (0 for no target epsilon).
     */
    static Map<String, Function<AuditConfig, Object>> defaults(List<Setting<?>> settings,
            Function<AuditConfig, Settings> values) {
        Map<String, Function<AuditConfig, Object>> out = new HashMap<>();
        for (Setting<?> s : settings) {
            out.put("--" + s.name(), c -> {
                Object v = values.apply(c).asMap().get(s.name());
                return v == null || s.accepts(v) ? v : "unset";
            });
        }
        return out;
    }

    /** The options of {@code settings} in {@code spec}, in their order. */
    static List<OptionSpec> options(CommandSpec spec, List<Setting<?>> settings) {
        return settings.stream().map(s -> spec.findOption("--" + s.name())).filter(java.util.Objects::nonNull)
                .toList();
    }

    private static String camel(String kebab) {
        StringBuilder out = new StringBuilder();
        boolean up = false;
        for (char c : kebab.toCharArray()) {
            if (c == '-') {
                up = true;
            } else {
                out.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return out.toString();
    }
}
