package org.mia4j;

import java.util.LinkedHashMap;
import java.util.Map;

/** Versions of the tool, the JVM and the engine, recorded in every result. */
public final class Versions {
    /** Pinned in pom.xml; kept here so results name them even when run from an IDE. */
    public static final String DJL = "0.35.0";
    public static final String PYTORCH = "2.7.1";

    private Versions() {}

    public static String mia4j() {
        String v = Versions.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    public static Map<String, String> all() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("mia4j", mia4j());
        m.put("djl", DJL);
        m.put("pytorch", PYTORCH);
        m.put("java", System.getProperty("java.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        return m;
    }
}
