package org.odespark.spark.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.odespark.data.Batch;
import org.odespark.data.FashionMnist;
import org.odespark.data.IdxArray;
import org.odespark.data.IdxReader;

/**
 * Fashion-MNIST (or MNIST) from its IDX files, spread across partitions: the driver reads the files through
 * Hadoop (local or hdfs://), checks shapes and labels as {@link FashionMnist#load} does, and ships each
 * partition a contiguous range of images as bytes (one byte per pixel, an eighth of the doubles); the
 * executors turn pixels p into p/255. Partition p of P holds images [⌊pN/P⌋, ⌊(p+1)N/P⌋).
 */
final class IdxBlocks {

  /** One partition's images as unsigned bytes and their labels (a class, not a record: Kryo 4 ships it). */
  private static final class Slice implements Serializable {
    private static final long serialVersionUID = 1L;
    private final byte[] pixels;
    private final int[] labels;

    Slice(byte[] pixels, int[] labels) {
      this.pixels = pixels;
      this.labels = labels;
    }

    byte[] pixels() {
      return pixels;
    }

    int[] labels() {
      return labels;
    }
  }

  private IdxBlocks() {}

  static JavaRDD<Batch> read(JavaSparkContext sc, HadoopStorage storage, String directory, String split,
                             int partitions) throws IOException {
    FashionMnist.Split s = split.equals("test") ? FashionMnist.Split.TEST : FashionMnist.Split.TRAIN;
    IdxArray images = readIdx(storage, directory, s.imagesFile());
    IdxArray labels = readIdx(storage, directory, s.labelsFile());
    if (images.rank() != 3 || images.dim(1) != FashionMnist.IMAGE_HEIGHT || images.dim(2) != FashionMnist.IMAGE_WIDTH
        || !images.type().isIntegral()) {
      throw new DataFormatException(directory + "/" + s.imagesFile() + " holds " + images
          + "; expected unsigned bytes of shape n×28×28");
    }
    if (labels.rank() != 1 || labels.dim(0) != images.dim(0)) {
      throw new DataFormatException(directory + "/" + s.labelsFile() + " holds " + labels + " for " + images.dim(0)
          + " images");
    }
    int n = images.dim(0);
    if (n < partitions) {
      throw new DataFormatException(n + " images cannot fill data.partitions = " + partitions);
    }
    List<Slice> slices = new ArrayList<>(partitions);
    for (int p = 0; p < partitions; p++) {
      int from = (int) ((long) p * n / partitions);
      int to = (int) ((long) (p + 1) * n / partitions);
      byte[] pixels = new byte[(to - from) * FashionMnist.PIXELS];
      int[] classes = new int[to - from];
      for (int i = from; i < to; i++) {
        int c = labels.getInt(i);
        if (c < 0 || c >= FashionMnist.CLASS_NAMES.size()) {
          throw new DataFormatException(directory + "/" + s.labelsFile() + ": label " + i + " is " + c
              + ", outside 0..9");
        }
        classes[i - from] = c;
        int base = i * FashionMnist.PIXELS;
        for (int k = 0; k < FashionMnist.PIXELS; k++) {
          pixels[(i - from) * FashionMnist.PIXELS + k] = (byte) images.getInt(base + k);
        }
      }
      slices.add(new Slice(pixels, classes));
    }
    return sc.parallelize(slices, partitions).map(slice -> {
      double[] features = new double[slice.pixels().length];
      for (int k = 0; k < features.length; k++) {
        features[k] = (slice.pixels()[k] & 0xff) / 255.0;
      }
      return new Batch(slice.labels().length, FashionMnist.PIXELS, features, slice.labels(), null);
    });
  }

  private static IdxArray readIdx(HadoopStorage storage, String directory, String gzName) throws IOException {
    Path gz = new Path(directory, gzName);
    Path plain = new Path(directory, gzName.substring(0, gzName.length() - ".gz".length()));
    Path file = storage.exists(gz) ? gz : plain;
    if (!storage.exists(file)) {
      throw new DataFormatException("data.path = " + directory + " holds neither " + gzName + " nor "
          + plain.getName() + " (data.format = fashion-mnist expects the four IDX files of the dataset)");
    }
    try (InputStream in = storage.open(file)) {
      return IdxReader.read(in, file.toString());
    }
  }
}
