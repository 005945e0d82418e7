package org.odespark.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.odespark.data.IdxReaderTest.gzip;
import static org.odespark.data.IdxReaderTest.idx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odespark.data.FashionMnist.Split;
import org.odespark.objective.Batch;

/** Loading a split from small IDX files written here; the installed dataset only when present. */
class FashionMnistTest {

  @TempDir
  Path dir;

  /** Image i has pixel k equal to (i·31 + k) mod 256; label i is {@code labels[i]}. */
  private void writeSplit(Split split, int images, int[] labels, boolean compressed) throws IOException {
    byte[] pixels = new byte[images * FashionMnist.PIXELS];
    for (int i = 0; i < images; i++) {
      for (int k = 0; k < FashionMnist.PIXELS; k++) {
        pixels[i * FashionMnist.PIXELS + k] = (byte) (i * 31 + k);
      }
    }
    byte[] labelBytes = new byte[labels.length];
    for (int i = 0; i < labels.length; i++) {
      labelBytes[i] = (byte) labels[i];
    }
    byte[] imageFile = idx(0x08, new int[] {images, 28, 28}, pixels);
    byte[] labelFile = idx(0x08, new int[] {labels.length}, labelBytes);
    String imagesName = split.imagesFile();
    String labelsName = split.labelsFile();
    if (!compressed) {
      imagesName = imagesName.replace(".gz", "");
      labelsName = labelsName.replace(".gz", "");
    }
    Files.write(dir.resolve(imagesName), compressed ? gzip(imageFile) : imageFile);
    Files.write(dir.resolve(labelsName), compressed ? gzip(labelFile) : labelFile);
  }

  @Test
  void loadsImagesAsUnitIntervalPixelsWithLabels() throws IOException {
    writeSplit(Split.TRAIN, 3, new int[] {9, 0, 4}, true);
    writeSplit(Split.TEST, 2, new int[] {1, 2}, false);
    Batch train = FashionMnist.load(dir, Split.TRAIN);
    assertEquals(3, train.rows());
    assertEquals(784, train.cols());
    assertArrayEquals(new int[] {9, 0, 4}, train.labels());
    assertFalse(train.hasWeights());
    for (int i = 0; i < 3; i++) {
      for (int k = 0; k < 784; k++) {
        assertEquals(((i * 31 + k) & 0xff) / 255.0, train.feature(i, k), 0.0, "image " + i + ", pixel " + k);
      }
    }
    assertEquals(1.0, train.feature(0, 255), 0.0, "pixel 255 maps to 1 exactly");
    Batch test = FashionMnist.load(dir, Split.TEST);
    assertEquals(2, test.rows());
    assertArrayEquals(new int[] {1, 2}, test.labels());
  }

  @Test
  void countsMustAgree() throws IOException {
    writeSplit(Split.TRAIN, 3, new int[] {1, 2}, true);
    IdxFormatException e = assertThrows(IdxFormatException.class, () -> FashionMnist.load(dir, Split.TRAIN));
    assertEquals(dir.resolve("train-images-idx3-ubyte.gz") + " holds 3 images but "
        + dir.resolve("train-labels-idx1-ubyte.gz") + " holds 2 labels", e.getMessage());
  }

  @Test
  void labelsMustBeClasses() throws IOException {
    writeSplit(Split.TEST, 2, new int[] {3, 10}, true);
    IdxFormatException e = assertThrows(IdxFormatException.class, () -> FashionMnist.load(dir, Split.TEST));
    assertTrue(e.getMessage().endsWith("t10k-labels-idx1-ubyte.gz: label 1 is 10, outside 0..9"),
        e.getMessage());
  }

  @Test
  void imagesMustBe28By28() throws IOException {
    writeSplit(Split.TEST, 1, new int[] {3}, true);
    byte[] narrow = idx(0x08, new int[] {1, 27, 28}, new byte[27 * 28]);
    Files.write(dir.resolve(Split.TEST.imagesFile()), gzip(narrow));
    IdxFormatException e = assertThrows(IdxFormatException.class, () -> FashionMnist.load(dir, Split.TEST));
    assertTrue(e.getMessage().endsWith("expected unsigned bytes of shape n×28×28, got 0x08 (unsigned byte) of"
        + " dims [1, 27, 28]"), e.getMessage());
  }

  @Test
  void aMissingFileNamesTheDirectory() {
    NoSuchFileException e =
        assertThrows(NoSuchFileException.class, () -> FashionMnist.load(dir, Split.TRAIN));
    assertTrue(e.getMessage().contains("no train-images-idx3-ubyte.gz (nor uncompressed) in " + dir),
        e.getMessage());
    assertTrue(e.getMessage().contains("dataset-fashion-mnist"), e.getMessage());
  }

  /**
   * The real files, when the Debian package is installed: 60000 training and 10000 test images, 6000 and
   * 1000 per class (the dataset is balanced, as its paper states), pixels in [0, 1].
   */
  @Test
  void installedDatasetHasThePublishedCounts() throws IOException {
    Assumptions.assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIRECTORY),
        FashionMnist.DEFAULT_DIRECTORY + " not installed");
    for (Split split : Split.values()) {
      Batch b = FashionMnist.load(split);
      int n = split == Split.TRAIN ? 60_000 : 10_000;
      assertEquals(n, b.rows(), split + " images");
      int[] perClass = new int[10];
      for (int label : b.labels()) {
        assertTrue(label >= 0 && label <= 9, split + " label " + label);
        perClass[label]++;
      }
      for (int c = 0; c < 10; c++) {
        assertEquals(n / 10, perClass[c],
            split + " images of class " + c + " (" + FashionMnist.CLASS_NAMES.get(c) + ")");
      }
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      for (double v : b.features()) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      assertEquals(0.0, min, 0.0, split + " darkest pixel");
      assertEquals(1.0, max, 0.0, split + " brightest pixel");
    }
  }
}
