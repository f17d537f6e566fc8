package org.mia4j.run;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mia4j.Progress;
import org.mia4j.data.Dataset;
import org.mia4j.defense.Cwrf;
import org.mia4j.model.Architecture;
import org.mia4j.model.ModelSpec;
import org.mia4j.model.Variant;
import org.mia4j.plan.AuditConfig;
import org.mia4j.store.CheckpointStore;

/**
 * Makes the models of one {@link ModelJob} with the same code and cache keys as a local audit, into checkpoint
 * stores, with the job's outputs beside them: what an engine's workers run. A model any store already holds is
 * restored, not trained again.
 */
public final class ModelMaker {
    private final AuditConfig config;
    private final Dataset data;
    private final ModelSpec arch;

    /** {@code data}: the audit's data as its models see it (loaded, capped and encoded). */
    public ModelMaker(AuditConfig config, Dataset data) {
        this.config = config;
        this.data = data;
        this.arch = Architecture.of(config.architecture(), config.hidden());
    }

    /** The cache keys of the models {@code job} makes with {@code threads} engine threads, original first. */
    public List<String> keys(ModelJob job, int threads) {
        return List.copyOf(new ModelStore(null, arch, data, config, Progress.SILENT).keyedOnThreads(threads)
                .keys(job.split(), job.seed(), config.variants(), job.reference()).values());
    }

    /** Makes (or restores) every model of {@code job} in {@code workDir}, storing each in {@code stores}. */
    public void make(ModelJob job, Path workDir, List<CheckpointStore> stores, Progress progress) {
        ModelStore store = new ModelStore(workDir, arch, data, config, progress);
        stores.forEach(store::withCache);
        Map<String, Object> shared = new HashMap<>();
        Map<Variant, String> keys = store.keys(job.split(), job.seed(), config.variants(),
                job.reference());
        int[] on = job.outputsOn();
        float[] x = on.length > 0 ? data.features(on) : null;
        store.trainAndPrune(job.split(), job.seed(), config.variants(), job.reference(), shared,
                (variant, net, rep) -> {
                    if (needsCriticalScores(config, job, variant)) {
                        shared.put(Cwrf.SCORES, CriticalAnalysis.run(net, data, job.split().members(),
                                job.reference(), config).pve());
                    }
                    if (on.length > 0) {
                        store.storeOutputs(keys.get(variant), job.role(), variant, on, net.posteriors(x, on.length),
                                data.numClasses());
                    }
                    return variant;
                });
    }

    /** Whether the target's critical-weight treatments need its scores before they are made. */
    static boolean needsCriticalScores(AuditConfig config, ModelJob job, Variant variant) {
        return job.target() && variant.isOriginal() && !config.treatments().isEmpty();
    }
}
