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

    /**
     * The commit the running build was made from, with "-dirty" when it had uncommitted changes; "unknown" when
     * built outside a git checkout.
     */
    public static String commit() {
        try (java.io.InputStream in = Versions.class.getResourceAsStream("git.properties")) {
            if (in == null) {
                return "unknown";
            }
            java.util.Properties p = new java.util.Properties();
            p.load(in);
            String id = p.getProperty("git.commit.id", "unknown");
            return "true".equals(p.getProperty("git.dirty")) ? id + "-dirty" : id;
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    public static Map<String, String> all() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("mia4j", mia4j());
        m.put("commit", commit());
        m.put("djl", DJL);
        m.put("pytorch", PYTORCH);
        m.put("java", System.getProperty("java.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        return m;
    }
}
