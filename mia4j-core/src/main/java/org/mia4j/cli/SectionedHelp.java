package org.mia4j.cli;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.mia4j.plan.AuditConfig;
import org.mia4j.plan.AuditPlan;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine;

/**
 * The option list of a {@link PlannedCommand} in sections, one per {@link PlanSection}, each option's default read
 * from the config the command's own preset builds (with and without --quick), so no default is written twice.
 */
final class SectionedHelp implements CommandLine.IHelpSectionRenderer {

    /** Installs the sectioned option list on every planned command under {@code cl}. */
    static void install(CommandLine cl) {
        if (cl.getCommand() instanceof PlannedCommand) {
            cl.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST_HEADING, h -> "");
            cl.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST, new SectionedHelp());
        }
        cl.getSubcommands().values().forEach(SectionedHelp::install);
    }

    @Override
    public String render(Help help) {
        CommandSpec spec = help.commandSpec();
        PlannedCommand command = (PlannedCommand) spec.userObject();
        AuditConfig normal = command.preset(AuditPlan.builder()).build().config();
        AuditConfig quick = command.preset(AuditPlan.builder().quick()).build().config();
        Map<Object, CommandSpec> mixins = new IdentityHashMap<>();
        spec.mixins().values().forEach(m -> mixins.put(m.userObject(), m));
        List<OptionSpec> inSections = new ArrayList<>();
        StringBuilder sections = new StringBuilder();
        for (PlanSection section : command.sections()) {
            List<OptionSpec> options = new ArrayList<>();
            List<OptionSpec> own = new ArrayList<>(mixins.get(section).options());
            own.addAll(ComponentOptions.options(spec, section.settings()));
            for (OptionSpec o : own) {
                inSections.add(o);
                Function<AuditConfig, Object> value = java.util.Arrays.stream(o.names())
                        .map(section.defaults()::get).filter(java.util.Objects::nonNull).findFirst().orElse(null);
                options.add(value == null ? o : withDefault(o, text(value.apply(normal)), text(value.apply(quick))));
            }
            sections.append(String.format("%n%s:%n", section.heading()));
            sections.append(help.optionListExcludingGroups(options, help.createDefaultLayout(), null, help.parameterLabelRenderer()));
        }
        List<OptionSpec> own = new ArrayList<>();
        List<OptionSpec> other = new ArrayList<>();
        for (OptionSpec o : spec.options()) {
            if (inSections.stream().noneMatch(s -> s.longestName().equals(o.longestName()))) {
                (o.usageHelp() || o.versionHelp() || o.inherited() ? other : own).add(o);
            }
        }
        String head = own.isEmpty() ? "" : String.format("Options:%n")
                + help.optionListExcludingGroups(own, help.createDefaultLayout(), null, help.parameterLabelRenderer());
        return head + sections + String.format("%nOther:%n")
                + help.optionListExcludingGroups(other, help.createDefaultLayout(), null, help.parameterLabelRenderer());
    }

    private static OptionSpec withDefault(OptionSpec o, String normal, String quick) {
        String text = normal.equals(quick) ? normal : normal + "; " + quick + " with --quick";
        String[] description = o.description().clone(); // interpolated: "%%" came back as "%"
        int last = description.length - 1;
        String d = description[last];
        description[last] = (d.endsWith(".") ? d.substring(0, d.length() - 1) : d) + " (default: " + text + ").";
        for (int i = 0; i < description.length; i++) {
            description[i] = description[i].replace("%", "%%");
        }
        return OptionSpec.builder(o).description(description).build();
    }

    static String text(Object value) {
        if (value instanceof List<?> list) {
            return list.isEmpty() ? "none" : list.stream().map(SectionedHelp::text).collect(Collectors.joining(","));
        }
        if (value instanceof Double d) {
            return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        }
        return String.valueOf(value);
    }
}
