package org.odespark.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Invalid options are rejected at construction with the parameter, the value and the allowed range. */
class OptionsValidationTest {

  static Stream<Arguments> invalid() {
    SgdOptions sgd = SgdOptions.defaults();
    AdamOptions adam = AdamOptions.defaults();
    return Stream.of(
        Arguments.of("learningRate must be >= 0 and finite, got -0.1", (Executable) () -> sgd.withLearningRate(-0.1)),
        Arguments.of("learningRate must be >= 0 and finite, got Infinity",
            (Executable) () -> sgd.withLearningRate(Double.POSITIVE_INFINITY)),
        Arguments.of("momentum must be in [0, 1), got 1.0", (Executable) () -> sgd.withMomentum(1)),
        Arguments.of("momentum must be in [0, 1), got -0.5", (Executable) () -> sgd.withMomentum(-0.5)),
        Arguments.of("nesterov requires momentum > 0, got momentum 0.0", (Executable) () -> sgd.withNesterovMomentum(0)),
        Arguments.of("weightDecay must be >= 0 and finite, got NaN", (Executable) () -> sgd.withWeightDecay(Double.NaN)),
        Arguments.of("learningRate must be >= 0 and finite, got NaN", (Executable) () -> adam.withLearningRate(Double.NaN)),
        Arguments.of("beta1 must be in [0, 1), got 1.0", (Executable) () -> adam.withBetas(1, 0.999)),
        Arguments.of("beta1 must be in [0, 1), got -0.1", (Executable) () -> adam.withBetas(-0.1, 0.999)),
        Arguments.of("beta2 must be in [0, 1), got 1.5", (Executable) () -> adam.withBetas(0.9, 1.5)),
        Arguments.of("epsilon must be > 0 and finite, got 0.0", (Executable) () -> adam.withEpsilon(0)),
        Arguments.of("weightDecay must be >= 0 and finite, got -0.01", (Executable) () -> adam.withWeightDecay(-0.01)),
        Arguments.of("learningRate * weightDecay must be <= 1 for decoupled weight decay, got 0.5 * 4.0 = 2.0",
            (Executable) () -> new AdamW(3, adam.withLearningRate(0.5).withWeightDecay(4))),
        Arguments.of("dimension must be >= 1, got 0", (Executable) () -> new Sgd(0)),
        Arguments.of("dimension must be >= 1, got -3", (Executable) () -> new Adam(-3)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void isRejectedWithItsName(String message, Executable construction) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, construction);
    assertEquals(message, e.getMessage());
  }

  @Test
  void nullScheduleIsRejectedByName() {
    NullPointerException e = assertThrows(NullPointerException.class,
        () -> AdamOptions.defaults().withSchedule(null));
    assertTrue(e.getMessage().contains("schedule"), e.getMessage());
    e = assertThrows(NullPointerException.class, () -> SgdOptions.defaults().withSchedule(null));
    assertTrue(e.getMessage().contains("schedule"), e.getMessage());
  }

  @Test
  void withCopiesChangeOnlyTheirParameter() {
    AdamOptions a = AdamOptions.defaults().withEpsilon(1e-6);
    assertEquals(AdamOptions.defaults().learningRate(), a.learningRate());
    assertEquals(1e-6, a.epsilon());
    SgdOptions s = SgdOptions.defaults().withNesterovMomentum(0.9).withWeightDecay(0.1);
    assertTrue(s.nesterov());
    assertEquals(0.9, s.momentum());
    assertEquals(0.1, s.weightDecay());
    assertEquals(false, s.withMomentum(0.5).nesterov(), "withMomentum selects heavy ball");
  }
}
