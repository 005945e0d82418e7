package org.odespark.spark.exec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;
import java.io.UncheckedIOException;

/**
 * A serializable value (an Objective.Spec, a DensityModel.Spec) frozen into Java-serialization bytes, for
 * broadcasting: whatever serializer Spark is configured with (Kryo 4 cannot handle Java records) sees only
 * a byte array. Executors thaw it once with the task's context class loader (which knows the application's
 * jars). Immutable apart from the cached thawed value.
 *
 * @param <T> the value's type
 */
final class SerializedSpec<T extends Serializable> implements Serializable {

  private static final long serialVersionUID = 1L;

  private final byte[] bytes;
  private transient T value;

  private SerializedSpec(byte[] bytes) {
    this.bytes = bytes;
  }

  public static <T extends Serializable> SerializedSpec<T> of(T value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ObjectOutputStream o = new ObjectOutputStream(out)) {
      o.writeObject(value);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot serialize " + value.getClass().getName()
          + " (a spec must be Java-serializable): " + e.getMessage(), e);
    }
    return new SerializedSpec<>(out.toByteArray());
  }

  /** The value, deserialized on first use in this JVM. */
  @SuppressWarnings("unchecked")
  public synchronized T get() {
    if (value == null) {
      try (ObjectInputStream in = new ContextObjectInputStream(new ByteArrayInputStream(bytes))) {
        value = (T) in.readObject();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException("the executor lacks the class " + e.getMessage()
            + " (is the application jar on its class path?)", e);
      }
    }
    return value;
  }

  /** Resolves classes with the thread's context class loader, as Spark's own JavaSerializer does. */
  private static final class ContextObjectInputStream extends ObjectInputStream {
    ContextObjectInputStream(InputStream in) throws IOException {
      super(in);
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      if (loader == null) {
        return super.resolveClass(desc);
      }
      try {
        return Class.forName(desc.getName(), false, loader);
      } catch (ClassNotFoundException e) {
        return super.resolveClass(desc);
      }
    }
  }
}
