package org.mia4j.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/**
 * One model variant of an audit: what was done to the original (a compression such as pruning, a critical-weight
 * treatment, or a retraining from scratch) and which training-time defense it used. Reports and verdicts read
 * these fields; the label ({@code l1-unstructured@0.7+ppb}) is rendered from them and never parsed back.
 *
 * @param kind what kind of change made it from the original
 * @param method the pruner or treatment ({@code l1-unstructured}, {@code cwrf}); the defense for {@link
 *     Kind#SCRATCH}; {@code original} for the original
 * @param level the sparsity or ratio the method was asked for; null when it has none
 * @param defense the training-time defense of its (fine-)tuning, empty for none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(value = "label", allowGetters = true)
public record Variant(@JsonProperty("kind") Kind kind, @JsonProperty("method") String method,
        @JsonProperty("level") Double level,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
        @JsonProperty("compression") String compression, @JsonProperty("defense") String defense) {

    /** What made a variant from the original model. */
    public enum Kind { ORIGINAL, PRUNING, COMPRESSION, TREATMENT, SCRATCH }

    /** The model as trained (or as given). */
    public static final Variant ORIGINAL = new Variant(Kind.ORIGINAL, "original", null, "", "");

    public Variant {
        defense = defense == null ? "" : defense;
        compression = compression == null ? "" : compression;
        if (level != null && !Double.isFinite(level)) {
            level = null;
        }
    }

    public static Variant pruning(String method, double sparsity) {
        return new Variant(Kind.PRUNING, method, sparsity, "", "");
    }

    /** A compression with no level: quantization or weight clustering ({@code quantize-int8}, {@code cluster-16}). */
    public static Variant compression(String method) {
        return new Variant(Kind.COMPRESSION, method, null, "", "");
    }

    /** A critical-weight treatment; {@code ratio} NaN for treatments that choose no weights. */
    public static Variant treatment(String mode, double ratio) {
        return new Variant(Kind.TREATMENT, mode, ratio, "", "");
    }

    /** The original recipe rerun from theta0 with a defense. */
    public static Variant scratch(String defense) {
        return new Variant(Kind.SCRATCH, defense, null, "", defense);
    }

    public Variant withDefense(String d) {
        return new Variant(kind, method, level, compression, d);
    }

    /** This pruning followed by a compression after its fine-tuning ({@code l1-unstructured@0.7+quantize-int8}). */
    public Variant withCompression(String c) {
        return new Variant(kind, method, level, c, defense);
    }

    /** The same variant without its defense (the original for a model trained from scratch with one). */
    @JsonIgnore
    public Variant undefended() {
        return kind == Kind.SCRATCH ? ORIGINAL : new Variant(kind, method, level, compression, "");
    }

    /** The original as trained (or given): not the original behind an output mask ({@code original+labels-only}). */
    @JsonIgnore
    public boolean isOriginal() {
        return kind == Kind.ORIGINAL && defense.isEmpty();
    }

    @JsonIgnore
    public boolean isDefended() {
        return !defense.isEmpty();
    }

    /** The line of a sweep chart this variant belongs to: its method, with its defense. */
    @JsonIgnore
    public String sweepLine() {
        return method + (compression.isEmpty() ? "" : "+" + compression) + (isDefended() ? "+" + defense : "");
    }

    @JsonProperty("label")
    public String label() {
        if (kind == Kind.SCRATCH) {
            return defense;
        }
        return method + (level == null ? "" : "@" + format(level)) + (compression.isEmpty() ? "" : "+" + compression)
                + (isDefended() ? "+" + defense : "");
    }

    /** Short decimal form of a sparsity or ratio: 0.7, 0.001. */
    public static String format(double s) {
        String t = String.format(Locale.ROOT, "%.4f", s).replaceAll("0+$", "");
        return t.endsWith(".") ? t + "0" : t;
    }

    @Override
    public String toString() {
        return label();
    }
}
