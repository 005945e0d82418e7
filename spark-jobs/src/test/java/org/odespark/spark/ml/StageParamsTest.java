package org.odespark.spark.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Objects;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.junit.jupiter.api.Test;

/** What MLlib users expect of every odespark stage's parameters: a getter each, readable explanations. */
class StageParamsTest {

  private static List<Params> stages() {
    return List.of(new CnfDensityEstimator().setHidden(32, 16),
        new CnfDensityModel("m", 2, new double[1], null, 0, ModelFiles.unknownData(2, false)),
        new OdeNetClassifierEstimator().setHidden(8), new OdeNetClassifierModel("c", 2, 2, new double[1]));
  }

  @Test
  void everyParamHasAGetterReturningItsValue() throws Exception {
    for (Params stage : stages()) {
      for (Param<?> p : stage.params()) {
        String name = "get" + Character.toUpperCase(p.name().charAt(0)) + p.name().substring(1);
        Method getter = stage.getClass().getMethod(name);
        Object got = getter.invoke(stage);
        Object expected = stage.getOrDefault(p);
        assertTrue(Objects.deepEquals(got, expected), stage.getClass().getSimpleName() + "." + name + "() = " + got
            + ", the param holds " + expected);
      }
    }
  }

  @Test
  void explainParamsSpellsOutArrays() {
    CnfDensityEstimator e = new CnfDensityEstimator().setHidden(32, 16);
    String text = e.explainParams();
    assertTrue(text.contains("hidden: hidden widths of each block's MLP, at least one, each >= 1 (default: [64, 64,"
        + " 64], current: [32, 16])"), text);
    for (Params stage : stages()) {
      String all = stage.explainParams();
      assertFalse(all.matches("(?s).*\\[[IDJ]@.*"), "an array printed by identity: " + all);
      assertEquals(stage.params().length, all.split("\n").length, all);
    }
    OdeNetClassifierEstimator c = new OdeNetClassifierEstimator();
    assertTrue(c.explainParam(c.rawPredictionCol()).endsWith("(default: rawPrediction)"),
        c.explainParam(c.rawPredictionCol()));
  }
}
