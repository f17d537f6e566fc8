package org.mia4j.defense;

import org.mia4j.Setting;
import org.mia4j.Settings;

/** What a {@link DefenseProvider} configures a defense with: the settings' values, and whether the data are images. */
public record DefenseContext(Settings settings, boolean imageData) {

    /** The value of {@code s} (its default when not set). */
    public <T> T get(Setting<T> s) {
        return settings.get(s);
    }
}
