package org.odespark.linalg;

/**
 * Whether the JDK's Vector API (the incubator module {@code jdk.incubator.vector}) may be used: present in the
 * boot layer (the JVM runs with {@code --add-modules jdk.incubator.vector}) and not disabled with
 * {@code -Dodespark.vector=false}. Every kernel that uses it has a scalar twin performing the same operations
 * in the same order, so the choice changes speed, never bits.
 */
public final class VectorSupport {

  /** True when the Vector API kernels run. */
  public static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
      && !"false".equals(System.getProperty("odespark.vector"));

  private VectorSupport() {}
}
