package org.mia4j.run;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.mia4j.InvalidSetting;
import org.mia4j.Progress;
import org.mia4j.data.Dataset;
import org.mia4j.plan.AuditConfig;
import org.mia4j.store.CheckpointStore;
import org.mia4j.store.ModelCache;

/**
 * Trains an audit's models outside this process (on a Spark cluster, say), one task per {@link ModelJob}, into a
 * checkpoint store the audit then restores them from by key. The audit itself (outputs, attacks, report) runs
 * where it was started, on exactly the checkpoints a local run would have made. Engines are found with
 * {@link ServiceLoader} through their {@link Provider}; the core has none but the local one (no engine at all).
 */
public interface TrainingEngine extends AutoCloseable {

    /**
     * What an engine is given: the audit's settings, its data as the models see it, the jobs, the run's local
     * cache (if used) and a scratch folder in the run (removed once the models are made).
     */
    record Work(AuditConfig config, Dataset data, List<ModelJob> jobs, Optional<ModelCache> cache, Path scratch) {}

    /**
     * Where the models were made, with how many engine threads each (part of their keys: the weights depend on
     * it), and a sentence on how (it goes into the results' notes).
     */
    record Done(CheckpointStore store, int threadsPerModel, String summary) {}

    /** Makes every model of {@code work}'s jobs that its store does not hold yet. */
    Done make(Work work, Progress progress);

    @Override
    void close();

    /** Opens engines of one name. */
    interface Provider {
        String name();

        /** An engine with {@code options} (engine settings by name), checked now: before any folder or model. */
        TrainingEngine open(Map<String, String> options);
    }

    /** The engine named {@code name} with {@code options}, from the providers on the class path. */
    static TrainingEngine open(String name, Map<String, String> options) {
        List<Provider> found = ServiceLoader.load(Provider.class).stream().map(ServiceLoader.Provider::get).toList();
        for (Provider p : found) {
            if (p.name().equals(name)) {
                return p.open(options);
            }
        }
        throw new InvalidSetting("engine", "'" + name + "' is not on the class path (engines found: local"
                + found.stream().map(p -> ", " + p.name()).reduce("", String::concat) + ")"
                + ("spark".equals(name) ? "; the Spark engine is the mia4j-spark module: ./mia4j adds it when "
                        + "--engine spark is given, spark-submit takes its cluster jar" : ""));
    }
}
