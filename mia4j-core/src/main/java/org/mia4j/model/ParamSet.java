package org.mia4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mia4j.AtomicFiles;
import org.mia4j.MachineFaults;
import org.mia4j.Mia4jException;

/**
 * Named arrays shaped like a block's parameters: a weight snapshot, the initial weights theta0, or a pruning mask.
 * Restoring copies values in place ({@code copyTo}), so trainers holding the parameter arrays stay valid.
 */
public final class ParamSet implements AutoCloseable {
    private static final int MAGIC = 0x4d344a50; // "M4JP"
    private final NDManager manager;
    private final Map<String, NDArray> arrays;

    public ParamSet(NDManager manager, Map<String, NDArray> arrays) {
        this.manager = manager;
        this.arrays = Collections.unmodifiableMap(new LinkedHashMap<>(arrays));
    }

    /** A copy of every parameter of {@code block}, owned by a new sub-manager of {@code parent}. */
    public static ParamSet copyOf(Block block, NDManager parent) {
        NDManager m = parent.newSubManager();
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray a = p.getValue().getArray().duplicate();
            a.attach(m);
            out.put(p.getKey(), a);
        }
        return new ParamSet(m, out);
    }

    /** A copy of these arrays owned by a new sub-manager of {@code parent}. */
    public ParamSet duplicate(NDManager parent) {
        NDManager m = parent.newSubManager();
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
            NDArray a = e.getValue().duplicate();
            a.attach(m);
            out.put(e.getKey(), a);
        }
        return new ParamSet(m, out);
    }

    public Map<String, NDArray> arrays() {
        return arrays;
    }

    /** Copies these values into {@code block}'s parameters; names and shapes must match. */
    public void copyTo(Block block, String what) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray src = arrays.get(p.getKey());
            if (src == null) {
                if (arrays.size() == block.getParameters().size()) {
                    throw new Mia4jException(what + ": has no parameter '" + p.getKey()
                            + "'; it was saved from a different architecture");
                }
                continue;
            }
            NDArray dst = p.getValue().getArray();
            if (!src.getShape().equals(dst.getShape())) {
                throw new Mia4jException(what + ": parameter '" + p.getKey() + "' has shape " + src.getShape()
                        + ", the model expects " + dst.getShape());
            }
            src.copyTo(dst);
        }
    }

    public void save(Path file) {
        AtomicFiles.write(file, os -> {
            DataOutputStream out = new DataOutputStream(os);
            out.writeInt(MAGIC);
            out.writeInt(arrays.size());
            for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
                out.writeUTF(e.getKey());
                byte[] b = e.getValue().encode();
                out.writeInt(b.length);
                out.write(b);
            }
            out.flush();
        });
    }

    public static ParamSet load(Path file, NDManager parent) {
        NDManager m = parent.newSubManager();
        try (InputStream is = new BufferedInputStream(Files.newInputStream(file))) {
            DataInputStream in = new DataInputStream(is);
            if (in.readInt() != MAGIC) {
                throw new Mia4jException(file + ": not a mia4j parameter file (bad magic number)");
            }
            int n = in.readInt();
            Map<String, NDArray> out = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                byte[] b = new byte[in.readInt()];
                in.readFully(b);
                out.put(name, m.decode(b));
            }
            return new ParamSet(m, out);
        } catch (NoSuchFileException e) {
            m.close();
            throw new Mia4jException("checkpoint file not found: " + file);
        } catch (EOFException e) {
            m.close();
            throw new Mia4jException(file + ": truncated parameter file");
        } catch (IOException e) {
            m.close();
            throw new Mia4jException("cannot read parameter file " + file + ": " + MachineFaults.reason(e), e);
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
