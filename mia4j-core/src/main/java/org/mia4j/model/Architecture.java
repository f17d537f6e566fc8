package org.mia4j.model;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.mia4j.Mia4jException;

/** The model architectures mia4j trains, built from DJL blocks. */
public enum Architecture implements ModelSpec, LayerGeometry {
    /** Yuan &amp; Zhang's tabular model: Linear(d,256)-ReLU-Dropout(0.1)-Linear(256,128)-ReLU-Dropout(0.1)-Linear(C). */
    COLUMN_FC("column-fc") {
        @Override
        public Block build(int[] recordShape, int numClasses) {
            return new ColumnFc(List.of(256, 128)).build(recordShape, numClasses);
        }
    },
    /** A CPU-sized CNN for 1x28x28 images: two 3x3 conv + max-pool stages, then a 128-unit hidden layer. */
    SMALL_CNN("small-cnn") {
        @Override
        public Block build(int[] recordShape, int numClasses) {
            return smallCnn(recordShape, numClasses, null);
        }
    },
    /** The small CNN with BatchNorm after each convolution (for network slimming). */
    SMALL_CNN_BN("small-cnn-bn") {
        @Override
        public Block build(int[] recordShape, int numClasses) {
            return smallCnn(recordShape, numClasses, () -> BatchNorm.builder().build());
        }
    },
    /**
     * The small CNN with GroupNorm ({@value #SMALL_CNN_GROUPS} groups) after each bias-free convolution: normalised
     * like small-cnn-bn, but each example on its own, so DP-SGD can train it.
     */
    SMALL_CNN_GN("small-cnn-gn") {
        @Override
        public Block build(int[] recordShape, int numClasses) {
            return smallCnn(recordShape, numClasses, () -> new GroupNorm(SMALL_CNN_GROUPS));
        }
    },
    /**
     * The standard CIFAR ResNet-18 (3x3 stem, basic blocks [2,2,2,2], ~11 M parameters). DJL's
     * {@code ResNetV1.setNumLayers(18)} builds a different, bottleneck network, so we assemble it here.
     */
    RESNET18("resnet18") {
        @Override
        public Block build(int[] recordShape, int numClasses) {
            return resNet18(recordShape, numClasses, () -> BatchNorm.builder().build(), false);
        }
    },
    /**
     * ResNet-18 with GroupNorm ({@value #RESNET_GROUPS} groups, Wu &amp; He's default) in place of every BatchNorm,
     * and residual blocks DP-SGD can walk ({@link Residual}), so it can be trained privately.
     */
    RESNET18_GN("resnet18-gn") {
        @Override
        public Block build(int[] recordShape, int numClasses) {
            return resNet18(recordShape, numClasses, () -> new GroupNorm(RESNET_GROUPS), true);
        }
    };

    /** GroupNorm groups in small-cnn-gn: 4 and 8 channels a group for its 32 and 64 channels. */
    public static final int SMALL_CNN_GROUPS = 8;
    /** GroupNorm groups in resnet18-gn: 2 to 16 channels a group. */
    public static final int RESNET_GROUPS = 32;

    private final String cliName;

    Architecture(String cliName) {
        this.cliName = cliName;
    }

    @Override
    public String cliName() {
        return cliName;
    }

    public static Architecture of(String name) {
        for (Architecture a : values()) {
            if (a.cliName.equals(name)) {
                return a;
            }
        }
        throw new Mia4jException("unknown architecture '" + name + "'; expected one of "
                + Arrays.stream(values()).map(Architecture::cliName).toList());
    }

    /** The architecture named {@code name}; {@code hidden}: the hidden sizes of column-fc. */
    public static ModelSpec of(String name, List<Integer> hidden) {
        Architecture a = of(name);
        return a == COLUMN_FC ? new ColumnFc(hidden) : a;
    }

    @Override
    public long[] outputPositions(int[] recordShape) {
        return switch (this) {
            case COLUMN_FC -> new long[] {1, 1, 1};
            case SMALL_CNN, SMALL_CNN_BN, SMALL_CNN_GN -> {
                long hw = (long) recordShape[1] * recordShape[2];
                yield new long[] {hw, (recordShape[1] / 2) * (long) (recordShape[2] / 2), 1, 1};
            }
            case RESNET18, RESNET18_GN -> {
                java.util.List<Long> pos = new java.util.ArrayList<>();
                long h = recordShape[1];
                long w = recordShape[2];
                pos.add(h * w);
                for (int stage = 0; stage < 4; stage++) {
                    if (stage > 0) {
                        h = (h + 1) / 2;
                        w = (w + 1) / 2;
                    }
                    // block 0: conv1, conv2, then the 1x1 projection shortcut in stages 1-3; block 1: conv1, conv2
                    int convs = stage > 0 ? 5 : 4;
                    for (int k = 0; k < convs; k++) {
                        pos.add(h * w);
                    }
                }
                pos.add(1L);
                yield pos.stream().mapToLong(Long::longValue).toArray();
            }
        };
    }

    @Override
    public boolean isChain() {
        return this != RESNET18 && this != RESNET18_GN;
    }

    private static void requireRank(int[] shape, int rank) {
        if (shape.length != rank) {
            throw new Mia4jException("architecture needs records of rank " + rank + " but the data set's records "
                    + "have shape " + Arrays.toString(shape) + "; choose another --arch");
        }
    }

    /** {@code norm}: the normalisation after each convolution, or null for none (then the convolutions have bias). */
    private static Block smallCnn(int[] recordShape, int numClasses, Supplier<Block> norm) {
        requireRank(recordShape, 3);
        SequentialBlock b = new SequentialBlock();
        for (int filters : new int[] {32, 64}) {
            b.add(conv(filters, 1, norm == null));
            if (norm != null) {
                b.add(norm.get());
            }
            b.add(Activation.reluBlock()).add(Pool.maxPool2dBlock(new Shape(2, 2)));
        }
        return b.add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(128).build())
                .add(Activation.reluBlock())
                .add(Dropout.builder().optRate(0.2f).build())
                .add(Linear.builder().setUnits(numClasses).build());
    }

    /** {@code walkable}: residual blocks as {@link Residual} rather than DJL's ParallelBlock (other weight names). */
    private static Block resNet18(int[] recordShape, int numClasses, Supplier<Block> norm, boolean walkable) {
        requireRank(recordShape, 3);
        SequentialBlock net = new SequentialBlock()
                .add(conv(64, 1, false))
                .add(norm.get())
                .add(Activation.reluBlock());
        int[] channels = {64, 128, 256, 512};
        for (int stage = 0; stage < 4; stage++) {
            for (int b = 0; b < 2; b++) {
                int stride = stage > 0 && b == 0 ? 2 : 1;
                net.add(basicBlock(channels[stage], stride, stage > 0 && b == 0, norm, walkable));
            }
        }
        return net.add(Pool.globalAvgPool2dBlock())
                .add(Linear.builder().setUnits(numClasses).build());
    }

    private static Conv2d conv(int filters, int stride, boolean bias) {
        return Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(filters)
                .optStride(new Shape(stride, stride)).optPadding(new Shape(1, 1)).optBias(bias).build();
    }

    private static Block basicBlock(int channels, int stride, boolean project, Supplier<Block> norm,
            boolean walkable) {
        SequentialBlock main = new SequentialBlock()
                .add(conv(channels, stride, false))
                .add(norm.get())
                .add(Activation.reluBlock())
                .add(conv(channels, 1, false))
                .add(norm.get());
        Block shortcut = project
                ? new SequentialBlock()
                        .add(Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(channels)
                                .optStride(new Shape(stride, stride)).optBias(false).build())
                        .add(norm.get())
                : Blocks.identityBlock();
        Block sum = walkable ? new Residual(main, shortcut)
                : new ParallelBlock(list -> new NDList(list.get(0).singletonOrThrow()
                        .add(list.get(1).singletonOrThrow())), List.of(main, shortcut));
        return new SequentialBlock().add(sum).add(Activation.reluBlock());
    }
}
