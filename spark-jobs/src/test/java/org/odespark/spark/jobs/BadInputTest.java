package org.odespark.spark.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.odespark.io.Snapshot;
import org.odespark.io.SnapshotFormat;
import org.odespark.spark.Main;
import org.odespark.spark.testing.SparkTests;

/**
 * Bad input, each case through {@link Main#execute} in one shared local[2] session: configuration, paths,
 * data (CSV, Parquet, IDX), model and checkpoint files, and settings under which the solver cannot work. Every
 * case must exit with code 2, print exactly one line to stderr ("odespark JOB: error: ..." naming the key,
 * file, line, column or value, no stack trace) and leave every file that existed before unchanged (the whole
 * test directory is hashed before and after; a new file may appear only if it is empty; the attempt's own
 * resolved-JOB.conf and model-summary.txt are left out).
 */
class BadInputTest {

  private static SparkSession spark;

  @TempDir
  static Path root;

  /** Small and fast: a CNF with one hidden layer of 4, one iteration, 2 partitions. */
  private static final List<String> CNF = List.of("--set", "model.cnf.hidden=[4]", "--set", "train.iterations=1",
      "--set", "train.batch_size=20", "--set", "checkpoint.every=0", "--set", "data.partitions=2",
      "--set", "data.toy.rows=200", "--set", "data.content_hash=false");

  private static Path cnf;
  private static Path classifier;
  private static Path goodCsv;
  private static Path labelsCsv;

  @BeforeAll
  static void start() throws Exception {
    spark = SparkTests.session("local[2]");
    goodCsv = csv("good.csv", "x,y", gaussianRows(40));
    List<String> labelled = new ArrayList<>();
    List<String> rows = gaussianRows(60);
    for (int i = 0; i < rows.size(); i++) {
      labelled.add(rows.get(i) + "," + (i % 3));
    }
    labelsCsv = csv("labels.csv", "x,y,label", labelled);
    cnf = root.resolve("cnf");
    ok("train", args(CNF, "output.dir=" + cnf));
    ok("sample", args(CNF, "output.dir=" + cnf, "sample.count=10"));
    ok("score", args(CNF, "output.dir=" + cnf, "data.format=csv", "data.path=" + goodCsv));
    classifier = root.resolve("classifier");
    ok("train", args(classifierArgs(labelsCsv), "output.dir=" + classifier));
  }

  /** Each case's name, exit code and line, written as a Markdown table when -Dodespark.badInputReport=FILE. */
  private static final List<String> REPORT = java.util.Collections.synchronizedList(new ArrayList<>());

  @AfterAll
  static void stop() throws IOException {
    spark.stop();
    String report = System.getProperty("odespark.badInputReport", "");
    if (!report.isEmpty()) {
      List<String> lines = new ArrayList<>(List.of("| bad input | exit | message |", "|---|---|---|"));
      lines.addAll(REPORT);
      Files.write(Path.of(report), lines);
    }
  }

  private static List<String> classifierArgs(Path data) {
    return args(CNF, "model.type=odenet-classifier", "model.classifier.hidden=4", "model.classifier.classes=3",
        "data.format=csv", "data.path=" + data, "data.label_column=label");
  }

  /** {@code base} followed by one {@code --set} per {@code key=value}. */
  private static List<String> args(List<String> base, String... sets) {
    List<String> all = new ArrayList<>(base);
    for (String s : sets) {
      all.add("--set");
      all.add(s);
    }
    return all;
  }

  private static List<String> gaussianRows(int n) {
    java.util.Random r = new java.util.Random(7);
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(String.format(java.util.Locale.ROOT, "%.4f,%.4f", r.nextGaussian(), r.nextGaussian()));
    }
    return rows;
  }

  private static Path csv(String name, String header, List<String> rows) throws IOException {
    Path p = root.resolve("data").resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, header + "\n" + String.join("\n", rows) + "\n");
    return p;
  }

  /** {@code rows} with {@code line} inserted after data row {@code after} (file line after + 2). */
  private static List<String> with(List<String> rows, int after, String line) {
    List<String> out = new ArrayList<>(rows);
    out.add(after, line);
    return out;
  }

  private static SparkTests.JobRun run(String job, List<String> args) throws Exception {
    return SparkTests.job(job, args);
  }

  private static void ok(String job, List<String> args) throws Exception {
    SparkTests.JobRun o = run(job, args);
    assertEquals(0, o.code(), () -> job + " " + args + " failed:\n" + o.err());
  }

  /**
   * Path → SHA-256 of every file under the test directory but the {@code resolved-<job>.conf} that every job
   * writes once its configuration is valid and the {@code model-summary.txt} that train writes once the data
   * are read (records of the latest attempt, see JobSession.logConfig and ModelSummary).
   */
  private static Map<String, String> hashes() throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.filter(f -> Files.isRegularFile(f)
          && !f.getFileName().toString().matches("resolved-[a-z]+\\.conf|model-summary\\.txt")).toList()) {
        try {
          out.put(root.relativize(p).toString(), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
              .digest(Files.readAllBytes(p))) + " " + Files.size(p));
        } catch (java.security.NoSuchAlgorithmException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return out;
  }

  /** A bad input: prepared by {@code setup} (before the hashes), then run; asserts code, message and files. */
  private static DynamicTest bad(String name, Setup setup, String job, Args args, String... fragments) {
    return DynamicTest.dynamicTest(name, () -> {
      Path dir = root.resolve("cases").resolve(name.replaceAll("[^A-Za-z0-9]+", "-"));
      Files.createDirectories(dir);
      setup.prepare(dir);
      Map<String, String> before = hashes();
      SparkTests.JobRun o = run(job, args.of(dir));
      REPORT.add("| " + name + " | " + o.code() + " | `" + o.err().strip().replace(root.toString(), "…")
          .replace("|", "\\|").replace("\n", "` `") + "` |");
      assertEquals(2, o.code(), () -> name + ": exit code; stderr:\n" + o.err());
      String[] lines = o.err().strip().split("\n");
      assertEquals(1, lines.length, () -> name + ": one line on stderr, got:\n" + o.err());
      String line = lines[0];
      assertTrue(line.startsWith("odespark " + job + ": error: "), () -> name + ": " + line);
      for (String f : fragments) {
        assertTrue(line.contains(f.replace("$DIR", dir.toString())), () -> name + ": expected '" + f + "' in\n" + line);
      }
      Map<String, String> after = hashes();
      for (Map.Entry<String, String> e : before.entrySet()) {
        assertEquals(e.getValue(), after.get(e.getKey()), () -> name + " changed or removed " + e.getKey());
      }
      for (Map.Entry<String, String> e : after.entrySet()) {
        assertTrue(before.containsKey(e.getKey()) || e.getValue().endsWith(" 0"),
            () -> name + " wrote " + e.getKey());
      }
    });
  }

  private interface Setup {
    void prepare(Path dir) throws Exception;
  }

  private interface Args {
    List<String> of(Path dir) throws Exception;
  }

  private static final Setup NONE = dir -> { };

  private static Args fixed(List<String> base, String... sets) {
    return dir -> args(base, sets);
  }

  /** CNF settings writing into the case's own directory. */
  private static Args cnfInto(String... sets) {
    return dir -> args(args(CNF, "output.dir=" + dir.resolve("out")), sets);
  }

  private static Args csvTrain(String file, String... sets) {
    return dir -> args(args(CNF, "output.dir=" + dir.resolve("out"), "data.format=csv",
        "data.path=" + dir.resolve(file)), sets);
  }

  private static Setup writeCsv(String file, String header, List<String> rows) {
    return dir -> Files.writeString(dir.resolve(file), header + "\n" + String.join("\n", rows) + "\n");
  }

  @TestFactory
  Stream<DynamicTest> configuration() {
    return Stream.of(
        bad("unknown --set key", NONE, "train", cnfInto("train.iteration=5"),
            "unknown configuration key 'train.iteration'", "did you mean 'train.iterations'?"),
        bad("value out of range", NONE, "train", cnfInto("train.batch_size=0"),
            "train.batch_size = \"0\"", "must be an integer in [1, 100000000]"),
        bad("value of the wrong type", NONE, "train", cnfInto("train.iterations=many"),
            "train.iterations = \"many\"", "must be a (long) integer"),
        bad("unknown choice", NONE, "train", cnfInto("solver.method=dopri6"),
            "solver.method", "must be one of", "did you mean 'dopri5'?"),
        bad("checkpointed gradients through an implicit method", NONE, "train",
            cnfInto("model.cnf.gradient=checkpoint", "solver.method=kvaerno5"),
            "model.cnf.gradient = checkpoint with solver.method = kvaerno5", "set model.cnf.gradient = adjoint"),
        bad("--conf that does not exist", NONE, "train", dir -> List.of("--conf", dir.resolve("nope.conf").toString()),
            "configuration file not found: $DIR/nope.conf"),
        bad("--conf that does not parse", dir -> Files.writeString(dir.resolve("broken.conf"), "data { format = "),
            "train", dir -> List.of("--conf", dir.resolve("broken.conf").toString()), "cannot parse $DIR/broken.conf"),
        bad("unknown key in a --conf file", dir -> Files.writeString(dir.resolve("typo.conf"), "trian.iterations = 3\n"),
            "train", dir -> List.of("--conf", dir.resolve("typo.conf").toString()),
            "unknown configuration key 'trian' ($DIR/typo.conf:1) (did you mean 'train'?)"),
        bad("a section given a value", dir -> Files.writeString(dir.resolve("section.conf"), "solver = 3\n"),
            "train", dir -> List.of("--conf", dir.resolve("section.conf").toString()),
            "'solver'", "is a section, not a value"),
        bad("--set without =", NONE, "train", fixed(CNF, "train.iterations"),
            "--set expects key=value, got 'train.iterations'"),
        bad("unknown option", NONE, "train", dir -> List.of("--frobnicate"),
            "Unknown option: '--frobnicate'", "see odespark train --help"),
        bad("unknown model.type", NONE, "train", cnfInto("model.type=cnff"),
            "unknown model.type 'cnff'", "did you mean 'cnf'?"),
        bad("fixed-step count above solver.max_steps", NONE, "train", dir -> args(classifierArgs(labelsCsv),
            "output.dir=" + dir.resolve("out"), "solver.method=euler", "solver.backward.method=euler",
            "solver.step_size=0.001", "solver.max_steps=10"),
            "solver.step_size = 0.001 gives 1000 steps", "above solver.max_steps = 10"),
        bad("warmup as long as the run", NONE, "train", cnfInto("optimizer.schedule.warmup_iterations=1"),
            "optimizer.schedule.warmup_iterations = 1 must be below train.iterations = 1"),
        bad("Nesterov without momentum", NONE, "train", cnfInto("optimizer.type=sgd", "optimizer.nesterov=true"),
            "optimizer.nesterov = true needs"),
        bad("a classifier on unlabelled toy data", NONE, "train", cnfInto("model.type=odenet-classifier"),
            "needs labelled data; data.format = toy has no labels"),
        bad("the master in the configuration", NONE, "train", cnfInto("spark.properties={\"spark.master\":\"local\"}"),
            "set the master with the launcher"),
        bad("--resume with --overwrite", NONE, "train", dir -> flags(cnfInto().of(dir), "--resume", "--overwrite"),
            "--resume continues the run in checkpoint.dir and --overwrite replaces it: pass one"));
  }

  /** {@code args} with command-line flags added. */
  private static List<String> flags(List<String> args, String... flags) {
    List<String> all = new ArrayList<>(args);
    all.addAll(List.of(flags));
    return all;
  }

  @TestFactory
  Stream<DynamicTest> paths() {
    return Stream.of(
        bad("data.path that does not exist", NONE, "train", csvTrain("none.csv"),
            "data.path = $DIR/none.csv does not exist (data.format = csv)"),
        bad("no data.path", NONE, "train", cnfInto("data.format=parquet"),
            "data.path must name the input for data.format = parquet"),
        bad("output.dir under a file", dir -> Files.writeString(dir.resolve("file"), "x"), "train",
            dir -> args(CNF, "output.dir=" + dir.resolve("file").resolve("out")),
            "output.dir = $DIR/file/out", "is a file, so the directory cannot be created"),
        bad("output.dir is a file", dir -> Files.writeString(dir.resolve("file"), "x"), "train",
            dir -> args(CNF, "output.dir=" + dir.resolve("file")), "output.dir = $DIR/file: is a file, not a directory"),
        bad("checkpoint.dir under a file", dir -> Files.writeString(dir.resolve("file"), "x"), "train",
            dir -> args(CNF, "output.dir=" + dir.resolve("out"), "checkpoint.dir=" + dir.resolve("file").resolve("c")),
            "checkpoint.dir = $DIR/file/c", "is a file, so the directory cannot be created"),
        bad("output.dir of an earlier run, checkpoints elsewhere", NONE, "train",
            dir -> args(CNF, "output.dir=" + cnf, "checkpoint.dir=" + dir.resolve("elsewhere")),
            "output.dir: file:" + cnf + "/model.odsm already exists", "pass --overwrite"),
        bad("checkpoints of an earlier run", NONE, "train", dir -> args(CNF, "output.dir=" + dir.resolve("new"),
            "checkpoint.dir=" + cnf.resolve("checkpoints")), "holds checkpoints of an earlier run", "--resume"),
        bad("--resume without a checkpoint", NONE, "train", dir -> flags(cnfInto().of(dir), "--resume"),
            "--resume: no checkpoint in"),
        bad("samples of an earlier run", NONE, "sample", fixed(CNF, "output.dir=" + cnf),
            "sample.output:", "samples.parquet already exists", "--overwrite"),
        bad("scores of an earlier run", NONE, "score", dir -> args(CNF, "output.dir=" + cnf, "data.format=csv",
            "data.path=" + goodCsv), "score.output:", "scores.parquet already exists"),
        bad("an unknown file system", NONE, "train", fixed(CNF, "output.dir=nosuchfs://host/out"),
            "output.dir = nosuchfs://host/out: not a usable path", "nosuchfs"),
        bad("no model to evaluate", NONE, "evaluate", cnfInto(), "no model at", "model.odsm"));
  }

  @TestFactory
  Stream<DynamicTest> data() throws IOException {
    List<String> rows = gaussianRows(30);
    List<String> huge = new ArrayList<>();
    for (String r : rows) {
      huge.add(r.replace(",", "e300,") + "e300");
    }
    return Stream.of(
        bad("CSV row with an extra field", writeCsv("d.csv", "x,y", with(rows, 12, "1.0,2.0,3.0")), "train",
            csvTrain("d.csv"), "$DIR/d.csv line 14: the row has 3 fields where the header has 2: '1.0,2.0,3.0'"),
        bad("CSV row with a missing field", writeCsv("d.csv", "x,y", with(rows, 5, "1.0")), "train", csvTrain("d.csv"),
            "d.csv line 7: the row has 1 field where the header has 2: '1.0'"),
        bad("CSV row with an extra field, subset of columns", writeCsv("d.csv", "x,y,z", with(threeColumns(rows), 3,
            "1,2,3,4")), "train", csvTrain("d.csv", "data.features=[x,y]"),
            "d.csv line 5: the row has 4 fields where the header has 3"),
        bad("non-numeric CSV cell", writeCsv("d.csv", "x,y", with(rows, 20, "1.0,abc")), "train", csvTrain("d.csv"),
            "d.csv line 22: column 'y' has the non-numeric value 'abc'; row: x=1.0, y=abc"),
        bad("NaN in CSV", writeCsv("d.csv", "x,y", with(rows, 2, "NaN,1.0")), "train", csvTrain("d.csv"),
            "d.csv line 4: column 'x' has the non-finite value NaN"),
        bad("Infinity in CSV", writeCsv("d.csv", "x,y", with(rows, 9, "1.0,-Infinity")), "train", csvTrain("d.csv"),
            "d.csv line 11: column 'y' has the non-finite value -Infinity"),
        bad("empty CSV cell", writeCsv("d.csv", "x,y", with(rows, 0, ",1.0")), "train", csvTrain("d.csv"),
            "d.csv line 2: column 'x' has no value"),
        bad("CSV with a header only", writeCsv("d.csv", "x,y", List.of()), "train", csvTrain("d.csv"),
            "holds no rows"),
        bad("wrong column name", writeCsv("d.csv", "x,y", rows), "train", csvTrain("d.csv", "data.features=[x,yy]"),
            "data.features names column 'yy'", "did you mean 'y'?", "columns: x:string, y:string"),
        bad("column named twice", writeCsv("d.csv", "x,y", rows), "train", csvTrain("d.csv", "data.features=[x,x]"),
            "names column 'x' twice"),
        bad("label not below model.classifier.classes", writeCsv("l.csv", "x,y,label", labelled(rows, 3, "5")),
            "train", dir -> args(classifierArgs(dir.resolve("l.csv")), "output.dir=" + dir.resolve("out")),
            "l.csv line 5: column 'label' is 5, not a class of model.classifier.classes = 3 (labels are 0..2)"),
        bad("label that is no integer", writeCsv("l.csv", "x,y,label", labelled(rows, 7, "1.5")), "train",
            dir -> args(classifierArgs(dir.resolve("l.csv")), "output.dir=" + dir.resolve("out")),
            "l.csv line 9: column 'label' is 1.5, not a class label"),
        bad("negative weight", writeCsv("w.csv", "x,y,w", weighted(rows, 4, "-1")), "train",
            csvTrain("w.csv", "data.weight_column=w"), "w.csv line 6: column 'w' is -1, a negative weight"),
        bad("all weights zero", writeCsv("w.csv", "x,y,w", weighted(rows, -1, "0")), "train",
            csvTrain("w.csv", "data.weight_column=w"), "data.weight_column = 'w': every weight in", "is 0"),
        bad("string column in Parquet", dir -> parquetWithStrings(dir.resolve("s.parquet")), "train",
            dir -> args(CNF, "output.dir=" + dir.resolve("out"), "data.format=parquet",
                "data.path=" + dir.resolve("s.parquet"), "data.features=[x,y]"),
            "data.features: column 'y' of", "has type string; expected a number"),
        bad("string vector column in Parquet", dir -> parquetWithStrings(dir.resolve("s.parquet")), "train",
            dir -> args(CNF, "output.dir=" + dir.resolve("out"), "data.format=parquet",
                "data.path=" + dir.resolve("s.parquet"), "data.vector_column=y"),
            "data.vector_column = 'y'", "has type string; expected an ML vector or an array of numbers"),
        bad("huge values", writeCsv("h.csv", "x,y", huge), "train", csvTrain("h.csv"),
            "train stopped: iteration 1, partition", "the ODE solve failed: STEP_SIZE_UNDERFLOW",
            "solver.method = dopri5", "the data hold values up to |x| =", "set data.standardize = true"),
        bad("too few solver steps", NONE, "train", cnfInto("solver.max_steps=1"),
            "train stopped: iteration 1, partition 0: the ODE solve failed: MAX_STEPS_EXCEEDED",
            "solver.max_steps = 1", "raise solver.max_steps"),
        bad("batch far above the rows", NONE, "train", cnfInto("train.batch_size=100000"),
            "train.batch_size = 100000 exceeds the 200 rows of toy:8gaussians", "each row about 500 times",
            "set train.batch_size <= 200"),
        bad("score data with a bad row", writeCsv("d.csv", "x,y", with(rows, 1, "1.0,oops")), "score",
            dir -> args(CNF, "output.dir=" + cnf, "data.format=csv", "data.path=" + dir.resolve("d.csv"),
                "score.output=" + dir.resolve("scores")), "d.csv line 3: column 'y' has the non-numeric value 'oops'"),
        bad("score data with other columns", writeCsv("d.csv", "x,y,z", threeColumns(rows)), "score",
            dir -> args(CNF, "output.dir=" + cnf, "data.format=csv", "data.path=" + dir.resolve("d.csv"),
                "score.output=" + dir.resolve("scores")), "the model was trained on 2 features", "has 3"),
        bad("evaluate on data of another width", writeCsv("d.csv", "x,y,z", threeColumns(rows)), "evaluate",
            dir -> args(CNF, "output.dir=" + cnf, "data.format=csv", "data.path=" + dir.resolve("d.csv")),
            "was trained on 2 features", "has 3"),
        bad("malformed libsvm line", dir -> Files.writeString(dir.resolve("p.libsvm"), "1 1:0.5 2:1\nx 1:0.5\n"),
            "train", dir -> args(classifierArgs(labelsCsv), "output.dir=" + dir.resolve("out"), "data.format=libsvm",
                "data.path=" + dir.resolve("p.libsvm"), "data.label_column="), "p.libsvm"));
  }

  private static List<String> threeColumns(List<String> rows) {
    List<String> out = new ArrayList<>();
    for (String r : rows) {
      out.add(r + ",0.5");
    }
    return out;
  }

  /** Labels 0, 1, 2 in turn, {@code value} in data row {@code at}. */
  private static List<String> labelled(List<String> rows, int at, String value) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      out.add(rows.get(i) + "," + (i == at ? value : String.valueOf(i % 3)));
    }
    return out;
  }

  /** Weight 1, {@code value} in data row {@code at} (every row when at < 0). */
  private static List<String> weighted(List<String> rows, int at, String value) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      out.add(rows.get(i) + "," + (at < 0 || i == at ? value : "1"));
    }
    return out;
  }

  private static void parquetWithStrings(Path path) {
    StructType schema = new StructType().add("x", DataTypes.DoubleType).add("y", DataTypes.StringType);
    spark.createDataFrame(List.of(RowFactory.create(1.0, "2.0"), RowFactory.create(3.0, "4.5")), schema)
        .write().parquet(path.toString());
  }

  @TestFactory
  Stream<DynamicTest> idxFiles() {
    return Stream.of(
        bad("IDX labels claiming 2^30 labels in 24 bytes", dir -> {
          idx(dir.resolve("train-images-idx3-ubyte"), 0x08, new int[] {2, 28, 28}, new byte[2 * 784]);
          idx(dir.resolve("train-labels-idx1-ubyte"), 0x08, new int[] {1 << 30}, new byte[16]);
        }, "train", idxArgs(), "train-labels-idx1-ubyte: truncated data", "expected 1073741824 data bytes, file ends"
            + " after 16"),
        bad("IDX images claiming more than they hold", dir -> {
          idx(dir.resolve("train-images-idx3-ubyte"), 0x08, new int[] {1 << 20, 28, 28}, new byte[100]);
          idx(dir.resolve("train-labels-idx1-ubyte"), 0x08, new int[] {2}, new byte[2]);
        }, "train", idxArgs(), "train-images-idx3-ubyte: truncated data", "file ends after 100"),
        bad("IDX bad magic number", dir -> {
          idx(dir.resolve("train-images-idx3-ubyte"), 0x08, new int[] {2, 28, 28}, new byte[2 * 784]);
          byte[] b = idxBytes(0x08, new int[] {2}, new byte[2]);
          b[0] = 1;
          Files.write(dir.resolve("train-labels-idx1-ubyte"), b);
        }, "train", idxArgs(), "train-labels-idx1-ubyte: bad magic number 0x01000801"),
        bad("IDX labels for other images", dir -> {
          idx(dir.resolve("train-images-idx3-ubyte"), 0x08, new int[] {2, 28, 28}, new byte[2 * 784]);
          idx(dir.resolve("train-labels-idx1-ubyte"), 0x08, new int[] {3}, new byte[3]);
        }, "train", idxArgs(), "train-labels-idx1-ubyte holds", "for 2 images"),
        bad("IDX label outside 0..9", dir -> {
          idx(dir.resolve("train-images-idx3-ubyte"), 0x08, new int[] {2, 28, 28}, new byte[2 * 784]);
          idx(dir.resolve("train-labels-idx1-ubyte"), 0x08, new int[] {2}, new byte[] {3, 12});
        }, "train", idxArgs(), "label 1 is 12, outside 0..9"),
        bad("IDX files missing", NONE, "train", idxArgs(), "holds neither train-images-idx3-ubyte.gz nor"
            + " train-images-idx3-ubyte"));
  }

  private static Args idxArgs() {
    return dir -> args(CNF, "model.type=odenet-classifier", "model.classifier.hidden=4", "data.format=fashion-mnist",
        "data.path=" + dir, "output.dir=" + dir.resolve("out"));
  }

  private static byte[] idxBytes(int type, int[] dims, byte[] data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(type << 8 | dims.length);
    for (int d : dims) {
      out.writeInt(d);
    }
    out.write(data);
    return bytes.toByteArray();
  }

  private static void idx(Path file, int type, int[] dims, byte[] data) throws IOException {
    Files.write(file, idxBytes(type, dims, data));
  }

  @TestFactory
  Stream<DynamicTest> modelFiles() throws IOException {
    return Stream.of(
        bad("truncated model", dir -> copyModel(dir, b -> Arrays.copyOf(b, b.length / 3)), "evaluate", modelIn(),
            "model.odsm: truncated or corrupt"),
        bad("corrupted model", dir -> copyModel(dir, b -> {
          b[b.length / 2] ^= 0x10;
          return b;
        }), "evaluate", modelIn(), "model.odsm", "corrupt"),
        bad("not a model file", dir -> Files.write(dir.resolve("model.odsm"), "hello, world".getBytes(
            StandardCharsets.UTF_8)), "evaluate", modelIn(), "model.odsm"),
        bad("a checkpoint as the model", dir -> {
          try (Stream<Path> s = Files.list(cnf.resolve("checkpoints"))) {
            Files.copy(s.filter(p -> p.toString().endsWith(".odsk")).findFirst().orElseThrow(), dir.resolve("model.odsm"));
          }
        }, "evaluate", modelIn(), "model.odsm is a checkpoint, not a model file"),
        bad("stored configuration with a substitution", dir -> craftModel(dir, "", "model.cnf.time = ${?HOME}\n"),
            "evaluate", modelIn(), "holds a substitution"),
        bad("stored configuration with an unknown key", dir -> craftModel(dir, "model.cnf.tim = 1\n", ""), "evaluate",
            modelIn(), "unknown configuration key 'model.cnf.tim'", "did you mean 'model.cnf.time'?"),
        bad("model with fewer parameters than its configuration", dir -> {
          Snapshot s = SnapshotFormat.read(Files.readAllBytes(cnf.resolve("model.odsm")), "model");
          Files.write(dir.resolve("model.odsm"), SnapshotFormat.toBytes(new Snapshot(s.kind(), s.modelType(),
              s.iteration(), Arrays.copyOf(s.theta(), s.theta().length - 1), null, s.spec(), s.config(), s.configHash(), s.data(),
              s.standardization())));
        }, "evaluate", modelIn(), "model.odsm holds", "parameters, but the model its configuration describes"),
        bad("a classifier for sample", NONE, "sample", dir -> args(CNF, "output.dir=" + classifier,
            "sample.output=" + dir.resolve("s")), "sample needs a density model", "odenet-classifier"),
        bad("a classifier for score", NONE, "score", dir -> args(CNF, "output.dir=" + classifier, "data.format=csv",
            "data.path=" + goodCsv, "score.output=" + dir.resolve("s")), "score needs a density model"),
        bad("resume with changed settings", NONE, "train", dir -> flags(args(CNF, "output.dir=" + cnf,
            "train.iterations=2", "model.cnf.hidden=[5]"), "--resume"),
            "--resume: the configuration differs from the checkpoint's", "model.cnf.hidden: [4] in the checkpoint"));
  }

  private static Args modelIn() {
    return dir -> args(CNF, "output.dir=" + dir);
  }

  private interface Bytes {
    byte[] apply(byte[] b);
  }

  private static void copyModel(Path dir, Bytes change) throws IOException {
    Files.write(dir.resolve("model.odsm"), change.apply(Files.readAllBytes(cnf.resolve("model.odsm"))));
  }

  /** The good model with {@code before} and {@code after} around its stored configuration. */
  private static void craftModel(Path dir, String before, String after) throws IOException {
    Snapshot s = SnapshotFormat.read(Files.readAllBytes(cnf.resolve("model.odsm")), "model");
    Snapshot crafted = new Snapshot(s.kind(), s.modelType(), s.iteration(), s.theta(), null, s.spec(),
        before + s.config() + after,
        s.configHash(), s.data(), s.standardization());
    Files.write(dir.resolve("model.odsm"), SnapshotFormat.toBytes(crafted));
  }

  /** A model whose stored configuration includes a URL: refused, and the URL is never fetched. */
  @Test
  void storedConfigurationIncludingAUrlIsRefusedWithoutFetching() throws Throwable {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    AtomicInteger requests = new AtomicInteger();
    server.createContext("/", exchange -> {
      requests.incrementAndGet();
      byte[] body = "model.cnf.time = 9\n".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/x.conf";
      for (String include : List.of("include url(\"" + url + "\")\n", "include \"" + url + "\"\n",
          "include file(\"" + goodCsv + "\")\n", "include required(classpath(\"odespark/reference.conf\"))\n")) {
        bad("include " + include.strip(), dir -> craftModel(dir, include, ""), "evaluate", modelIn(),
            "model.odsm includes", "a stored configuration is plain data, so nothing was read").getExecutable()
            .execute();
      }
    } finally {
      server.stop(0);
    }
    assertEquals(0, requests.get(), "the included URL must never be fetched");
  }

  /**
   * {@code --overwrite} is how a new run replaces an earlier one: the model and metrics are rewritten and the
   * earlier run's checkpoints (iteration 2 here, above the new run's 1) deleted, so that a later --resume
   * cannot pick them up.
   */
  @Test
  void overwriteStartsAgain() throws Exception {
    Path out = root.resolve("overwrite");
    ok("train", args(CNF, "output.dir=" + out, "train.iterations=2"));
    Snapshot first = SnapshotFormat.read(Files.readAllBytes(out.resolve("model.odsm")), "first");
    List<String> again = args(CNF, "output.dir=" + out, "train.seed=5");
    assertEquals(2, run("train", again).code());
    again.add("--overwrite");
    ok("train", again);
    Snapshot second = SnapshotFormat.read(Files.readAllBytes(out.resolve("model.odsm")), "second");
    assertEquals(1, second.iteration());
    assertFalse(Arrays.equals(first.theta(), second.theta()), "a new model");
    assertEquals(1, Files.readAllLines(out.resolve("metrics.jsonl")).size());
    try (Stream<Path> files = Files.list(out.resolve("checkpoints"))) {
      assertEquals(List.of("checkpoint-000000000001.odsk"), files.map(p -> p.getFileName().toString()).sorted()
          .toList());
    }
    ok("sample", args(CNF, "output.dir=" + out, "sample.count=5"));
    ok("sample", flags(args(CNF, "output.dir=" + out, "sample.count=7"), "--overwrite"));
    assertEquals(7, spark.read().parquet(out.resolve("samples.parquet").toString()).count());
  }

  /** {@code --verbose} adds the stack trace; without it there is none. */
  @Test
  void verboseAddsTheStackTrace() throws Exception {
    List<String> a = args(CNF, "output.dir=" + root.resolve("verbose"), "data.format=csv",
        "data.path=" + root.resolve("nowhere.csv"));
    SparkTests.JobRun quiet = run("train", a);
    assertEquals(2, quiet.code());
    assertFalse(quiet.err().contains("\tat "), quiet.err());
    List<String> loud = new ArrayList<>(a);
    loud.add("--verbose");
    SparkTests.JobRun verbose = run("train", loud);
    assertEquals(2, verbose.code());
    assertTrue(verbose.err().startsWith(quiet.err().strip()) && verbose.err().contains("\tat org.odespark."), verbose.err());
  }
}
