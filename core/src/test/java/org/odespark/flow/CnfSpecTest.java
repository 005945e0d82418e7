package org.odespark.flow;

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
import org.odespark.adjoint.GradientMethod;
import org.odespark.adjoint.GradientSpec;
import org.odespark.adjoint.SolverSpec;
import org.odespark.nn.Activation;
import org.odespark.nn.Mlp;

/** The CNF's description: parts, builder, value equality, validation. */
class CnfSpecTest {

  @Test
  void theBuilderStartsFromFfjordsToySettings() {
    CnfSpec s = CnfSpec.builder(2).build();
    assertEquals(CnfSpec.ffjordToy(2), s);
    assertEquals(new CnfSpec.Architecture(new int[] {64, 64, 64}, Mlp.LayerType.CONCAT_SQUASH, Activation.TANH, 1,
        0.5, false), s.architecture());
    assertEquals(TraceEstimator.exact(), s.trace());
    assertEquals(GradientSpec.of(GradientMethod.ADJOINT, SolverSpec.adaptive("dopri5", 1e-5, 1e-5)), s.gradient());
    assertEquals(0, s.kineticWeight());
    assertEquals(0, s.jacobianWeight());
    assertTrue(!s.images());
  }

  @Test
  void equalityIsByValueAndEveryPartCounts() {
    CnfSpec a = CnfSpec.builder(3).hidden(8, 8).blocks(2).time(1.0, false).tolerances(1e-6, 1e-7).build();
    CnfSpec b = CnfSpec.builder(3).blocks(2).hidden(8, 8).tolerances(1e-6, 1e-7).time(1.0, false).build();
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertEquals(a, a.toBuilder().build());
    CnfSpec.Builder base = a.toBuilder();
    for (CnfSpec other : new CnfSpec[] {base.hidden(8, 9).build(), a.toBuilder().blocks(1).build(),
        a.toBuilder().time(1.0, true).build(), a.toBuilder().layerType(Mlp.LayerType.CONCAT).build(),
        a.toBuilder().activation(Activation.SOFTPLUS).build(), a.toBuilder().regularization(0, 1e-3).build(),
        a.toBuilder().trace(TraceEstimator.hutchinson(TraceEstimator.Noise.GAUSSIAN)).build(),
        a.toBuilder().gradient(GradientMethod.BACKPROP).build(), a.toBuilder().seminorm(true).build(),
        a.toBuilder().images(1e-6).build(), CnfSpec.builder(4).hidden(8, 8).blocks(2).time(1.0, false)
            .tolerances(1e-6, 1e-7).build()}) {
      assertNotEquals(a, other, other.toString());
    }
  }

  @Test
  void hiddenWidthsAreCopiedInAndOut() {
    int[] hidden = {5, 6};
    CnfSpec s = CnfSpec.builder(2).hidden(hidden).build();
    hidden[0] = 99;
    s.architecture().hidden()[1] = 99;
    assertArrayEquals(new int[] {5, 6}, s.architecture().hidden());
  }

  @Test
  void invalidPartsAreRefusedByName() {
    rejects("hidden widths", () -> CnfSpec.builder(2).hidden(4, 0).build());
    rejects("hidden widths", () -> CnfSpec.builder(2).hidden().build());
    rejects("blocks", () -> CnfSpec.builder(2).blocks(0).build());
    rejects("time", () -> CnfSpec.builder(2).time(0, false).build());
    rejects("time", () -> CnfSpec.builder(2).time(Double.POSITIVE_INFINITY, true).build());
    rejects("regularization", () -> CnfSpec.builder(2).regularization(-1, 0).build());
    rejects("logitAlpha", () -> CnfSpec.builder(2).images(0.5).build());
    rejects("dim", () -> CnfSpec.builder(0).build());
    rejects("rtol", () -> CnfSpec.builder(2).tolerances(0, 1e-5).build());
  }

  private static void rejects(String name, Runnable r) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
    assertTrue(e.getMessage().contains(name), e.getMessage());
  }

  @Test
  void survivesJavaSerializationAsTheSparkBroadcastUsesIt() throws Exception {
    CnfSpec s = CnfSpec.builder(2).hidden(4).trace(TraceEstimator.hutchinson(TraceEstimator.Noise.RADEMACHER))
        .gradient(new GradientSpec(GradientMethod.ADJOINT, SolverSpec.adaptive("tsit5", 1e-4, 1e-4),
            SolverSpec.adaptive("bosh3", 1e-3, 1e-3), true)).images(1e-6).build();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(s);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      CnfSpec back = (CnfSpec) in.readObject();
      assertEquals(s, back);
      assertEquals(s.create().parameterCount(), back.create().parameterCount());
    }
  }
}
