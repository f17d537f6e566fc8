package org.mia4j.defense;

import java.util.List;
import org.mia4j.InvalidSetting;
import org.mia4j.Setting;
import org.mia4j.Settings;

/**
 * Makes training-time defenses by name: the way each, built-in or plug-in, joins mia4j. Found with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/org.mia4j.defense.DefenseProvider}; plug-in jars with
 * {@code --plugins}), as {@link org.mia4j.attack.AttackProvider} finds attacks; its settings become options, run-file
 * keys and entries of the run's config like theirs.
 */
public interface DefenseProvider {

    /** The defenses it makes, by the names {@code --defenses} takes. */
    List<String> names();

    /** The settings its defenses read. */
    default List<Setting<?>> settings() {
        return List.of();
    }

    /**
     * {@code settings} with the strength {@code NAME@VALUE} gives defense {@code name} ({@code ppb@16}: its lambda
     * 16); a value it cannot read is a {@link NumberFormatException}. By default a defense takes no strength.
     */
    default Settings withStrength(String name, String value, Settings settings) {
        throw new InvalidSetting("defenses", "'" + name + "@" + value + "': " + name + " takes no strength");
    }

    /** Defense {@code name} (one of {@link #names()}), configured with {@code context}. */
    Defense create(String name, DefenseContext context);
}
