package org.odespark.data;

import java.io.Serializable;
import java.util.Arrays;
import org.odespark.data.IdxArray.ElementType;

/**
 * The header of an IDX file: element type and dimensions ({@link IdxReader#readHeader}). Lets a reader check
 * a file's shape, or seek to a row range, without loading its data.
 */
public record IdxHeader(ElementType type, int[] dims) implements Serializable {

  public IdxHeader {
    dims = dims.clone();
  }

  @Override
  public int[] dims() {
    return dims.clone();
  }

  public int rank() {
    return dims.length;
  }

  public int dim(int i) {
    return dims[i];
  }

  /** Bytes of the header itself: the 4-byte magic number and 4 bytes per dimension. */
  public int headerBytes() {
    return 4 + 4 * dims.length;
  }

  /** Bytes of the data the header declares (0 when a dimension is 0). */
  public long dataBytes() {
    long elements = 1;
    for (int d : dims) {
      elements *= d;
    }
    return elements * type.bytes();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IdxHeader h && h.type == type && Arrays.equals(h.dims, dims);
  }

  @Override
  public int hashCode() {
    return 31 * type.hashCode() + Arrays.hashCode(dims);
  }

  /** As {@link IdxArray#toString()}: "IdxArray[0x08 (unsigned byte), dims [n, 28, 28]]". */
  @Override
  public String toString() {
    return "IdxArray[" + type + ", dims " + Arrays.toString(dims) + "]";
  }
}
