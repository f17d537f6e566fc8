package org.mia4j.defense;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mia4j.InvalidSetting;
import org.mia4j.Mia4jException;
import org.mia4j.Plugins;
import org.mia4j.Setting;
import org.mia4j.Settings;
import org.mia4j.data.Dataset;
import org.mia4j.model.Network;

/**
 * The training-time defenses by command-line name: what every {@link DefenseProvider} found (built-in or plug-in)
 * makes, and the settings they declare, composed once.
 */
public final class DefenseRegistry {

    private DefenseRegistry() {}

    private static Map<String, DefenseProvider> byName() {
        Map<String, DefenseProvider> out = new LinkedHashMap<>();
        for (DefenseProvider p : Plugins.providers(DefenseProvider.class)) {
            for (String n : p.names()) {
                DefenseProvider before = out.putIfAbsent(n, p);
                if (before != null) {
                    throw new Mia4jException("defense '" + n + "' is provided twice: by " + before.getClass().getName()
                            + " and " + p.getClass().getName());
                }
            }
        }
        return out;
    }

    public static List<String> names() {
        return List.copyOf(byName().keySet());
    }

    /** Every defense's settings, each once. */
    public static List<Setting<?>> settings() {
        return Setting.compose(Plugins.providers(DefenseProvider.class).stream()
                .flatMap(p -> p.settings().stream()).toList());
    }

    /**
     * The defense a spec names: {@code NAME} with {@code settings}, or {@code NAME@STRENGTH} with its strength set
     * (the provider says which setting it is), named after the spec. {@code imageData} decides what depends on the
     * data's kind (RelaxLoss's auto form).
     */
    public static Defense create(String spec, Settings settings, boolean imageData) {
        int at = spec.indexOf('@');
        String name = at < 0 ? spec : spec.substring(0, at);
        DefenseProvider p = byName().get(name);
        if (p == null) {
            throw new Mia4jException("unknown defense '" + name + "'; expected one of " + names()
                    + ", each optionally NAME@STRENGTH, or an output mask " + OutputMask.NAMES);
        }
        if (at < 0) {
            return p.create(name, new DefenseContext(settings, imageData));
        }
        Settings strong;
        try {
            strong = p.withStrength(name, spec.substring(at + 1), settings);
        } catch (NumberFormatException e) {
            throw new InvalidSetting("defenses", "'" + spec + "': expected NAME@NUMBER (dp-sgd also @eps=NUMBER)");
        } catch (InvalidSetting e) {
            throw e.setting().equals("defenses") ? e
                    : new InvalidSetting("defenses", "'" + spec + "': " + e.setting() + " " + e.problem());
        }
        return new Tagged(p.create(name, new DefenseContext(strong, imageData)), spec);
    }

    /** A defense named after the spec that chose its strength ({@code ppb@16}). */
    private record Tagged(Defense inner, String label) implements Defense {
        @Override
        public String name() {
            return label;
        }

        @Override
        public Defense base() {
            return inner.base();
        }

        @Override
        public boolean trainsFromScratch() {
            return inner.trainsFromScratch();
        }

        @Override
        public NDArray loss(NDArray logits, NDArray labels, int epoch) {
            return inner.loss(logits, labels, epoch);
        }

        @Override
        public void start(Network net, Dataset data, int[] train, int[] reference,
                long seed) {
            inner.start(net, data, train, reference, seed);
        }

        @Override
        public void beforeBatch(int[] batch) {
            inner.beforeBatch(batch);
        }

        @Override
        public void finish() {
            inner.finish();
        }

        @Override
        public Map<String, Object> settings() {
            Map<String, Object> s = new LinkedHashMap<>(inner.settings());
            s.put("name", label);
            return s;
        }
    }
}
