package org.odespark.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.odespark.nn.Activation;
import org.odespark.nn.Mlp;
import org.odespark.objective.Batch;

/** ∂(Σ w CE)/∂θ of the ResNet baseline by backpropagation against central finite differences. */
class ResNetGradientTest {

  /**
   * The loss is a composition of smooth maps of size ~10 (six rows): central differences at h = 1e-5 have
   * truncation ~h² ≈ 1e-10 and round-off ~ε·10/h ≈ 1e-10, against gradient components of 1e-3 and more.
   */
  private static final double FD_STEP = 1e-5;
  private static final double AGREEMENT = 1e-7;

  static Stream<Arguments> cases() {
    return Stream.of(Mlp.LayerType.values()).flatMap(t -> Stream.of(Arguments.of(t, false), Arguments.of(t, true)));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void backpropAgreesWithFiniteDifferences(Mlp.LayerType type, boolean shared) {
    ResNetSpec spec = ResNetSpec.defaults(3, 4).withWidth(3).withBlocks(3).withBlockHidden(5).withLayerType(type)
        .withActivation(Activation.TANH).withSharedWeights(shared);
    ResNetClassifier o = spec.create();
    double[] theta = new double[o.parameterCount()];
    o.initialize(theta, 9);
    Batch batch = Derivatives.randomBatch(new SplittableRandom(23), 6, 3, 4, 2.0);
    double[] fd = Derivatives.finiteDifferences(o, theta, batch, FD_STEP);
    double[] grad = Derivatives.gradient(o, theta, batch);
    Derivatives.assertClose(type + (shared ? " shared" : " separate") + ": backprop vs finite differences", fd, grad,
        AGREEMENT);
  }

  @ParameterizedTest
  @MethodSource("cases")
  void sharedWeightsHaveOneBlockOfParameters(Mlp.LayerType type, boolean shared) {
    ResNetSpec spec = ResNetSpec.defaults(3, 4).withWidth(3).withBlocks(4).withBlockHidden(5).withLayerType(type)
        .withSharedWeights(shared);
    ResNetClassifier o = spec.create();
    Mlp g = new Mlp(3, new int[] {5}, 3, type, Activation.TANH, new org.odespark.nn.ParameterLayout.Builder(), "g");
    int linears = (3 * 3 + 3) + (3 * 4 + 4);
    assertEquals(linears + (shared ? 1 : 4) * g.parameterCount(), o.parameterCount());
  }
}
