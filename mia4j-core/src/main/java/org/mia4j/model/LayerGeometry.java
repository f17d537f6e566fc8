package org.mia4j.model;

/** How an architecture's Linear/Conv layers connect, for counting what pruning removes. */
public interface LayerGeometry {

    /**
     * Output positions of each Linear/Conv weight in parameter order (1 for Linear, H x W of the output map for a
     * convolution): a layer's multiply-accumulates are its weights times its positions.
     */
    long[] outputPositions(int[] recordShape);

    /** Whether each layer feeds only the next one (no residuals): a removed unit also removes the next layer's inputs. */
    boolean isChain();
}
