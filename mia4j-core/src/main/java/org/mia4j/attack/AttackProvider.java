package org.mia4j.attack;

import java.util.List;
import org.mia4j.Setting;

/**
 * Makes attacks by name: the way every attack, built-in or plug-in, joins mia4j. Providers are found with
 * {@link java.util.ServiceLoader}: list the class in {@code META-INF/services/org.mia4j.attack.AttackProvider} (the
 * built-ins are listed in mia4j's own, in the order reports show them) and put its jar in a {@code --plugins}
 * folder. The settings it declares become command-line options, run-file keys and entries of each result row's
 * {@code settings}; the values it is given are checked against them first.
 */
public interface AttackProvider {

    /** The attacks it makes, by the names {@code --attacks} takes, in the order reports list them. */
    List<String> names();

    /** The settings its attacks read (a setting several providers share is declared once and listed by each). */
    default List<Setting<?>> settings() {
        return List.of();
    }

    /** The settings attack {@code name} reads (recorded in its result rows); by default all of the provider's. */
    default List<Setting<?>> settings(String name) {
        return settings();
    }

    /** Attack {@code name} (one of {@link #names()}), configured with {@code context}. */
    Attack create(String name, AttackContext context);
}
