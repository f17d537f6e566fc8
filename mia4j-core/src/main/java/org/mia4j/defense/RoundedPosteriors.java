package org.mia4j.defense;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mia4j.InvalidSetting;

/**
 * The model releases its posteriors rounded to D decimals (Shokri et al. 2017's "coarsen the precision"). Rounded
 * so that each row still sums to 1 (largest remainder: every value is its posterior rounded down to the grid of
 * 10^-D, and the units left go to the largest remainders), so each value differs from the exact one by less than
 * 10^-D and the released rows remain probabilities.
 */
public final class RoundedPosteriors implements OutputMask {
    /** Beyond 6 decimals float32 posteriors have nothing left to round. */
    static final int MAX_DECIMALS = 6;
    private final int decimals;

    public RoundedPosteriors(int decimals) {
        if (decimals < 1 || decimals > MAX_DECIMALS) {
            throw new InvalidSetting("defenses", "round@D needs 1 <= D <= " + MAX_DECIMALS + ", got " + decimals);
        }
        this.decimals = decimals;
    }

    public int decimals() {
        return decimals;
    }

    @Override
    public String name() {
        return "round@" + decimals;
    }

    @Override
    public boolean labelsOnly() {
        return false;
    }

    @Override
    public NDArray release(NDArray posteriors) {
        double scale = Math.pow(10, decimals);
        NDArray units = posteriors.toType(DataType.FLOAT64, false).mul(scale);
        NDArray down = units.floor();
        NDArray left = down.sum(new int[] {1}, true).neg().add(scale).round(); // units still to hand out per row
        // rank of each class by its remainder, largest first; the first `left` of them get one more unit
        NDArray rank = units.sub(down).neg().argSort(1).argSort(1).toType(DataType.FLOAT64, false);
        NDArray up = rank.lt(left).toType(DataType.FLOAT64, false);
        return down.add(up).div(scale).toType(posteriors.getDataType(), false);
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("name", name());
        s.put("decimals", decimals);
        s.put("releases", "posteriors rounded to " + decimals + " decimals (largest remainder, rows sum to 1)");
        return s;
    }
}
