package org.odespark.spark.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odespark.data.ToyDistributions;
import org.odespark.nn.Activation;
import org.odespark.nn.Mlp;
import org.odespark.ode.tableau.RungeKuttaMethods;

class ConfigLoaderTest {

  private static final ConfigLoader LOADER = ConfigLoader.standard();
  private static final Path ROOT = Path.of(System.getProperty("odespark.root", ".."));

  @TempDir
  Path dir;

  private Path file(String text) throws IOException {
    Path f = Files.createTempFile(dir, "job", ".conf");
    Files.writeString(f, text);
    return f;
  }

  private static String problem(Runnable r) {
    ConfigException e = assertThrows(ConfigException.class, r::run);
    return e.getMessage();
  }

  @Test
  void defaultsLoadIntoRecords() {
    JobConfig c = LOADER.load(List.of(), List.of());
    assertEquals(DataConfig.Format.TOY, c.data().format());
    assertEquals("cnf", c.model().type());
    assertEquals(List.of(64, 64, 64), c.model().cnf().hidden());
    assertEquals(1e-5, c.model().solver().rtol());
    assertEquals(1000, c.train().options().iterations());
    assertEquals("out/run/checkpoints", c.train().checkpointDir());
    assertEquals("out/run/model.odsm", c.output().modelPath());
    assertTrue(c.hash().matches("sha256:[0-9a-f]{64}"), c.hash());
  }

  @Test
  void everyExampleConfigurationLoads() throws IOException {
    try (var files = Files.list(ROOT.resolve("conf"))) {
      List<Path> confs = files.filter(p -> p.toString().endsWith(".conf") && !p.endsWith("reference.conf")).toList();
      assertTrue(confs.size() >= 5, "conf/ holds one file per worked example: " + confs);
      for (Path p : confs) {
        JobConfig c = LOADER.load(List.of(p), List.of());
        assertTrue(c.train().options().iterations() > 0, p.toString());
      }
    }
  }

  @Test
  void unknownKeyInAFileIsNamedWithItsLineAndTheClosestKey() throws IOException {
    Path f = file("train {\n  iterations = 10\n  batch_sise = 5\n}\n");
    String m = problem(() -> LOADER.load(List.of(f), List.of()));
    assertTrue(m.contains("unknown configuration key 'train.batch_sise'"), m);
    assertTrue(m.contains(f + ":3"), m);
    assertTrue(m.contains("did you mean 'train.batch_size'?"), m);
  }

  @Test
  void keyInTheWrongSectionSuggestsWhereItBelongs() {
    String m = problem(() -> LOADER.load(List.of(), List.of("train.learning_rate=0.1")));
    assertTrue(m.contains("unknown configuration key 'train.learning_rate'"), m);
    assertTrue(m.contains("did you mean 'optimizer.learning_rate'?"), m);
  }

  @Test
  void wrongTypesAndRangesNameKeyValueOriginAndRange() throws IOException {
    Path f = file("train.batch_size = -5\nsolver.rtol = lots\n");
    String m = problem(() -> LOADER.load(List.of(f), List.of()));
    assertTrue(m.startsWith("2 configuration problems"), m);
    assertTrue(m.contains("train.batch_size = -5") && m.contains("an integer in [1, 100000000]"), m);
    assertTrue(m.contains("solver.rtol = \"lots\"") && m.contains("a number in (0, 1)"), m);
    assertTrue(m.contains(f.getFileName().toString()), m);
    String over = problem(() -> LOADER.load(List.of(), List.of("optimizer.beta2=1")));
    assertTrue(over.contains("optimizer.beta2 = \"1\" (--set optimizer.beta2=1) must be a number in [0, 1)"), over);
    String fraction = problem(() -> LOADER.load(List.of(), List.of("train.iterations=2.5")));
    assertTrue(fraction.contains("train.iterations") && fraction.contains("integer"), fraction);
  }

  @Test
  void choicesSuggestTheClosestValue() {
    String m = problem(() -> LOADER.load(List.of(), List.of("solver.method=dopri6")));
    assertTrue(m.contains("must be one of euler, midpoint") && m.contains("did you mean 'dopri5'?"), m);
    String storage = problem(() -> LOADER.load(List.of(), List.of("spark.storage_level=memory_only")));
    assertTrue(storage.contains("did you mean 'MEMORY_ONLY'?"), storage);
  }

  @Test
  void unknownKeysAndBadValuesAreReportedTogether() {
    String m = problem(() -> LOADER.load(List.of(), List.of("train.batchsize=3", "solver.method=rk45",
        "optimizer.beta1=1.5")));
    assertTrue(m.startsWith("3 configuration problems"), m);
    assertTrue(m.contains("'train.batchsize'") && m.contains("solver.method") && m.contains("optimizer.beta1"), m);
  }

  @Test
  void sectionsCannotBeValues() throws IOException {
    Path f = file("data.csv = 5\n");
    String m = problem(() -> LOADER.load(List.of(f), List.of()));
    assertTrue(m.contains("'data.csv'") && m.contains("is a section"), m);
  }

  @Test
  void overridesNeedNoQuotingAndWinOverFiles() throws IOException {
    Path f = file("data { format = csv, path = /tmp/a.csv }\ntrain.iterations = 7\n");
    JobConfig c = LOADER.load(List.of(f), List.of("data.path=hdfs://nn:8020/data/x.csv", "model.cnf.hidden=32,16",
        "data.features=[a, b]", "train.iterations=9", "spark.properties={\"spark.ui.enabled\": \"false\"}"));
    assertEquals("hdfs://nn:8020/data/x.csv", c.data().path());
    assertEquals(List.of(32, 16), c.model().cnf().hidden());
    assertEquals(List.of("a", "b"), c.data().features());
    assertEquals(9, c.train().options().iterations());
    assertEquals("false", c.spark().properties().get("spark.ui.enabled"));
  }

  @Test
  void laterFilesOverrideEarlierOnes() throws IOException {
    Path a = file("train { iterations = 7, batch_size = 3 }\n");
    Path b = file("train.iterations = 8\n");
    JobConfig c = LOADER.load(List.of(a, b), List.of());
    assertEquals(8, c.train().options().iterations());
    assertEquals(3, c.train().options().batchSize());
  }

  @Test
  void missingFilesAndMalformedOverridesAreReported() {
    String m = problem(() -> LOADER.load(List.of(dir.resolve("nope.conf")), List.of("iterations")));
    assertTrue(m.contains("configuration file not found") && m.contains("--set expects key=value"), m);
  }

  @Test
  void inconsistentSettingsAreRejected() {
    String m = problem(() -> LOADER.load(List.of(), List.of("optimizer.nesterov=true")));
    assertTrue(m.contains("optimizer.nesterov = true needs optimizer.type = sgd"), m);
    String both = problem(() -> LOADER.load(List.of(), List.of("data.features=a,b", "data.vector_column=v")));
    assertTrue(both.contains("exclusive"), both);
    String path = problem(() -> LOADER.load(List.of(), List.of("data.format=parquet")));
    assertTrue(path.contains("data.path must name the input"), path);
    String master = problem(() -> LOADER.load(List.of(), List.of("spark.properties={\"spark.master\": \"local\"}")));
    assertTrue(master.contains("launcher"), master);
  }

  @Test
  void hashIsStableAndTheTextReloads() throws IOException {
    JobConfig a = LOADER.load(List.of(file("train { batch_size = 3, iterations = 7 }\n")), List.of());
    JobConfig b = LOADER.load(List.of(), List.of("train.iterations=7", "train.batch_size=3"));
    assertEquals(a.hash(), b.hash(), "the same values from different sources hash alike");
    assertEquals(a.text(), b.text());
    JobConfig c = LOADER.load(List.of(), List.of("train.iterations=8", "train.batch_size=3"));
    assertNotEquals(a.hash(), c.hash());
    JobConfig reloaded = LOADER.fromText(a.text(), "model file");
    assertEquals(a.hash(), reloaded.hash());
    assertTrue(a.text().contains("train.batch_size = 3\n"), a.text());
    // Pinned: the canonical text of the defaults must not drift silently (it is stored in every model).
    assertEquals(LOADER.schema().keys().size(), a.text().split("\n").length);
  }

  /**
   * Stored configuration (model and checkpoint files) is plain data: every form of include is refused before
   * it is opened, and so is a substitution (which would read other keys or the environment), in fromText and in
   * the resume comparison alike.
   */
  @Test
  void storedConfigurationIsPlainData() {
    String text = LOADER.load(List.of(), List.of()).text();
    for (String include : List.of("include url(\"http://127.0.0.1:9/x\")", "include \"other.conf\"",
        "include file(\"/etc/passwd\")", "include classpath(\"odespark/reference.conf\")",
        "include required(url(\"file:///etc/hostname\"))")) {
      String m = problem(() -> LOADER.fromText(include + "\n" + text, "m.odsm"));
      assertTrue(m.startsWith("the configuration stored in m.odsm includes ") && m.contains("plain data"), m);
      String r = problem(() -> LOADER.trainingDifferences(include + "\n" + text, LOADER.load(List.of(), List.of())));
      assertTrue(r.contains("includes"), r);
    }
    for (String substitution : List.of("model.cnf.time = ${?HOME}", "model.type = ${model.cnf.trace}",
        "data.features += \"x\"")) {
      String m = problem(() -> LOADER.fromText(text + substitution + "\n", "m.odsm"));
      assertEquals("the configuration stored in m.odsm holds a substitution (${...}): a stored configuration is"
          + " plain data, and odespark never writes one; the file is not odespark's or was altered", m);
    }
    assertEquals(LOADER.load(List.of(), List.of()).hash(), LOADER.fromText(text, "m.odsm").hash());
  }

  @Test
  void resumeComparesOnlyWhatChangesTraining() {
    JobConfig a = LOADER.load(List.of(), List.of("train.iterations=7"));
    JobConfig longer = LOADER.load(List.of(), List.of("train.iterations=70", "checkpoint.every=5"));
    assertEquals(List.of(), LOADER.trainingDifferences(a.text(), longer));
    JobConfig other = LOADER.load(List.of(), List.of("optimizer.learning_rate=0.5"));
    List<String> d = LOADER.trainingDifferences(a.text(), other);
    assertEquals(List.of("optimizer.learning_rate: 0.001 in the checkpoint, 0.5 now"), d);
  }

  @Test
  void referenceChoicesMatchWhatCoreAccepts() {
    ConfigSchema s = LOADER.schema();
    assertEquals(RungeKuttaMethods.names(), s.key("solver.method").spec().choices());
    assertEquals(RungeKuttaMethods.names(), s.key("solver.backward.method").spec().choices());
    assertEquals(Arrays.stream(Activation.values()).map(Activation::label).toList(),
        s.key("model.cnf.activation").spec().choices());
    assertEquals(Arrays.stream(Mlp.LayerType.values()).map(Mlp.LayerType::label).toList(),
        s.key("model.cnf.layer_type").spec().choices());
    assertEquals(ToyDistributions.names(), s.key("data.toy.name").spec().choices());
  }

  @Test
  void everyKeyIsDocumentedWithARange() {
    for (ConfigSchema.Key k : LOADER.schema().keys().values()) {
      assertTrue(k.doc().length() > 10, k.path());
      assertTrue(k.spec() != null, k.path());
    }
    assertTrue(LOADER.schema().keys().size() > 60);
  }
}
