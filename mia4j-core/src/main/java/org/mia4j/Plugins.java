package org.mia4j;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * Where components come from: {@link ServiceLoader} providers ({@code META-INF/services}) on mia4j's class path,
 * built-ins first (they register the same way), then those of the plug-in jars added with {@link #load(Path)} (the
 * CLI's {@code --plugins DIR}). Process-wide, like the engine's threads.
 */
public final class Plugins {
    private static final List<URLClassLoader> LOADERS = new CopyOnWriteArrayList<>();
    private static final List<Path> DIRS = new CopyOnWriteArrayList<>();
    /** Providers by type, as of the plug-ins loaded so far (cleared when a folder is added). */
    private static final Map<Class<?>, List<?>> FOUND = new java.util.concurrent.ConcurrentHashMap<>();

    private Plugins() {}

    /** Adds the jars in {@code dir} (each {@code *.jar}, by name); a folder added before is not added again. */
    public static synchronized void load(Path dir) {
        Path d = dir.toAbsolutePath().normalize();
        if (DIRS.contains(d)) {
            return;
        }
        if (!Files.isDirectory(d)) {
            throw new InvalidSetting("plugins", "must be a folder of plug-in jars, got " + dir
                    + (Files.exists(d) ? " (not a folder)" : " (does not exist)"));
        }
        List<URL> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(d)) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList()) {
                jars.add(p.toUri().toURL());
            }
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new Mia4jException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        if (jars.isEmpty()) {
            throw new InvalidSetting("plugins", "names " + dir + ", which holds no .jar file");
        }
        LOADERS.add(new URLClassLoader("mia4j-plugins:" + d, jars.toArray(URL[]::new), Plugins.class.getClassLoader()));
        DIRS.add(d);
        FOUND.clear();
    }

    /** How many plug-in folders were added: registries rebuild what they derive from providers when it changes. */
    public static int generation() {
        return DIRS.size();
    }

    /** Every provider of {@code type}: built-ins in their {@code META-INF/services} order, then the plug-ins'. */
    @SuppressWarnings("unchecked")
    public static <S> List<S> providers(Class<S> type) {
        return (List<S>) FOUND.computeIfAbsent(type, t -> find(type));
    }

    private static <S> List<S> find(Class<S> type) {
        Map<String, S> out = new LinkedHashMap<>();
        add(out, ServiceLoader.load(type, Plugins.class.getClassLoader()));
        for (URLClassLoader l : LOADERS) { // each also sees its parent's: kept once, by class
            add(out, ServiceLoader.load(type, l));
        }
        return List.copyOf(out.values());
    }

    private static <S> void add(Map<String, S> out, ServiceLoader<S> loader) {
        try {
            for (ServiceLoader.Provider<S> p : loader.stream().toList()) {
                if (!out.containsKey(p.type().getName())) {
                    out.put(p.type().getName(), p.get());
                }
            }
        } catch (java.util.ServiceConfigurationError e) {
            throw new Mia4jException("a plug-in cannot be loaded: " + e.getMessage(), e);
        }
    }
}
