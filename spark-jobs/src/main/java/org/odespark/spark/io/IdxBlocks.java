package org.odespark.spark.io;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.SerializableConfiguration;
import org.odespark.data.FashionMnist;
import org.odespark.data.IdxArray;
import org.odespark.data.IdxFormatException;
import org.odespark.data.IdxHeader;
import org.odespark.data.IdxReader;
import org.odespark.objective.Batch;

/**
 * Fashion-MNIST (or MNIST) from its IDX files, spread across partitions, read on the executors.
 *
 * <p>The driver checks everything up front, as {@link FashionMnist#load} does: it reads the small labels
 * file fully (rank, count, every label in 0..9), and of the images file only the IDX header and the file
 * length (for a gzip file, the uncompressed length that the gzip trailer records; when that does not match,
 * the whole file is read through {@link IdxReader} for its exact error). The RDD is then built from
 * {@link Range} descriptors of a few bytes each (partition p of P holds images [⌊pN/P⌋, ⌊(p+1)N/P⌋)), and
 * every executor reads its own range of the images, and the small labels file, through Hadoop's FileSystem
 * API (local or hdfs://, gzip or plain), with the Hadoop configuration of the driver broadcast once: the
 * files must be readable at data.path from the executors, as for the other formats. Pixels p become p/255. Tasks therefore carry
 * no image data, and a partition recomputed after a lost executor reads the same bits.
 *
 * <p>Reading a range of a gzip file decompresses it from the start (gzip cannot seek): P partitions
 * decompress (P + 1)/2 files' worth in all, once, before the blocks are cached.
 */
final class IdxBlocks {

  /** The largest array the JVM allocates, as in {@link IdxReader}. */
  private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;
  private static final int BUFFER = 1 << 16;

  /** One partition's images: rows [from, to). Its descriptor is all a task carries of the data. */
  static final class Range implements Serializable {
    private static final long serialVersionUID = 1L;
    final int partition;
    final int from;
    final int to;

    Range(int partition, int from, int to) {
      this.partition = partition;
      this.from = from;
      this.to = to;
    }
  }

  private IdxBlocks() {}

  static JavaRDD<Batch> read(JavaSparkContext sc, HadoopStorage storage, String directory, String split,
                             int partitions) throws IOException {
    FashionMnist.Split s = split.equals("test") ? FashionMnist.Split.TEST : FashionMnist.Split.TRAIN;
    Path imagesFile = locate(storage, directory, s.imagesFile());
    Path labelsFile = locate(storage, directory, s.labelsFile());
    IdxHeader images = validateImages(storage, imagesFile);
    IdxArray labels = readIdx(storage, labelsFile);
    if (images.rank() != 3 || images.dims()[1] != FashionMnist.IMAGE_HEIGHT
        || images.dims()[2] != FashionMnist.IMAGE_WIDTH || !images.type().isIntegral()) {
      throw new DataFormatException(directory + "/" + imagesFile.getName() + " holds " + images
          + "; expected unsigned bytes of shape n×28×28");
    }
    int n = images.dims()[0];
    if (labels.header().rank() != 1 || labels.header().dim(0) != n || !labels.header().type().isIntegral()) {
      throw new DataFormatException(directory + "/" + labelsFile.getName() + " holds " + labels + " for " + n
          + " images");
    }
    for (int i = 0; i < n; i++) {
      int c = labels.getInt(i);
      if (c < 0 || c >= FashionMnist.CLASS_NAMES.size()) {
        throw new DataFormatException(directory + "/" + labelsFile.getName() + ": label " + i + " is " + c
            + ", outside 0..9");
      }
    }
    if (n < partitions) {
      throw new DataFormatException(n + " images cannot fill data.partitions = " + partitions);
    }
    List<Range> ranges = new ArrayList<>(partitions);
    for (int p = 0; p < partitions; p++) {
      int from = (int) ((long) p * n / partitions);
      int to = (int) ((long) (p + 1) * n / partitions);
      if ((long) (to - from) * FashionMnist.PIXELS > MAX_ARRAY) {
        throw new DataFormatException(n + " images over data.partitions = " + partitions + " give " + (to - from)
            + " images in a partition, above the largest block: set data.partitions to at least "
            + ((long) n * FashionMnist.PIXELS / MAX_ARRAY + 1));
      }
      ranges.add(new Range(p, from, to));
    }
    Broadcast<SerializableConfiguration> conf = sc.broadcast(new SerializableConfiguration(storage.configuration()));
    return sc.parallelize(ranges, partitions).map(new ReadRange(conf, imagesFile.toString(), images,
        labelsFile.toString(), n));
  }

  /**
   * The executor side: reads one {@link Range} of both files into a block.
   *
   * @param conf the driver's Hadoop configuration
   * @param images the images file
   * @param header its IDX header, as the driver read it
   * @param labels the labels file
   * @param n the number of images
   */
  private record ReadRange(Broadcast<SerializableConfiguration> conf, String images, IdxHeader header, String labels,
                           int n) implements Function<Range, Batch> {
    @Override
    public Batch call(Range r) throws IOException {
      HadoopStorage storage = new HadoopStorage(conf.value().value());
      int rows = r.to - r.from;
      int element = header.type().bytes();
      long rowBytes = (long) FashionMnist.PIXELS * element;
      double[] features = new double[rows * FashionMnist.PIXELS];
      Path path = new Path(images);
      try (Opened in = open(storage, path)) {
        IdxHeader h = headerOrNull(in.stream, images);
        if (h == null || !h.equals(header)) {
          throw new DataFormatException(images + " changed while it was read: the driver saw "
              + header + ", partition " + r.partition + " reads "
              + (h == null ? "no IDX header" : h));
        }
        in.skipTo(h.headerBytes(), h.headerBytes() + r.from * rowBytes, images);
        int chunkRows = (int) Math.max(1, Math.min(rows, (1 << 20) / rowBytes));
        byte[] buffer = new byte[(int) (chunkRows * rowBytes)];
        int done = 0;
        while (done < rows) {
          int chunk = Math.min(rows - done, chunkRows);
          int len = (int) (chunk * rowBytes);
          if (in.stream.readNBytes(buffer, 0, len) < len) {
            throw new DataFormatException(images + ": ends inside image " + (r.from + done + chunk - 1)
                + " (partition " + r.partition + "); the file changed after the driver checked its length");
          }
          // The pixel is the element's lowest byte (big-endian: its last), as (byte) getInt(k) before.
          int base = done * FashionMnist.PIXELS;
          for (int k = 0, b = element - 1; k < chunk * FashionMnist.PIXELS; k++, b += element) {
            features[base + k] = (buffer[b] & 0xff) / 255.0;
          }
          done += chunk;
        }
        if (r.to == n && in.stream.read() >= 0) { // the last partition reads to the end: the gzip CRC is checked
          throw new DataFormatException(images + ": trailing data after the " + header.dataBytes()
              + " data bytes of " + header + "; the file changed after the driver checked it");
        }
      } catch (ZipException e) {
        throw new DataFormatException(images + ": corrupt gzip data (partition " + r.partition + "): "
            + e.getMessage());
      }
      IdxArray all = readIdx(storage, new Path(labels));
      int[] classes = new int[rows];
      for (int i = 0; i < rows; i++) {
        classes[i] = all.getInt(r.from + i);
      }
      return new Batch(rows, FashionMnist.PIXELS, features, classes, null);
    }
  }

  /**
   * The images file's header, after checking that the file holds exactly its data: for a plain file by its
   * length, for a gzip file by the uncompressed length in its trailer (modulo 2³², as gzip records it). When
   * either check fails (or the file is a multi-member gzip), {@link IdxReader} reads the whole file and
   * throws its exact error, or confirms the file.
   */
  private static IdxHeader validateImages(HadoopStorage storage, Path file) throws IOException {
    IdxHeader h;
    boolean gzip;
    try (Opened in = open(storage, file)) {
      gzip = in.gzip;
      h = headerOrNull(in.stream, file.toString());
    } catch (ZipException | EOFException e) {
      h = null;
      gzip = true;
    }
    if (h != null && h.dataBytes() <= MAX_ARRAY) {
      long expected = h.headerBytes() + h.dataBytes();
      FileSystem fs = storage.fileSystem(file);
      long length = fs.getFileStatus(file).getLen();
      if (!gzip && length == expected) {
        return h;
      }
      if (gzip && length >= 18) {
        try (FSDataInputStream raw = fs.open(file)) {
          byte[] trailer = new byte[4];
          raw.readFully(length - 4, trailer, 0, 4);
          long isize = (trailer[0] & 0xffL) | (trailer[1] & 0xffL) << 8 | (trailer[2] & 0xffL) << 16
              | (trailer[3] & 0xffL) << 24;
          if (isize == (expected & 0xffffffffL)) {
            return h;
          }
        }
      }
    }
    IdxArray whole = readIdx(storage, file); // throws the exact IdxFormatException for a malformed file
    return whole.header();
  }

  /** The IDX header at the start of {@code in}; null when it is malformed (callers report it their way). */
  private static IdxHeader headerOrNull(InputStream in, String source) throws IOException {
    try {
      return IdxReader.readHeader(in, source);
    } catch (IdxFormatException e) {
      return null;
    }
  }

  /** An IDX file opened for reading, decompressed when it starts with the gzip magic bytes (as {@link IdxReader}). */
  private static final class Opened implements AutoCloseable {
    private final FSDataInputStream raw;
    final boolean gzip;
    /** The content from the current position: buffered (and decompressed) until {@link #skipTo}. */
    InputStream stream;

    Opened(FSDataInputStream raw, InputStream stream, boolean gzip) {
      this.raw = raw;
      this.stream = stream;
      this.gzip = gzip;
    }

    /**
     * Moves from byte {@code position} of the (uncompressed) content to byte {@code offset}: a seek for a
     * plain file, for a gzip file by decompressing the bytes in between.
     */
    void skipTo(long position, long offset, String source) throws IOException {
      if (!gzip) {
        raw.seek(offset);
        stream = raw; // read in large chunks; the buffer in front of it is stale after the seek
        return;
      }
      try {
        stream.skipNBytes(offset - position);
      } catch (EOFException e) {
        throw new DataFormatException(source + ": ends before byte " + offset
            + "; the file changed after the driver checked its length");
      }
    }

    @Override
    public void close() throws IOException {
      try {
        stream.close();
      } finally {
        raw.close();
      }
    }
  }

  private static Opened open(HadoopStorage storage, Path file) throws IOException {
    FSDataInputStream raw = storage.fileSystem(file).open(file);
    try {
      BufferedInputStream buffered = new BufferedInputStream(raw, BUFFER);
      buffered.mark(2);
      int b0 = buffered.read();
      int b1 = buffered.read();
      buffered.reset();
      if (b0 == 0x1f && b1 == 0x8b) {
        return new Opened(raw, new GZIPInputStream(buffered, BUFFER), true);
      }
      return new Opened(raw, buffered, false);
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw e;
    }
  }

  private static Path locate(HadoopStorage storage, String directory, String gzName) throws IOException {
    Path gz = new Path(directory, gzName);
    Path plain = new Path(directory, gzName.substring(0, gzName.length() - ".gz".length()));
    Path file = storage.exists(gz) ? gz : plain;
    if (!storage.exists(file)) {
      throw new DataFormatException("data.path = " + directory + " holds neither " + gzName + " nor "
          + plain.getName() + " (data.format = fashion-mnist expects the four IDX files of the dataset)");
    }
    return storage.qualify(file.toString());
  }

  private static IdxArray readIdx(HadoopStorage storage, Path file) throws IOException {
    try (InputStream in = storage.open(file)) {
      return IdxReader.read(in, file.toString());
    }
  }
}
