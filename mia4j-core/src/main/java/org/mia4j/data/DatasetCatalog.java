package org.mia4j.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.mia4j.InvalidSetting;
import org.mia4j.Mia4jException;

/**
 * The data sets mia4j knows by name, where it looks for their files, and their expected SHA-256 checksums.
 * Lookup order: {@code --data-dir}, then {@code $MIA4J_DATA/<name>}, then the entry's default folders.
 */
public final class DatasetCatalog {

    /** One known data set. {@code sha256} maps file name to checksum; an empty map means "recorded, not checked". */
    public record Entry(String name, String description, String defaultArchitecture, List<String> files,
            Map<String, String> sha256, List<Path> defaultDirs, boolean embedded, Function<Path, Dataset> loader) {}

    private static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    private static final List<String> FASHION = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    static final Map<String, String> MNIST_SHA = Map.of(
            "train-images-idx3-ubyte.gz", "0b367032e93c5d0cea0925647cfdb18614af8ee15f83e6f2fc2ad904a6835971",
            "train-labels-idx1-ubyte.gz", "1787548bbe0bff1ec2ecdc0ef292b02df999e2d1a6002d27500982c652b17203",
            "t10k-images-idx3-ubyte.gz", "1a1a05eab793c14bb050b398624a11b0ffd1a2953baed553b1b9bd079e2a20be",
            "t10k-labels-idx1-ubyte.gz", "b91679a0acfe4ba0e50a2437a903084cba1f5f92592b016a25a7dfd00455798b");
    // Debian's dataset-fashion-mnist 0.0~git20200523.55506a9-1 (gzip headers normalised by Debian).
    static final Map<String, String> FASHION_SHA = Map.of(
            "train-images-idx3-ubyte.gz", "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7",
            "train-labels-idx1-ubyte.gz", "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056",
            "t10k-images-idx3-ubyte.gz", "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa",
            "t10k-labels-idx1-ubyte.gz", "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05");

    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final Optional<Path> envDir;

    public DatasetCatalog(Optional<Path> envDir) {
        this.envDir = envDir;
        add(new Entry("location", "Foursquare Location (Shokri et al. 2017): 5,010 users, 446 binary features, "
                + "30 classes", "column-fc", List.of(LocationLoader.FILE), Map.of(LocationLoader.FILE,
                LocationLoader.SHA256), List.of(), true, LocationLoader::load));
        add(new Entry("mnist", "MNIST digits 28x28, 70,000 images, 10 classes", "small-cnn", IdxLoader.FILES,
                MNIST_SHA, List.of(home().resolve("../shared/data/mnist").normalize()), false,
                dir -> IdxLoader.load("mnist", dir, MNIST_SHA, DIGITS)));
        add(new Entry("fashion-mnist", "Fashion-MNIST 28x28, 70,000 images, 10 classes (apt-get install "
                + "dataset-fashion-mnist)", "small-cnn", IdxLoader.FILES, FASHION_SHA,
                List.of(Path.of("/usr/share/datasets/fashion-mnist")), false,
                dir -> IdxLoader.load("fashion-mnist", dir, FASHION_SHA, FASHION)));
        add(new Entry("adult", "UCI Adult census income, 48,842 records, 2 classes", "column-fc",
                List.of("adult.data.gz", "adult.test.gz"), AdultLoader.FILES,
                List.of(home().resolve("../shared/data/adult").normalize()), false, AdultLoader::load));
        add(new Entry("cifar10", "CIFAR-10 binary version, 60,000 images 3x32x32, 10 classes", "resnet18",
                CifarBinaryLoader.CIFAR10_FILES, Map.of(), List.of(), false, CifarBinaryLoader::loadCifar10));
        add(new Entry("cifar100", "CIFAR-100 binary version, 60,000 images 3x32x32, 100 fine classes", "resnet18",
                CifarBinaryLoader.CIFAR100_FILES, Map.of(), List.of(), false, CifarBinaryLoader::loadCifar100));
    }

    /**
     * Where mia4j is installed (the launcher passes {@code -Dmia4j.home}), so built-in data locations do not depend
     * on the folder mia4j is started from; the working directory when run otherwise (tests, an IDE).
     */
    static Path home() {
        return Path.of(System.getProperty("mia4j.home", ".")).toAbsolutePath();
    }

    /** Catalog reading {@code MIA4J_DATA} from the environment. */
    public static DatasetCatalog fromEnvironment() {
        String env = System.getenv("MIA4J_DATA");
        return new DatasetCatalog(env == null || env.isBlank() ? Optional.empty() : Optional.of(Path.of(env)));
    }

    private void add(Entry e) {
        entries.put(e.name(), e);
    }

    public List<Entry> entries() {
        return List.copyOf(entries.values());
    }

    /** Names accepted by {@code --dataset}: the known ones plus {@code csv}. */
    public List<String> names() {
        List<String> n = new ArrayList<>(entries.keySet());
        n.add("csv");
        return n;
    }

    public Entry entry(String name) {
        Entry e = entries.get(name);
        if (e == null) {
            throw new Mia4jException("unknown data set '" + name + "'; expected one of " + names());
        }
        return e;
    }

    /** Folders searched for {@code name}, in order (the explicit one first). */
    public List<Path> searchDirs(String name, Optional<Path> explicit) {
        List<Path> dirs = new ArrayList<>();
        explicit.ifPresent(dirs::add);
        envDir.ifPresent(d -> dirs.add(d.resolve(name)));
        dirs.addAll(entry(name).defaultDirs());
        return dirs;
    }

    /** The first searched folder holding all of the entry's files. */
    public Optional<Path> locate(String name, Optional<Path> explicit) {
        Entry e = entry(name);
        for (Path dir : searchDirs(name, explicit)) {
            Path d = name.startsWith("cifar")
                    ? CifarBinaryLoader.resolve(dir, name.equals("cifar10") ? "cifar-10-batches-bin"
                            : "cifar-100-binary", e.files().get(0))
                    : dir;
            if (e.files().stream().allMatch(f -> Files.isRegularFile(d.resolve(f)))) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /**
     * Loads a data set. {@code csv} takes {@code dataDir} as the CSV file (or a folder holding exactly one).
     * An explicit folder that lacks the files is an error rather than a silent fallback.
     */
    public Dataset load(String name, Optional<Path> dataDir, Optional<String> labelColumn) {
        return load(name, dataDir, labelColumn, ',');
    }

    /** As above; {@code delimiter} separates the fields of a CSV data set. */
    public Dataset load(String name, Optional<Path> dataDir, Optional<String> labelColumn, char delimiter) {
        return load(name, dataDir, labelColumn, delimiter, List.of());
    }

    /** As above; {@code ignoreColumns}: columns of a CSV left out (only a CSV has named columns). */
    public Dataset load(String name, Optional<Path> dataDir, Optional<String> labelColumn, char delimiter,
            List<String> ignoreColumns) {
        if (name.equals("csv")) {
            Path p = dataDir.orElseThrow(() -> new Mia4jException(
                    "--dataset csv needs --data-dir pointing at the CSV file (or a folder holding one)"));
            return CsvLoader.load(csvFile(p), labelColumn.orElse(null), delimiter, ignoreColumns);
        }
        if (!ignoreColumns.isEmpty()) {
            throw new InvalidSetting("ignore-columns", "applies to a csv data set only (" + name + " has no "
                    + "named columns)");
        }
        Entry e = entry(name);
        if (dataDir.isPresent()) {
            return e.loader().apply(e.name().startsWith("cifar") ? locate(name, dataDir).orElse(dataDir.get())
                    : dataDir.get());
        }
        Optional<Path> dir = locate(name, Optional.empty());
        if (dir.isPresent()) {
            return e.loader().apply(dir.get());
        }
        if (e.embedded()) {
            return LocationLoader.loadEmbedded();
        }
        throw new Mia4jException("data set '" + name + "' not found: looked for " + e.files() + " in "
                + searchDirs(name, Optional.empty()) + "; pass --data-dir DIR or set MIA4J_DATA");
    }

    private static Path csvFile(Path p) {
        if (!Files.isDirectory(p)) {
            return p;
        }
        try (Stream<Path> s = Files.list(p)) {
            List<Path> csvs = s.filter(f -> f.getFileName().toString().matches(".*\\.csv(\\.gz)?")).toList();
            if (csvs.size() != 1) {
                throw new InvalidSetting("data-dir", p + " holds " + csvs.size()
                        + " .csv files; expected exactly one (or pass the file itself)");
            }
            return csvs.get(0);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
