package org.mia4j.attack;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.mia4j.Mia4jException;

/** Maps command-line attack names to their classes, in the order reports list them. */
public final class AttackRegistry {
    private static final Map<String, Supplier<Attack>> ATTACKS = new LinkedHashMap<>();

    static {
        register(ConfAttack::new);
        register(XentAttack::new);
        register(EntropyAttack::new);
        register(MentrAttack::new);
        register(Top1ConfAttack::new);
        register(Top1ConfGtAttack::new);
        register(CorrectnessAttack::new);
    }

    private AttackRegistry() {}

    private static void register(Supplier<Attack> s) {
        ATTACKS.put(s.get().name(), s);
    }

    public static List<String> names() {
        return List.copyOf(ATTACKS.keySet());
    }

    /** Parses a comma-separated list; {@code all} selects every attack. */
    public static List<Attack> parse(String spec) {
        List<Attack> out = new ArrayList<>();
        for (String raw : spec.split(",")) {
            String name = raw.trim();
            if (name.equals("all")) {
                ATTACKS.values().forEach(s -> out.add(s.get()));
                continue;
            }
            Supplier<Attack> s = ATTACKS.get(name);
            if (s == null) {
                throw new Mia4jException("unknown attack '" + name + "'; expected 'all' or some of " + names());
            }
            out.add(s.get());
        }
        if (out.isEmpty()) {
            throw new Mia4jException("--attacks is empty; expected 'all' or some of " + names());
        }
        return List.copyOf(out);
    }
}
