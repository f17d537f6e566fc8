package org.mia4j.cli;

import java.util.Map;
import java.util.function.Function;
import org.mia4j.Setting;
import org.mia4j.plan.AuditConfig;
import org.mia4j.plan.AuditPlan;

/**
 * One section of an audit command's options (a picocli mixin): it maps the options given onto the plan builder and
 * says, per option, where its default lives in the built config, so `--help` shows each command's own defaults.
 */
interface PlanSection {

    /** The heading of this section in `--help`. */
    String heading();

    /** Sets on {@code plan} the options that were given; the rest keep the plan's defaults. */
    void applyTo(AuditPlan.Builder plan);

    /** Option name to the config value that is its default (options absent here describe their own default). */
    Map<String, Function<AuditConfig, Object>> defaults();

    /** Components' settings whose options (made from their declarations) this section shows. */
    default java.util.List<Setting<?>> settings() {
        return java.util.List.of();
    }

    static <T> void set(T value, java.util.function.Consumer<T> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }
}
