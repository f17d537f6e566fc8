package org.mia4j.data;

import java.nio.file.Path;

/** The team's shared data folder, beside the checkout (as on the developers' machines and in CI). */
public final class SharedData {
    private SharedData() {}

    public static Path dir() {
        return Path.of("..", "shared", "data");
    }
}
