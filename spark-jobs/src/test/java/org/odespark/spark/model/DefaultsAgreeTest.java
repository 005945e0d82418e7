package org.odespark.spark.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.odespark.classify.OdeNetSpec;
import org.odespark.flow.CnfSpec;
import org.odespark.io.Snapshot;
import org.odespark.latent.LatentOdeSpec;
import org.odespark.latent.SeriesLayout;
import org.odespark.spark.config.ConfigLoader;
import org.odespark.spark.config.ModelConfig;

/**
 * One declaration of every default: conf/reference.conf. The core specs' own defaults (for users of core
 * alone) build the same models as reference.conf's defaults do through the jobs' factories, key for key of
 * the model file's SPEC; the ML parameters' defaults are reference.conf's too (CliModelsTest).
 */
class DefaultsAgreeTest {

  private static ModelConfig defaults(String type, String... more) {
    List<String> set = new java.util.ArrayList<>(List.of("model.type=" + type));
    set.addAll(List.of(more));
    return ConfigLoader.standard().load(List.of(), set).model();
  }

  @Test
  void theFlowsDefaultsAreReferenceConfs() {
    CnfSpec conf = CnfModelFactory.spec(defaults("cnf"), 2);
    assertEquals("", Snapshot.specDifference(CnfSpec.builder(2).build().properties(), conf.properties()),
        "CnfSpec.builder's default vs reference.conf's model.cnf.* and solver.*");
  }

  @Test
  void theClassifiersDefaultsAreReferenceConfs() {
    ModelConfig m = defaults("odenet-classifier");
    OdeNetSpec conf = OdeNetClassifierFactory.spec(m, 3);
    assertEquals("", Snapshot.specDifference(OdeNetSpec.defaults(3, m.classifier().classes()).properties(),
        conf.properties()), "OdeNetSpec.defaults vs reference.conf's model.classifier.* and solver.*");
  }

  @Test
  void theLatentModelsDefaultsAreReferenceConfs() {
    SeriesLayout layout = new SeriesLayout(30, 2);
    LatentOdeSpec conf = LatentOdeFactory.spec(defaults(LatentOdeFactory.TYPE, "data.format=spirals"),
        layout);
    // The latent spec has no text form yet: its fields, one by one.
    assertEquals(describe(LatentOdeSpec.builder(30, 2).build()), describe(conf),
        "LatentOdeSpec.builder's default vs reference.conf's model.latent.* and solver.*");
  }

  private static String describe(LatentOdeSpec s) {
    return String.join(", ", "series " + s.series().maxLength() + "x" + s.series().dim(), "kind " + s.kind(),
        "encoder " + s.encoder(), "latent " + s.latentDim(), "hidden " + s.hidden(),
        "field " + java.util.Arrays.toString(s.fieldHidden()),
        "decoder " + java.util.Arrays.toString(s.decoderHidden()), "activation " + s.activation(),
        "t0 " + s.startTime(), "noise " + s.noiseStd(), "learn noise " + s.learnNoise(), "kl " + s.klWeight(),
        "gradient " + s.gradient(), "solver " + s.solver());
  }
}
