package org.mia4j;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * One setting of a component (an attack, a pruner, a defense), declared beside the component's code: its name (the
 * command-line option without its dashes, the run-file key, the key in results), type, default (and the
 * {@code --quick} default where it differs), the values it takes and a one-line help. The plan, the CLI's options
 * and {@code --help}, run files, the results' {@code settings} and validation messages are all derived from it.
 *
 * <pre>{@code
 * public static final Setting<Double> GAMMA = Setting.real("rmia-gamma", 2.0, "RMIA's gamma.").positive();
 * }</pre>
 *
 * @param <T> {@code Integer}, {@code Double} or {@code String}
 */
public final class Setting<T> {
    private final String name;
    private final Class<T> type;
    private final T defaultValue;
    private final T quickValue;
    private final String help;
    private final String rule;
    private final Predicate<T> ok;

    private Setting(String name, Class<T> type, T defaultValue, T quickValue, String help, String rule,
            Predicate<T> ok) {
        if (!name.matches("[a-z][a-z0-9]*(-[a-z0-9]+)*")) {
            throw new IllegalArgumentException("a setting's name is kebab case, got '" + name + "'");
        }
        this.name = name;
        this.type = type;
        this.defaultValue = Objects.requireNonNull(defaultValue);
        this.quickValue = Objects.requireNonNull(quickValue);
        this.help = help;
        this.rule = rule;
        this.ok = ok;
    }

    /** A number (finite) setting. */
    public static Setting<Double> real(String name, double defaultValue, String help) {
        return new Setting<>(name, Double.class, defaultValue, defaultValue, help, "a finite number",
                Double::isFinite);
    }

    /** A whole-number setting. */
    public static Setting<Integer> integer(String name, int defaultValue, String help) {
        return new Setting<>(name, Integer.class, defaultValue, defaultValue, help, "a whole number", v -> true);
    }

    /** A text setting. */
    public static Setting<String> text(String name, String defaultValue, String help) {
        return new Setting<>(name, String.class, defaultValue, defaultValue, help, "a text", v -> true);
    }

    /** The same setting with another default under {@code --quick} (the smoke-run preset). */
    public Setting<T> quick(T value) {
        return new Setting<>(name, type, defaultValue, value, help, rule, ok);
    }

    /** The same setting restricted to the values {@code ok} accepts, described by {@code rule} ({@code "> 0"}). */
    public Setting<T> rule(String rule, Predicate<T> ok) {
        Predicate<T> before = this.ok;
        return new Setting<>(name, type, defaultValue, quickValue, help, rule, v -> before.test(v) && ok.test(v));
    }

    /** Only values above 0 (numbers) or from 1 (whole numbers). */
    public Setting<T> positive() {
        return rule(type == Integer.class ? ">= 1" : "> 0", v -> ((Number) v).doubleValue() > 0);
    }

    /** Only values at least {@code min}. */
    public Setting<T> atLeast(double min) {
        return rule(">= " + Variants.plain(min), v -> ((Number) v).doubleValue() >= min);
    }

    /** Only the given texts. */
    @SafeVarargs
    public final Setting<T> oneOf(T... choices) {
        List<T> list = List.of(choices);
        return rule("one of " + String.join(", ", list.stream().map(String::valueOf).toList()), list::contains);
    }

    public String name() {
        return name;
    }

    public Class<T> type() {
        return type;
    }

    public T defaultValue() {
        return defaultValue;
    }

    /** The default under {@code --quick}. */
    public T quickValue() {
        return quickValue;
    }

    /** The default of a run with or without {@code --quick}. */
    public T defaultValue(boolean quick) {
        return quick ? quickValue : defaultValue;
    }

    public String help() {
        return help;
    }

    /** The values it takes, as validation messages and {@code --help} say them ({@code "> 0"}). */
    public String rule() {
        return rule;
    }

    /**
     * {@code value} as this setting's type (a whole number is a number too), checked: a wrong type or a value out
     * of range is an {@link InvalidSetting} naming the setting.
     */
    public T check(Object value) {
        T t = cast(value);
        if (!ok.test(t)) {
            throw new InvalidSetting(name, "must be " + rule + ", got " + t);
        }
        return t;
    }

    /** {@code value} as this setting's type, its range unchecked (a default may stand outside it: 0 for none). */
    public T cast(Object value) {
        Object v = value;
        if (type == Double.class && v instanceof Number n && !(v instanceof Double)) {
            v = n.doubleValue();
        }
        if (type == Integer.class && v instanceof Long l && l == l.intValue()) {
            v = l.intValue();
        }
        if (!type.isInstance(v)) {
            throw new InvalidSetting(name, "must be " + (type == Double.class ? "a number" : type == Integer.class
                    ? "a whole number" : "a text") + ", got '" + value + "'");
        }
        return type.cast(v);
    }

    /** Each setting once; two components may share one only if they declare it alike. */
    public static List<Setting<?>> compose(List<Setting<?>> declared) {
        Map<String, Setting<?>> out = new LinkedHashMap<>();
        for (Setting<?> s : declared) {
            Setting<?> before = out.putIfAbsent(s.name(), s);
            if (before != null && !before.sameAs(s)) {
                throw new Mia4jException("setting '" + s.name() + "' is declared twice, differently (type or "
                        + "default); components share a setting by declaring it once");
            }
        }
        return List.copyOf(out.values());
    }

    /** Whether {@code value} is one it takes (a default outside its range stands for "unset"). */
    public boolean accepts(Object value) {
        return ok.test(cast(value));
    }

    /** Whether {@code other} declares the same setting (components may share one, e.g. the NN attacks' epochs). */
    public boolean sameAs(Setting<?> other) {
        return name.equals(other.name) && type == other.type && defaultValue.equals(other.defaultValue)
                && quickValue.equals(other.quickValue);
    }

    @Override
    public String toString() {
        return name;
    }

    /** Numbers as written in rules: 0 not 0.0. */
    private static final class Variants {
        static String plain(double d) {
            return java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        }
    }
}
