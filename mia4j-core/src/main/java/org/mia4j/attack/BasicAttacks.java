package org.mia4j.attack;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Registers the attacks that need no setting: the threshold attacks on one output score, and the gap attack. */
public final class BasicAttacks implements AttackProvider {
    private static final Map<String, Supplier<Attack>> ATTACKS = new LinkedHashMap<>();

    static {
        ATTACKS.put("conf", ConfAttack::new);
        ATTACKS.put("xent", XentAttack::new);
        ATTACKS.put("entropy", EntropyAttack::new);
        ATTACKS.put("mentr", MentrAttack::new);
        ATTACKS.put("top1-conf", Top1ConfAttack::new);
        ATTACKS.put("top1-conf-gt", Top1ConfGtAttack::new);
        ATTACKS.put("correctness", CorrectnessAttack::new);
    }

    @Override
    public List<String> names() {
        return List.copyOf(ATTACKS.keySet());
    }

    @Override
    public Attack create(String name, AttackContext context) {
        return ATTACKS.get(name).get();
    }
}
