package org.mia4j.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * {@code main(x) + shortcut(x)}: a residual connection whose two branches code can walk (DJL's ParallelBlock hides
 * its join function), so DP-SGD can tap every layer inside it.
 */
public final class Residual extends AbstractBlock {
    private final Block main;
    private final Block shortcut;

    public Residual(Block main, Block shortcut) {
        this.main = addChildBlock("main", main);
        this.shortcut = addChildBlock("shortcut", shortcut);
    }

    public Block main() {
        return main;
    }

    public Block shortcut() {
        return shortcut;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return new NDList(main.forward(ps, inputs, training).singletonOrThrow()
                .add(shortcut.forward(ps, inputs, training).singletonOrThrow()));
    }

    @Override
    public void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        main.initialize(manager, dataType, inputShapes);
        shortcut.initialize(manager, dataType, inputShapes);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return main.getOutputShapes(inputShapes);
    }
}
