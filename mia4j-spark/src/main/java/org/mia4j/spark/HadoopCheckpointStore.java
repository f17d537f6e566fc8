package org.mia4j.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.mia4j.FileFault;
import org.mia4j.InvalidSetting;
import org.mia4j.MachineFaults;
import org.mia4j.store.CheckpointStore;
import org.mia4j.store.Checkpoints;
import org.slf4j.LoggerFactory;

/**
 * Checkpoints by key on any Hadoop-compatible file system ({@code file:}, {@code hdfs:}, {@code s3a:} with its
 * connector): {@code ROOT/KEY/} holds a checkpoint's files, {@code model.json} last, as in the local model cache, so
 * a local folder used as a store is a model cache and the other way round. An entry is written under a temporary
 * name and renamed, so a reader never sees half of one; a restored entry is verified against the SHA-256 sums in its
 * {@code model.json}, and one that does not match is removed, never used.
 */
final class HadoopCheckpointStore implements CheckpointStore, Serializable {
    private static final long serialVersionUID = 1L;
    private final String root;
    private transient FileSystem fs;

    /** {@code root}: a URI or a local path. */
    HadoopCheckpointStore(String root) {
        this.root = root;
    }

    String root() {
        return root;
    }

    private FileSystem fs() {
        if (fs == null) {
            try {
                URI uri = uri(root);
                FileSystem f = FileSystem.get(uri, new Configuration());
                // the checksummed local file system would leave .crc files beside the checkpoint's own sums
                fs = f instanceof LocalFileSystem l ? l.getRaw() : f;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the checkpoint store " + root, e);
            }
        }
        return fs;
    }

    /** A URI with a scheme ({@code hdfs://nn/x}, {@code file:/x}), or a local path made absolute. */
    static URI uri(String s) {
        if (s.matches("[A-Za-z][A-Za-z0-9+.-]+:.*")) {
            try {
                return new URI(s);
            } catch (java.net.URISyntaxException e) {
                throw new InvalidSetting("store", "is not a URI: " + e.getMessage());
            }
        }
        return Path.of(s).toAbsolutePath().normalize().toUri();
    }

    private org.apache.hadoop.fs.Path entry(String key) {
        return new org.apache.hadoop.fs.Path(new org.apache.hadoop.fs.Path(uri(root)), key);
    }

    @Override
    public boolean contains(String key) {
        try {
            return fs().exists(new org.apache.hadoop.fs.Path(entry(key), "model.json"));
        } catch (IOException e) {
            throw fault("reading the checkpoint store", e);
        }
    }

    @Override
    public boolean restore(String key, Path dir) {
        if (!contains(key)) {
            return false;
        }
        try {
            Files.createDirectories(dir);
            List<FileStatus> files = new ArrayList<>(List.of(fs().listStatus(entry(key))));
            files.removeIf(f -> !f.isFile());
            files.sort(Comparator.comparing(f -> f.getPath().getName().equals("model.json")));
            for (FileStatus f : files) {
                try (InputStream in = fs().open(f.getPath())) {
                    Files.copy(in, dir.resolve(f.getPath().getName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw fault("restoring checkpoint " + key + " from", e);
        }
        Optional<String> bad = Checkpoints.problem(dir);
        if (bad.isPresent()) {
            LoggerFactory.getLogger(HadoopCheckpointStore.class).warn("checkpoint {} in {} is not usable ({}); "
                    + "removing it and training the model again", key, root, bad.get());
            try {
                Files.deleteIfExists(dir.resolve("model.json"));
                fs().delete(entry(key), true);
            } catch (IOException e) {
                throw fault("removing the bad checkpoint " + key + " from", e);
            }
            return false;
        }
        return true;
    }

    @Override
    public void store(String key, Path dir) {
        if (contains(key)) {
            return;
        }
        org.apache.hadoop.fs.Path target = entry(key);
        org.apache.hadoop.fs.Path tmp = new org.apache.hadoop.fs.Path(target.getParent(), "." + key + ".tmp-"
                + UUID.randomUUID());
        try {
            List<Path> files;
            try (var s = Files.list(dir)) {
                files = s.filter(Files::isRegularFile).sorted(Comparator.comparing(
                        p -> p.getFileName().toString().equals("model.json"))).toList();
            }
            fs().mkdirs(tmp);
            for (Path f : files) {
                try (var out = fs().create(new org.apache.hadoop.fs.Path(tmp, f.getFileName().toString()), true)) {
                    Files.copy(f, out);
                }
            }
            // a rename onto an existing folder would move it inside: another writer's entry wins, ours goes
            if (fs().exists(target) || !fs().rename(tmp, target)) {
                fs().delete(tmp, true);
            }
        } catch (IOException e) {
            try {
                fs().delete(tmp, true); // nothing half-written stays behind
            } catch (IOException | RuntimeException ignored) {
                // the failure that matters is the first
            }
            throw fault("storing checkpoint " + key + " in", e);
        }
    }

    /**
     * A failed write, naming the store: the store carries the models from the tasks to the driver, so the run
     * cannot go on without it (exit 3 with the OS's reason, see {@link org.mia4j.MachineFaults}).
     */
    private UncheckedIOException fault(String doing, IOException e) {
        URI u = uri(root);
        if ("file".equals(u.getScheme())) {
            return new FileFault(doing, Path.of(u), e);
        }
        return new UncheckedIOException(doing + " " + root + " failed: " + MachineFaults.reason(e), e);
    }
}
