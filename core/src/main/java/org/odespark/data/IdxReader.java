package org.odespark.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.odespark.data.IdxArray.ElementType;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST (Y. LeCun, C. Cortes, C. J. C. Burges, "The MNIST
 * database of handwritten digits", section "The IDX file format"):
 * <pre>
 *   byte 0, 1   0x00 0x00
 *   byte 2      element type: 0x08 unsigned byte, 0x09 signed byte, 0x0B short (2 bytes), 0x0C int (4),
 *               0x0D float (4), 0x0E double (8)
 *   byte 3      number of dimensions R (at least 1)
 *   then        R dimensions d₀ … d_{R-1}, each a 4-byte big-endian integer
 *   then        d₀·d₁·…·d_{R-1} elements, big-endian, last dimension varying fastest
 * </pre>
 * A gzip-compressed file (recognized by its first two bytes 0x1f 0x8b, as the {@code .gz} files are
 * distributed) is decompressed on the fly. The file must end exactly after the data; a shorter or longer file
 * is an error, as is a total data size above the largest Java array (2³¹ − 9 bytes).
 *
 * <p>Every error is an {@link IdxFormatException} whose message starts with the file name and says what the
 * header declared and what the file holds. Stateless and thread-safe.
 */
public final class IdxReader {

  private static final int BUFFER = 1 << 16;
  private static final long MAX_DATA_BYTES = Integer.MAX_VALUE - 8;
  /** The first allocation for the data; it grows only as the bytes arrive ({@link #readData}). */
  private static final int FIRST_CHUNK = 1 << 20;

  private IdxReader() {}

  /**
   * Reads the IDX file {@code file}, gzip-compressed or not.
   *
   * @throws IdxFormatException if the content is not a well-formed IDX file
   * @throws IOException if the file cannot be read
   */
  public static IdxArray read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString());
    }
  }

  /**
   * Reads one IDX file from {@code in}, gzip-compressed or not, up to the end of the stream; does not close
   * {@code in}.
   *
   * @param source the name used in error messages, for example the file's path
   * @throws IdxFormatException if the content is not a well-formed IDX file
   * @throws IOException if the stream cannot be read
   */
  public static IdxArray read(InputStream in, String source) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(in, BUFFER);
    buffered.mark(2);
    int b0 = buffered.read();
    int b1 = buffered.read();
    buffered.reset();
    InputStream body = buffered;
    boolean gzip = b0 == 0x1f && b1 == 0x8b;
    if (gzip) {
      try {
        body = new GZIPInputStream(buffered, BUFFER);
      } catch (ZipException | EOFException e) {
        throw new IdxFormatException(source + ": corrupt gzip header: " + e.getMessage(), e);
      }
    }
    try {
      return parse(body, source);
    } catch (ZipException e) {
      throw new IdxFormatException(source + ": corrupt gzip data: " + e.getMessage(), e);
    }
  }

  /**
   * Reads an IDX header (magic number, element type, dimensions) from an uncompressed stream, leaving the
   * stream at the first data byte.
   *
   * @param source the name used in error messages
   * @throws IdxFormatException if the header is malformed or a dimension exceeds the largest array
   */
  public static IdxHeader readHeader(InputStream in, String source) throws IOException {
    byte[] magic = new byte[4];
    int got = readFully(in, magic, 0, 4);
    if (got < 4) {
      throw new IdxFormatException(source + ": file ends inside the header after " + got
          + " bytes (an IDX header starts with a 4-byte magic number)");
    }
    if (magic[0] != 0 || magic[1] != 0) {
      throw new IdxFormatException(String.format("%s: bad magic number 0x%02x%02x%02x%02x: an IDX file starts"
          + " with two zero bytes, then the element type and the number of dimensions", source,
          magic[0] & 0xff, magic[1] & 0xff, magic[2] & 0xff, magic[3] & 0xff));
    }
    ElementType type = ElementType.ofCode(magic[2] & 0xff);
    if (type == null) {
      throw new IdxFormatException(String.format("%s: unsupported element type 0x%02x (supported: %s)",
          source, magic[2] & 0xff, Arrays.toString(ElementType.values())));
    }
    int rank = magic[3] & 0xff;
    if (rank == 0) {
      throw new IdxFormatException(source
          + ": the header declares 0 dimensions; an IDX array has at least 1");
    }
    byte[] header = new byte[4 * rank];
    got = readFully(in, header, 0, header.length);
    if (got < header.length) {
      throw new IdxFormatException(source + ": file ends inside the header after " + (4 + got) + " bytes; a"
          + " header of " + rank + " dimensions has " + (4 + header.length) + " bytes");
    }
    int[] dims = new int[rank];
    for (int i = 0; i < rank; i++) {
      int p = 4 * i;
      long d = ((header[p] & 0xffL) << 24) | ((header[p + 1] & 0xff) << 16) | ((header[p + 2] & 0xff) << 8)
          | (header[p + 3] & 0xff);
      if (d > Integer.MAX_VALUE) {
        throw new IdxFormatException(source + ": dimension " + i + " is " + d + ", above the largest array");
      }
      dims[i] = (int) d;
    }
    return new IdxHeader(type, dims);
  }

  private static IdxArray parse(InputStream in, String source) throws IOException {
    IdxHeader h = readHeader(in, source);
    ElementType type = h.type();
    int[] dims = h.dims();
    long elements = 1;
    boolean empty = false;
    boolean tooLarge = false;
    for (int d : dims) {
      if (d == 0) {
        empty = true;
      } else if (!tooLarge) {
        elements *= d; // both factors are below 2³¹, so the product fits
        tooLarge = elements > MAX_DATA_BYTES;
      }
    }
    String declared = "dims " + Arrays.toString(dims) + " of " + type;
    long dataBytes = empty ? 0 : elements * type.bytes();
    if (!empty && (tooLarge || dataBytes > MAX_DATA_BYTES)) {
      throw new IdxFormatException(source + ": " + declared + " need more data bytes than the largest Java"
          + " array holds (" + MAX_DATA_BYTES + ")");
    }
    byte[] data = readData(in, (int) dataBytes, source, declared);
    long trailing = countRemaining(in);
    if (trailing > 0) {
      throw new IdxFormatException(source + ": trailing garbage: " + trailing + " bytes after the "
          + dataBytes + " data bytes that " + declared + " declare");
    }
    return new IdxArray(type, dims, data);
  }

  /**
   * The {@code n} data bytes the header declared. The header is not
   * trusted with the allocation: the array starts at {@link #FIRST_CHUNK} bytes and doubles only as bytes
   * arrive, so a 24-byte file that claims 2³⁰ labels allocates 1 MiB, not 1 GiB, before it is found
   * short, and a well-formed file needs at most twice its data size while it is read.
   */
  private static byte[] readData(InputStream in, int n, String source, String declared) throws IOException {
    byte[] data = new byte[Math.min(n, FIRST_CHUNK)];
    int got = 0;
    while (true) {
      got += readFully(in, data, got, data.length - got);
      if (got < data.length) {
        throw new IdxFormatException(source + ": truncated data: " + declared + " expected " + n
            + " data bytes, file ends after " + got);
      }
      if (got == n) {
        return data;
      }
      data = Arrays.copyOf(data, (int) Math.min(n, 2L * data.length));
    }
  }

  /**
   * Reads until {@code len} bytes or the end of the stream; returns the number read. A gzip stream that
   * ends early counts as an end of stream (the caller reports what is missing).
   */
  private static int readFully(InputStream in, byte[] b, int off, int len) throws IOException {
    int total = 0;
    while (total < len) {
      int k;
      try {
        k = in.read(b, off + total, len - total);
      } catch (EOFException e) {
        return total;
      }
      if (k < 0) {
        return total;
      }
      total += k;
    }
    return total;
  }

  private static long countRemaining(InputStream in) throws IOException {
    byte[] skip = new byte[BUFFER];
    long total = 0;
    while (true) {
      int k;
      try {
        k = in.read(skip);
      } catch (EOFException e) {
        return total;
      }
      if (k < 0) {
        return total;
      }
      total += k;
    }
  }
}
