package org.mia4j.data;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mia4j.InvalidSetting;

/**
 * A model's output order by class name, and a data set relabelled to it: record i's label becomes the position of its
 * class name in that order. A model trained elsewhere numbers its outputs its own way; a CSV's string labels are
 * numbered alphabetically, which is seldom the model's order ("three" is class 7 of zero..nine alphabetically).
 */
public final class ClassOrder {
    private ClassOrder() {}

    /** {@code spec}: a file with one class name per line, or the names comma-separated. */
    public static List<String> parse(String spec) {
        Path p = Path.of(spec);
        List<String> names = new ArrayList<>();
        if (Files.isRegularFile(p)) {
            String text = new String(DataFiles.readStored(p), StandardCharsets.UTF_8).replace("\uFEFF", "");
            text.lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(names::add);
        } else {
            Arrays.stream(spec.split(",", -1)).map(String::strip).forEach(names::add);
        }
        if (names.size() < 2) {
            throw new InvalidSetting("classes", "'" + spec + "' names " + names.size() + " class(es); expected the "
                    + "model's output order: a file with one name per line, or NAME,NAME,...");
        }
        return names;
    }

    /** The classes of integer labels in their own order: label k is output k ({@code 0..max}); empty otherwise. */
    public static List<String> integers(List<String> classNames) {
        int max = -1;
        for (String c : classNames) {
            if (!c.matches("\\d{1,6}")) {
                return List.of();
            }
            max = Math.max(max, Integer.parseInt(c));
        }
        List<String> out = new ArrayList<>();
        for (int k = 0; k <= max; k++) {
            out.add(Integer.toString(k));
        }
        return out;
    }

    /** {@code d} with its labels renumbered to {@code order}; every class of {@code d} must be named there. */
    public static Dataset apply(Dataset d, List<String> order) {
        if (order.equals(d.classNames())) {
            return d;
        }
        Map<String, Integer> at = new HashMap<>();
        for (int k = 0; k < order.size(); k++) {
            at.put(order.get(k), k);
        }
        int[] map = new int[d.numClasses()];
        for (int c = 0; c < map.length; c++) {
            Integer k = at.get(d.classNames().get(c));
            if (k == null) {
                throw new InvalidSetting("classes", "does not name the class '" + d.classNames().get(c) + "' of "
                        + d.name() + " (its classes are " + d.classNames() + "; the model's order given is " + order
                        + ")");
            }
            map[c] = k;
        }
        return new Relabeled(d, List.copyOf(order), map);
    }

    /** A data set whose labels are renumbered; features are the wrapped set's. */
    private record Relabeled(Dataset d, List<String> order, int[] map) implements Dataset {
        @Override
        public String name() {
            return d.name();
        }

        @Override
        public int size() {
            return d.size();
        }

        @Override
        public int[] recordShape() {
            return d.recordShape();
        }

        @Override
        public int numClasses() {
            return order.size();
        }

        @Override
        public List<String> classNames() {
            return order;
        }

        @Override
        public int label(int i) {
            return map[d.label(i)];
        }

        @Override
        public int featureSize() {
            return d.featureSize();
        }

        @Override
        public float[] features(int[] idx) {
            return d.features(idx);
        }

        /** The class order changes every label, so it is part of what keys a model trained on this set. */
        @Override
        public String preprocessing() {
            return d.preprocessing() + " classes=" + order;
        }

        @Override
        public Map<String, String> checksums() {
            return d.checksums();
        }
    }
}
