package org.odespark.classify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.odespark.adjoint.GradientMethod;
import org.odespark.adjoint.GradientSpec;
import org.odespark.adjoint.SolverSpec;
import org.odespark.nn.Activation;
import org.odespark.nn.Mlp;

/** Validation, defaults, copies and serialization of the specs. */
class SpecTest {

  private static void rejects(String fragment, Executable e) {
    IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
    assertTrue(x.getMessage().contains(fragment), "message '" + x.getMessage() + "' should mention " + fragment);
  }

  @Test
  void odeNetDefaultsAreTheDocumentedOnes() {
    OdeNetSpec s = OdeNetSpec.defaults(784, 10);
    assertEquals(64, s.width());
    assertEquals(0, s.augment());
    assertArrayEquals(new int[] {64}, s.fieldHidden());
    assertEquals(Mlp.LayerType.CONCAT, s.layerType());
    assertEquals(Activation.TANH, s.activation());
    assertEquals(1.0, s.endTime());
    assertEquals(GradientSpec.of(GradientMethod.ADJOINT, SolverSpec.adaptive("dopri5", 1e-5, 1e-5)), s.gradient());
  }

  @Test
  void odeNetRejectsInvalidComponentsByName() {
    OdeNetSpec s = OdeNetSpec.defaults(4, 3);
    rejects("inputDim", () -> OdeNetSpec.defaults(0, 3));
    rejects("classes", () -> OdeNetSpec.defaults(4, 1));
    rejects("width", () -> s.withWidth(0));
    rejects("augment", () -> s.withAugment(-1));
    rejects("hidden widths", () -> s.withFieldHidden(8, 0));
    rejects("endTime", () -> s.withEndTime(0));
    rejects("endTime", () -> s.withEndTime(Double.POSITIVE_INFINITY));
    assertThrows(NullPointerException.class, () -> s.withGradient((GradientSpec) null));
  }

  @Test
  void solverSpecValidates() {
    rejects("rtol", () -> SolverSpec.adaptive("dopri5", 0, 1e-3));
    rejects("atol", () -> SolverSpec.adaptive("dopri5", 1e-3, Double.NaN));
    rejects("dopri", () -> SolverSpec.adaptive("dopri6", 1e-3, 1e-3));
    // rk4 has no error estimate: adaptive steps are refused, fixed steps accepted.
    rejects("rk4", () -> SolverSpec.adaptive("rk4", 1e-3, 1e-3));
    assertEquals(8, SolverSpec.fixed("rk4", 8).fixedSteps());
    rejects("fixed steps", () -> SolverSpec.fixed("rk4", 0));
    rejects("maxSteps", () -> SolverSpec.defaults().withMaxSteps(0));
  }

  @Test
  void resNetRejectsInvalidComponentsByName() {
    ResNetSpec s = ResNetSpec.defaults(4, 3);
    rejects("blocks", () -> s.withBlocks(0));
    rejects("width", () -> s.withWidth(-2));
    rejects("hidden widths", () -> s.withBlockHidden(-1));
  }

  @Test
  void hiddenWidthsAreCopiedInAndOut() {
    int[] hidden = {5, 6};
    OdeNetSpec s = OdeNetSpec.defaults(4, 3).withFieldHidden(hidden);
    hidden[0] = 99;
    s.fieldHidden()[1] = 99;
    assertArrayEquals(new int[] {5, 6}, s.fieldHidden());
    assertEquals(OdeNetSpec.defaults(4, 3).withFieldHidden(5, 6), s);
    assertEquals(OdeNetSpec.defaults(4, 3).withFieldHidden(5, 6).hashCode(), s.hashCode());
    assertNotEquals(OdeNetSpec.defaults(4, 3).withFieldHidden(5, 7), s);
  }

  @Test
  void specsSurviveJavaSerialization() throws Exception {
    OdeNetSpec ode = OdeNetSpec.defaults(784, 10).withAugment(3).withFieldHidden(32, 16)
        .withGradient(new GradientSpec(GradientMethod.BACKPROP, SolverSpec.defaults(),
            SolverSpec.adaptive("bosh3", 1e-4, 1e-5), true));
    ResNetSpec res = ResNetSpec.defaults(784, 10).withSharedWeights(true);
    assertEquals(ode, roundTrip(ode));
    assertEquals(res, roundTrip(res));
    assertEquals(ode.create().parameterCount(), ((OdeNetSpec) roundTrip(ode)).create().parameterCount());
  }

  private static Object roundTrip(Object o) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(o);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return in.readObject();
    }
  }

  @Test
  void parameterLayoutIsInputFieldOutput() {
    OdeNetClassifier o = OdeNetSpec.defaults(784, 10).withWidth(64).withAugment(2).withFieldHidden(32).create();
    var blocks = o.layout().blocks();
    assertEquals("input.W", blocks.get(0).name());
    assertTrue(blocks.get(2).name().startsWith("field."));
    assertEquals("output.b", blocks.get(blocks.size() - 1).name());
    // input 784·64 + 64; concat field 66 → 32 → 66: (66·32 + 2·32) + (32·66 + 2·66); output 66·10 + 10.
    int expected = 784 * 64 + 64 + (66 * 32 + 64) + (32 * 66 + 132) + 66 * 10 + 10;
    assertEquals(expected, o.parameterCount());
  }
}
