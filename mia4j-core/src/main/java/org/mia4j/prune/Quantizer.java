package org.mia4j.prune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import org.mia4j.InvalidSetting;
import org.mia4j.model.Network;
import org.mia4j.model.ParamSet;
import org.mia4j.model.Variant;

/**
 * Post-training weight quantization ({@code quantize-int8}, {@code quantize-int4}): symmetric, per output channel,
 * as TF-Lite and PyTorch's default weight observers do: scale = max|w| / (2^(bits-1) - 1) per output row, w =
 * clamp(round(w / scale)) * scale. Weights are stored back as the dequantized values, so every engine op still
 * works in fp32; the size the format would take is reported ({@link #bits()} per weight plus an fp32 scale per
 * row). Biases stay fp32. No fine-tuning follows.
 */
public final class Quantizer implements Pruner {
    private final int bits;

    public Quantizer(int bits) {
        if (bits < 2 || bits > 16) {
            throw new InvalidSetting("pruners", "quantize-intB needs 2 <= B <= 16, got " + bits);
        }
        this.bits = bits;
    }

    public int bits() {
        return bits;
    }

    @Override
    public Variant variant() {
        return Variant.compression("quantize-int" + bits);
    }

    @Override
    public Double storageReduction(Network net, boolean afterPruning) {
        return CompressedSize.quantized(net, bits);
    }

    @Override
    public Mask prune(Network net, PruningContext ctx) {
        float qmax = (1 << (bits - 1)) - 1;
        try (NDManager m = net.manager().newSubManager()) {
            for (Prunable p : Prunable.of(net)) {
                NDArray w = p.param().getArray();
                NDArray rows = w.reshape(w.getShape().get(0), -1);
                NDArray scale = rows.abs().max(new int[] {1}, true).div(qmax);
                NDArray safe = scale.add(scale.eq(0).toType(scale.getDataType(), false)); // all-zero rows stay 0
                NDArray q = rows.div(safe).round().clip(-qmax, qmax).mul(safe);
                q.reshape(w.getShape()).copyTo(w);
            }
        }
        return new Mask(net, new ParamSet(net.manager().newSubManager(), new LinkedHashMap<>()));
    }

    /** Registers {@code quantize-int<B>}. */
    public static final class Provider implements PrunerProvider {
        @Override
        public java.util.List<String> names() {
            return java.util.List.of("quantize-int<B>");
        }

        @Override
        public java.util.Optional<Pruner> create(String name, double sparsity, int rounds) {
            if (!name.startsWith("quantize-int")) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(new Quantizer(PrunerRegistry.whole(name, name.substring("quantize-int"
                    .length()), "quantize-intB with a whole number B")));
        }
    }
}
