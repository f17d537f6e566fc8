package org.mia4j.attack;

import org.mia4j.Setting;
import org.mia4j.Settings;
import org.mia4j.train.TrainingConfig;

/**
 * What an {@link AttackProvider} configures an attack with: the values of the declared settings, the run's training
 * recipe (batch size, learning rate, weight decay, patience: attacks that train a network start from it) and the
 * seed of the attack's own randomness.
 */
public record AttackContext(Settings settings, TrainingConfig training, long seed) {

    /** Defaults for every setting and mia4j's default recipe. */
    public static AttackContext defaults(long seed) {
        return new AttackContext(Settings.NONE, TrainingConfig.DEFAULT, seed);
    }

    /** The value of {@code s} (its default when not set). */
    public <T> T get(Setting<T> s) {
        return settings.get(s);
    }
}
