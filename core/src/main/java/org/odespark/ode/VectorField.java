package org.odespark.ode;

/**
 * The right-hand side of an ordinary differential equation {@code dy/dt = f(t, y)} on a flat state of
 * {@link #dimension()} doubles (a whole minibatch is one state: dimension = batch × dim, row-major).
 *
 * <p>Contract for implementations: {@link #evaluate} writes f(t, y) into {@code dydt}; it must not keep a
 * reference to {@code y} or {@code dydt}, must not allocate (it runs once per solver stage), and may be
 * called with any {@code t}, in either direction of time and in any order (the solver evaluates trial
 * stages that it may reject). It is called from one thread at a time per solve.
 */
public interface VectorField {

  /** Length n of the state vector. */
  int dimension();

  /**
   * Writes {@code dydt = f(t, y)}.
   *
   * @param t time
   * @param y state, length {@link #dimension()}, not modified
   * @param dydt output, length {@link #dimension()}, overwritten; never aliases {@code y}
   */
  void evaluate(double t, double[] y, double[] dydt);

  /**
   * Whether {@link #jvp} is implemented. Implicit methods use it in their Newton iterations; without it they
   * take finite differences of {@link #evaluate}.
   */
  default boolean hasJvp() {
    return false;
  }

  /**
   * Jacobian-vector product {@code out = (∂f/∂y)(t, y) v}. Fields without forward-mode derivatives keep the
   * default, which throws.
   *
   * @param y state, not modified
   * @param v direction, not modified
   * @param out receives J v, overwritten; aliases neither y nor v
   */
  default void jvp(double t, double[] y, double[] v, double[] out) {
    throw new UnsupportedOperationException(getClass().getSimpleName()
        + " provides no Jacobian-vector product; implement jvp() and hasJvp()");
  }
}
