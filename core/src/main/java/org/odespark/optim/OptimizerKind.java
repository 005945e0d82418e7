package org.odespark.optim;

import java.util.List;

/**
 * The built-in optimizer kinds and their names in an {@link OptimizerState}: the one place that maps a
 * stored kind to the class that reads it.
 */
enum OptimizerKind {
  SGD("sgd"),
  ADAM("adam"),
  ADAMW("adamw");

  /** The name written into states and returned by {@link Optimizer#name()}. */
  final String id;

  OptimizerKind(String id) {
    this.id = id;
  }

  /**
   * The kind stored under {@code id}.
   *
   * @throws IllegalArgumentException naming the unknown kind and the known ones
   */
  static OptimizerKind named(String id) {
    for (OptimizerKind k : values()) {
      if (k.id.equals(id)) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown optimizer kind '" + id + "' (known: sgd, adam, adamw)");
  }

  /** A new optimizer with the state's options, restored to the state. */
  Optimizer create(OptimizerState s) {
    AbstractOptimizer o = switch (this) {
      case SGD -> new Sgd(s.dimension(), SgdOptions.from(s));
      case ADAM -> new Adam(s.dimension(), AdamOptions.from(s));
      case ADAMW -> new AdamW(s.dimension(), AdamOptions.from(s));
    };
    o.restore(s);
    return o;
  }

  /**
   * Checks, without allocating an optimizer, that a state's hyper-parameters are valid for this kind and
   * that it holds exactly the arrays this kind keeps.
   */
  void validate(OptimizerState s) {
    List<String> arrays = switch (this) {
      case SGD -> SgdOptions.from(s).stateArrays();
      case ADAM -> {
        AdamOptions.from(s);
        yield AbstractAdam.STATE_ARRAYS;
      }
      case ADAMW -> {
        AdamW.checkDecoupledDecay(AdamOptions.from(s));
        yield AbstractAdam.STATE_ARRAYS;
      }
    };
    s.requireArrayNames(arrays);
  }
}
