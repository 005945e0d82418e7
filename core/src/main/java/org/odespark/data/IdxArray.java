package org.odespark.data;


/**
 * An n-dimensional array read from an IDX file ({@link IdxReader}): the element type, the dimensions d₀ ×
 * d₁ × … (d₀ varies slowest, as in the file) and the elements in file order, held as the file's big-endian
 * bytes so that a 47 MB image file stays 47 MB in memory. Element k (0-based, row-major over the
 * dimensions) is read with {@link #get(int)} or, for integer types, {@link #getInt(int)}; {@link
 * #copyTo} converts a range to doubles in one pass.
 *
 * <p>Immutable and thread-safe.
 */
public final class IdxArray {

  /** The IDX element types: the third byte of the magic number and the size of one element. */
  public enum ElementType {
    UNSIGNED_BYTE(0x08, 1, "unsigned byte"),
    SIGNED_BYTE(0x09, 1, "signed byte"),
    SHORT(0x0B, 2, "short"),
    INT(0x0C, 4, "int"),
    FLOAT(0x0D, 4, "float"),
    DOUBLE(0x0E, 8, "double");

    private final int code;
    private final int bytes;
    private final String description;

    ElementType(int code, int bytes, String description) {
      this.code = code;
      this.bytes = bytes;
      this.description = description;
    }

    /** The type code of the IDX header (0x08 … 0x0E). */
    public int code() {
      return code;
    }

    /** Size of one element in bytes. */
    public int bytes() {
      return bytes;
    }

    /** Whether {@link IdxArray#getInt} applies (every type except float and double). */
    public boolean isIntegral() {
      return this != FLOAT && this != DOUBLE;
    }

    /** The type with the given header code, or null when there is none. */
    public static ElementType ofCode(int code) {
      for (ElementType t : values()) {
        if (t.code == code) {
          return t;
        }
      }
      return null;
    }

    /** For example "0x08 (unsigned byte)". */
    @Override
    public String toString() {
      return String.format("0x%02x (%s)", code, description);
    }
  }

  private final IdxHeader header;
  private final ElementType type;
  private final int size;
  private final byte[] data;

  /** Takes {@code data} (big-endian elements) without copying; the reader has checked every length. */
  IdxArray(ElementType type, int[] dims, byte[] data) {
    this.header = new IdxHeader(type, dims);
    this.type = type;
    this.size = data.length / type.bytes;
    this.data = data;
  }

  /** The element type and the dimensions d₀, d₁, …. */
  public IdxHeader header() {
    return header;
  }

  /** Number of elements, the product of the dimensions. */
  public int size() {
    return size;
  }

  /**
   * Element {@code k} as a double: 0…255 for unsigned bytes, the value itself for the other types.
   *
   * @throws IndexOutOfBoundsException if k is outside [0, size)
   */
  public double get(int k) {
    checkElement(k);
    return switch (type) {
      case FLOAT -> Float.intBitsToFloat(bigEndianInt(k * 4));
      case DOUBLE -> Double.longBitsToDouble(bigEndianLong(k * 8));
      default -> integral(k);
    };
  }

  /**
   * Element {@code k} of an integer type: 0…255 for unsigned bytes.
   *
   * @throws IllegalStateException for float and double arrays
   * @throws IndexOutOfBoundsException if k is outside [0, size)
   */
  public int getInt(int k) {
    if (!type.isIntegral()) {
      throw new IllegalStateException("getInt needs an integer element type, this array holds " + type);
    }
    checkElement(k);
    return integral(k);
  }

  /**
   * Converts elements {@code from}, …, {@code from + count - 1} to doubles as {@link #get(int)} does:
   * {@code out[offset + i] = get(from + i)}.
   *
   * @param out receives {@code count} values from {@code offset}; modified
   * @throws IndexOutOfBoundsException if the range is outside the array or does not fit in {@code out}
   */
  public void copyTo(int from, int count, double[] out, int offset) {
    if (from < 0 || count < 0 || (long) from + count > size) {
      throw new IndexOutOfBoundsException("elements [" + from + ", " + ((long) from + count)
          + ") are outside [0, " + size + ")");
    }
    if (offset < 0 || (long) offset + count > out.length) {
      throw new IndexOutOfBoundsException(count + " values from offset " + offset
          + " do not fit in an array of length " + out.length);
    }
    switch (type) {
      case UNSIGNED_BYTE -> {
        for (int i = 0; i < count; i++) {
          out[offset + i] = data[from + i] & 0xff;
        }
      }
      case SIGNED_BYTE -> {
        for (int i = 0; i < count; i++) {
          out[offset + i] = data[from + i];
        }
      }
      default -> {
        for (int i = 0; i < count; i++) {
          out[offset + i] = get(from + i);
        }
      }
    }
  }

  @Override
  public String toString() {
    return header.toString();
  }

  private int integral(int k) {
    return switch (type) {
      case UNSIGNED_BYTE -> data[k] & 0xff;
      case SIGNED_BYTE -> data[k];
      case SHORT -> (short) ((data[2 * k] << 8) | (data[2 * k + 1] & 0xff));
      case INT -> bigEndianInt(4 * k);
      default -> throw new AssertionError(type);
    };
  }

  private int bigEndianInt(int p) {
    return (data[p] << 24) | ((data[p + 1] & 0xff) << 16) | ((data[p + 2] & 0xff) << 8)
        | (data[p + 3] & 0xff);
  }

  private long bigEndianLong(int p) {
    return ((long) bigEndianInt(p) << 32) | (bigEndianInt(p + 4) & 0xffffffffL);
  }

  private void checkElement(int k) {
    if (k < 0 || k >= size) {
      throw new IndexOutOfBoundsException("element " + k + " is outside [0, " + size + ")");
    }
  }
}
