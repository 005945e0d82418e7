package org.odespark.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.odespark.objective.Batch;

/**
 * Loads Fashion-MNIST (H. Xiao, K. Rasul, R. Vollgraf, "Fashion-MNIST: a novel image dataset for
 * benchmarking machine learning algorithms", arXiv:1708.07747, 2017): 28×28 grey-level images of 10
 * clothing classes, 60000 for training and 10000 for testing, as four IDX files in one directory:
 * <pre>
 *   train-images-idx3-ubyte.gz   train-labels-idx1-ubyte.gz
 *   t10k-images-idx3-ubyte.gz    t10k-labels-idx1-ubyte.gz
 * </pre>
 * (the uncompressed files without {@code .gz} are used when the compressed ones are absent). MNIST is
 * distributed under the same names and loads the same way. The Debian package {@code dataset-fashion-mnist}
 * installs the files in {@link #DEFAULT_DIRECTORY}; every method taking a directory overrides it.
 *
 * <p>{@link #load} returns a {@link Batch} with one row of 784 features per image, pixel p ∈ {0, …, 255}
 * stored as p/255 ∈ [0, 1] (row-major pixels, as in the file), the class 0…9 as the label ({@link
 * #CLASS_NAMES}) and no weights. It checks that images are unsigned bytes of shape n×28×28, labels unsigned
 * bytes of shape n with the same n, and every label in 0…9.
 *
 * <p>Stateless and thread-safe.
 */
public final class FashionMnist {

  /** Where the Debian package {@code dataset-fashion-mnist} installs the files. */
  public static final Path DEFAULT_DIRECTORY = Path.of("/usr/share/datasets/fashion-mnist");

  public static final int IMAGE_HEIGHT = 28;
  public static final int IMAGE_WIDTH = 28;
  /** Features per image: 28·28 pixels. */
  public static final int PIXELS = IMAGE_HEIGHT * IMAGE_WIDTH;

  /** The class names of labels 0…9, from the dataset's README. */
  public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress",
      "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

  /** The two published splits and their file names. */
  public enum Split {
    TRAIN("train"),
    TEST("t10k");

    private final String prefix;

    Split(String prefix) {
      this.prefix = prefix;
    }

    /** For example "train-images-idx3-ubyte.gz". */
    public String imagesFile() {
      return prefix + "-images-idx3-ubyte.gz";
    }

    /** For example "train-labels-idx1-ubyte.gz". */
    public String labelsFile() {
      return prefix + "-labels-idx1-ubyte.gz";
    }
  }

  private FashionMnist() {}

  /**
   * Loads one split from {@link #DEFAULT_DIRECTORY}.
   *
   * @throws IOException as {@link #load(Path, Split)}
   */
  public static Batch load(Split split) throws IOException {
    return load(DEFAULT_DIRECTORY, split);
  }

  /**
   * Loads one split from {@code directory}: n rows of {@link #PIXELS} values p/255 ∈ [0, 1], labels 0…9.
   * The training split takes 60000·784·8 bytes ≈ 376 MB of heap.
   *
   * @throws NoSuchFileException naming the directory and the file when a file is missing
   * @throws IdxFormatException naming the file when it is malformed, has the wrong element type or shape,
   *     when the image and label counts differ, or a label is outside 0…9
   * @throws IOException if a file cannot be read
   */
  public static Batch load(Path directory, Split split) throws IOException {
    Path imagesPath = locate(directory, split.imagesFile());
    Path labelsPath = locate(directory, split.labelsFile());
    IdxArray images = IdxReader.read(imagesPath);
    IdxArray labels = IdxReader.read(labelsPath);
    requireShape(imagesPath, images, new int[] {-1, IMAGE_HEIGHT, IMAGE_WIDTH}, "n×28×28");
    requireShape(labelsPath, labels, new int[] {-1}, "n");
    int n = images.header().dim(0);
    if (labels.header().dim(0) != n) {
      throw new IdxFormatException(imagesPath + " holds " + n + " images but " + labelsPath + " holds "
          + labels.header().dim(0) + " labels");
    }
    if (n == 0) {
      throw new IdxFormatException(imagesPath + " holds no images");
    }
    int[] classes = new int[n];
    for (int i = 0; i < n; i++) {
      int c = labels.getInt(i);
      if (c >= CLASS_NAMES.size()) {
        throw new IdxFormatException(labelsPath + ": label " + i + " is " + c + ", outside 0.."
            + (CLASS_NAMES.size() - 1));
      }
      classes[i] = c;
    }
    double[] features = new double[n * PIXELS];
    images.copyTo(0, images.size(), features, 0);
    for (int k = 0; k < features.length; k++) {
      features[k] /= 255.0;
    }
    return new Batch(n, PIXELS, features, classes, null);
  }

  /** The compressed file if present, else the uncompressed one, else a NoSuchFileException. */
  private static Path locate(Path directory, String gzName) throws NoSuchFileException {
    Path gz = directory.resolve(gzName);
    if (Files.isRegularFile(gz)) {
      return gz;
    }
    Path plain = directory.resolve(gzName.substring(0, gzName.length() - ".gz".length()));
    if (Files.isRegularFile(plain)) {
      return plain;
    }
    throw new NoSuchFileException(gz.toString(), null, "no " + gzName + " (nor uncompressed) in " + directory
        + "; install the Debian package dataset-fashion-mnist or pass the directory holding the files");
  }

  /** Checks unsigned bytes and the dimensions ({@code -1} = any). */
  private static void requireShape(Path file, IdxArray array, int[] expected, String description)
      throws IdxFormatException {
    IdxHeader h = array.header();
    boolean ok = h.type() == IdxArray.ElementType.UNSIGNED_BYTE && h.rank() == expected.length;
    for (int i = 0; ok && i < expected.length; i++) {
      ok = expected[i] < 0 || h.dim(i) == expected[i];
    }
    if (!ok) {
      throw new IdxFormatException(file + ": expected unsigned bytes of shape " + description + ", got "
          + h.type() + " of dims " + Arrays.toString(h.dims()));
    }
  }
}
