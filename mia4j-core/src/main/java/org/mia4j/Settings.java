package org.mia4j;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Values of declared {@link Setting}s, by name, in declaration order: what a run's components were configured with,
 * recorded in its config. A setting with no value here reads as its default.
 */
public final class Settings {
    public static final Settings NONE = new Settings(Map.of());
    private final Map<String, Object> values;

    private Settings(Map<String, Object> values) {
        this.values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /**
     * Every declared setting's value: the one given (checked), else its default ({@code quick}: its quick
     * default). A given name no component declares is refused.
     */
    public static Settings resolve(Collection<Setting<?>> declared, Map<String, ?> given, boolean quick) {
        Map<String, Setting<?>> byName = new LinkedHashMap<>();
        declared.forEach(s -> byName.put(s.name(), s));
        for (String n : given.keySet()) {
            if (!byName.containsKey(n)) {
                throw new InvalidSetting(n, "is not a setting of any component; known: " + byName.keySet());
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Setting<?> s : byName.values()) {
            out.put(s.name(), given.containsKey(s.name()) ? s.check(given.get(s.name())) : s.defaultValue(quick));
        }
        return new Settings(out);
    }

    /** Only the values of {@code declared} (what one component reads). */
    public Settings only(List<Setting<?>> declared) {
        Map<String, Object> out = new LinkedHashMap<>();
        declared.forEach(s -> out.put(s.name(), get(s)));
        return new Settings(out);
    }

    /** This value of {@code s}, or its default. */
    public <T> T get(Setting<T> s) {
        Object v = values.get(s.name());
        return v == null ? s.defaultValue() : s.cast(v);
    }

    /** These values with {@code s} set to {@code value} (checked). */
    public <T> Settings with(Setting<T> s, T value) {
        Map<String, Object> out = new LinkedHashMap<>(values);
        out.put(s.name(), s.check(value));
        return new Settings(out);
    }

    /** These values with {@code s} back at its default. */
    public Settings without(Setting<?> s) {
        Map<String, Object> out = new LinkedHashMap<>(values);
        out.put(s.name(), s.defaultValue());
        return new Settings(out);
    }

    /** The values a recorded config holds (a Spark worker reads its job's config back): cast on {@link #get}. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static Settings recorded(Map<String, Object> values) {
        return new Settings(values);
    }

    /** Name to value, as recorded. */
    @JsonValue
    public Map<String, Object> asMap() {
        return values;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Settings s && s.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
