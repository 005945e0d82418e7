package org.odespark.spark.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigIncludeContext;
import com.typesafe.config.ConfigIncluder;
import com.typesafe.config.ConfigIncluderClasspath;
import com.typesafe.config.ConfigIncluderFile;
import com.typesafe.config.ConfigIncluderURL;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.odespark.optim.OptimizerSpec;
import org.odespark.train.TrainerOptions;

/**
 * The only place that maps configuration keys to records. Layers, later over earlier: reference.conf, the
 * given HOCON files in order, then {@code --set key=value} overrides. Strict: every key set in a file or
 * override must be declared in reference.conf (otherwise the error names it and the closest declared key),
 * and every value must have its key's type and lie in its range (otherwise the error names key, value,
 * origin and what is valid). All problems are reported together, in one {@link ConfigException}, before
 * anything else happens. Stateless; thread-safe.
 */
public final class ConfigLoader {

  private final ConfigSchema schema;

  public ConfigLoader(ConfigSchema schema) {
    this.schema = schema;
  }

  /** A loader over the reference.conf in the application jar. */
  public static ConfigLoader standard() {
    return new ConfigLoader(ConfigSchema.load());
  }

  public ConfigSchema schema() {
    return schema;
  }

  /**
   * Loads and validates a configuration.
   *
   * @param files HOCON files, later ones overriding earlier ones
   * @param overrides {@code key=value} strings, applied last, in order
   * @throws ConfigException listing every problem
   */
  public JobConfig load(List<Path> files, List<String> overrides) {
    List<String> problems = new ArrayList<>();
    Config merged = ConfigFactory.empty();
    for (Path file : files) {
      if (!Files.isRegularFile(file)) {
        problems.add("configuration file not found: " + file);
        continue;
      }
      try {
        Config c = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
        checkKeys(c.root(), "", file.toString(), problems);
        merged = c.withFallback(merged);
      } catch (com.typesafe.config.ConfigException e) {
        problems.add("cannot parse " + file + ": " + e.getMessage());
      }
    }
    Config set = ConfigFactory.empty();
    for (String o : overrides) {
      int eq = o.indexOf('=');
      if (eq < 1) {
        problems.add("--set expects key=value, got '" + o + "'");
        continue;
      }
      String key = o.substring(0, eq).trim();
      String raw = o.substring(eq + 1).trim();
      ConfigSchema.Key k = schema.key(key);
      if (k == null) {
        problems.add("unknown configuration key '" + key + "' (--set " + o + ")" + schema.suggestion(key));
        continue;
      }
      try {
        set = set.withValue(key, overrideValue(k, raw, "--set " + o));
      } catch (com.typesafe.config.ConfigException | IllegalArgumentException e) {
        problems.add(key + " = " + raw + " (--set) " + "must be " + k.spec().describe());
      }
    }
    // Unknown keys never reach the merged values, so the values can still be checked and every problem
    // reported at once; a section given a value or an unparsable file would break the merge.
    boolean mergeable = problems.stream().noneMatch(p -> p.contains("is a section") || p.startsWith("cannot parse"));
    if (!mergeable) {
      throw new ConfigException(problems);
    }
    Config resolved;
    try {
      resolved = set.withFallback(merged).withFallback(schema.reference()).resolve();
    } catch (com.typesafe.config.ConfigException e) {
      problems.add("cannot resolve the configuration: " + e.getMessage());
      throw new ConfigException(problems);
    }
    JobConfig job = null;
    try {
      job = fromResolved(resolved);
    } catch (ConfigException e) {
      problems.addAll(e.problems());
    }
    throwIfAny(problems);
    return job;
  }

  /**
   * Validates a configuration already merged over the reference (for example the text stored in a model
   * file) and maps it to records.
   *
   * @throws ConfigException listing every problem
   */
  public JobConfig fromText(String text, String origin) {
    Config c = parseStored(text, origin);
    List<String> problems = new ArrayList<>();
    checkKeys(c.root(), "", origin, problems);
    throwIfAny(problems);
    return fromResolved(c.withFallback(schema.reference()).resolve());
  }

  /**
   * Parses a configuration stored in a model or checkpoint file as plain data: an {@code include} (of a file,
   * a class-path resource or a URL) is refused without being opened, and so is a substitution
   * ({@code ${...}}), which would otherwise read other keys or environment variables. Such a file was not
   * written by odespark, which stores one literal {@code key = value} line per key.
   *
   * @throws ConfigException naming the file and what it tried
   */
  static Config parseStored(String text, String origin) {
    ConfigParseOptions plain = ConfigParseOptions.defaults().setOriginDescription(origin)
        .setSyntax(ConfigSyntax.CONF).setAllowMissing(false).setIncluder(new RefusingIncluder(origin));
    Config c;
    try {
      c = ConfigFactory.parseString(text, plain);
    } catch (ConfigException e) {
      throw e;
    } catch (com.typesafe.config.ConfigException e) {
      throw new ConfigException(List.of("cannot parse the configuration stored in " + origin + ": "
          + e.getMessage().replace('\n', ' ')));
    }
    if (!c.isResolved()) {
      throw new ConfigException(List.of("the configuration stored in " + origin + " holds a substitution (${...}):"
          + " a stored configuration is plain data, and odespark never writes one; the file is not odespark's"
          + " or was altered"));
    }
    return c;
  }

  /** Refuses every kind of include in stored configuration, before anything is opened or fetched. */
  private static final class RefusingIncluder implements ConfigIncluder, ConfigIncluderFile, ConfigIncluderURL,
      ConfigIncluderClasspath {
    private final String origin;

    RefusingIncluder(String origin) {
      this.origin = origin;
    }

    private ConfigObject refuse(String what) {
      throw new ConfigException(List.of("the configuration stored in " + origin + " includes " + what
          + ": a stored configuration is plain data, so nothing was read; the file is not odespark's or was"
          + " altered"));
    }

    @Override
    public ConfigIncluder withFallback(ConfigIncluder fallback) {
      return this;
    }

    @Override
    public ConfigObject include(ConfigIncludeContext context, String what) {
      return refuse("'" + what + "'");
    }

    @Override
    public ConfigObject includeFile(ConfigIncludeContext context, java.io.File what) {
      return refuse("file(" + what + ")");
    }

    @Override
    public ConfigObject includeURL(ConfigIncludeContext context, java.net.URL what) {
      return refuse("url(" + what + ")");
    }

    @Override
    public ConfigObject includeResources(ConfigIncludeContext context, String what) {
      return refuse("classpath(" + what + ")");
    }
  }

  /**
   * The configuration of {@code values} (declared key → value, as the ML estimators' parameters give them)
   * over reference.conf, validated and mapped as a job's configuration is: the one definition of the keys'
   * defaults, ranges, cross-checks and meaning for both the jobs and the ML API.
   *
   * @throws ConfigException listing every problem (naming the keys)
   */
  public JobConfig fromValues(Map<String, ?> values) {
    List<String> problems = new ArrayList<>();
    for (String key : values.keySet()) {
      if (schema.key(key) == null) {
        problems.add("unknown configuration key '" + key + "'" + schema.suggestion(key));
      }
    }
    throwIfAny(problems);
    Config set = ConfigFactory.empty();
    for (Map.Entry<String, ?> e : values.entrySet()) {
      set = set.withValue(e.getKey(), ConfigValueFactory.fromAnyRef(e.getValue(), "parameter"));
    }
    return fromResolved(set.withFallback(schema.reference()).resolve());
  }

  private JobConfig fromResolved(Config c) {
    List<String> problems = new ArrayList<>();
    for (ConfigSchema.Key k : schema.keys().values()) {
      ConfigValue v = c.getValue(k.path());
      String problem = k.spec().check(v);
      if (problem != null) {
        problems.add(k.path() + " = " + v.render(ConfigRenderOptions.concise()) + " (" + where(v) + ") " + problem);
      }
    }
    throwIfAny(problems);
    JobConfig job = map(c, problems);
    throwIfAny(problems);
    return job;
  }

  private static void throwIfAny(List<String> problems) {
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
  }

  private static String where(ConfigValue v) {
    String d = v.origin().description();
    return d.startsWith("merge of ") ? d.substring("merge of ".length()) : d;
  }

  /** Unknown keys and sections given values: each named, with the closest declared key. */
  private void checkKeys(ConfigObject object, String prefix, String origin, List<String> problems) {
    for (Map.Entry<String, ConfigValue> e : object.entrySet()) {
      String path = prefix.isEmpty() ? ConfigUtil.joinPath(e.getKey()) : prefix + "." + ConfigUtil.joinPath(e.getKey());
      ConfigValue v = e.getValue();
      String at = origin + (v.origin().lineNumber() > 0 ? ":" + v.origin().lineNumber() : "");
      if (schema.key(path) != null) {
        continue;
      }
      if (schema.isSection(path)) {
        if (v.valueType() == ConfigValueType.OBJECT) {
          checkKeys((ConfigObject) v, path, origin, problems);
        } else {
          problems.add("'" + path + "' (" + at + ") is a section, not a value: set its keys, such as '"
              + firstKeyOf(path) + "'");
        }
        continue;
      }
      if (schema.mapKeyAbove(path) != null) {
        continue;
      }
      problems.add("unknown configuration key '" + path + "' (" + at + ")" + schema.suggestion(path));
    }
  }

  private String firstKeyOf(String section) {
    for (String k : schema.keys().keySet()) {
      if (k.startsWith(section + ".")) {
        return k;
      }
    }
    return section + ".?";
  }

  /** The value of a --set override, typed by its key (so that paths and URIs need no HOCON quoting). */
  private static ConfigValue overrideValue(ConfigSchema.Key k, String raw, String origin) {
    return switch (k.spec().type()) {
      case INT_LIST, STRING_LIST -> raw.startsWith("[") ? hocon(raw, origin) : ConfigValueFactory.fromIterable(
          raw.isEmpty() ? List.of() : Arrays.stream(raw.split(",")).map(String::trim).toList(), origin);
      case STRING_MAP -> hocon(raw, origin);
      default -> ConfigValueFactory.fromAnyRef(raw, origin);
    };
  }

  /** {@code raw} parsed as a HOCON value. */
  private static ConfigValue hocon(String raw, String origin) {
    return ConfigFactory.parseString("v = " + raw, ConfigParseOptions.defaults().setOriginDescription(origin))
        .getValue("v");
  }

  private JobConfig map(Config c, List<String> problems) {
    DataConfig.Format format = DataConfig.Format.named(c.getString("data.format"));
    List<String> features = strings(c.getList("data.features"));
    String vectorColumn = c.getString("data.vector_column");
    String path = c.getString("data.path");
    if (!features.isEmpty() && !vectorColumn.isEmpty()) {
      problems.add("data.features = " + features + " and data.vector_column = '" + vectorColumn
          + "' are exclusive: name the feature columns or the one vector column");
    }
    if (format != DataConfig.Format.TOY && !format.seriesGenerator() && path.isEmpty()) {
      problems.add("data.path must name the input for data.format = " + format.label());
    }
    String delimiter = unescape(c.getString("data.csv.delimiter"));
    if (delimiter.length() != 1) {
      problems.add("data.csv.delimiter = '" + c.getString("data.csv.delimiter") + "' must be one character (or an"
          + " escape such as \\t)");
    }
    DataConfig data = new DataConfig(format, path, c.getInt("data.partitions"), features, vectorColumn,
        c.getString("data.label_column"), c.getString("data.weight_column"), c.getBoolean("data.standardize"),
        c.getBoolean("data.content_hash"), c.getBoolean("data.csv.header"), delimiter,
        c.getInt("data.libsvm.num_features"), c.getString("data.fashion_mnist.split"), c.getString("data.toy.name"),
        c.getLong("data.toy.rows"), c.getLong("data.toy.seed"), series(c, format, problems));

    String modelType = c.getString("model.type").trim();
    if (modelType.isEmpty()) {
      problems.add("model.type must name a model kind, such as cnf");
    }
    CnfConfig cnf = new CnfConfig(c.getInt("model.cnf.blocks"), c.getString("model.cnf.layer_type"),
        intList(c.getList("model.cnf.hidden")), c.getString("model.cnf.activation"), c.getString("model.cnf.trace"),
        c.getString("model.cnf.noise"), c.getDouble("model.cnf.time"), c.getBoolean("model.cnf.train_time"),
        c.getDouble("model.cnf.kinetic_weight"), c.getDouble("model.cnf.jacobian_weight"),
        c.getString("model.cnf.gradient"), c.getBoolean("model.cnf.images"), c.getDouble("model.cnf.logit_alpha"));
    ClassifierConfig classifier = new ClassifierConfig(c.getInt("model.classifier.hidden"),
        c.getInt("model.classifier.augment"), c.getInt("model.classifier.classes"),
        c.getString("model.classifier.activation"), c.getDouble("model.classifier.time"),
        c.getString("model.classifier.gradient"));
    SolverConfig solver = new SolverConfig(c.getString("solver.method"), c.getDouble("solver.rtol"),
        c.getDouble("solver.atol"), c.getDouble("solver.step_size"), c.getLong("solver.max_steps"),
        c.getString("solver.backward.method"), c.getDouble("solver.backward.rtol"),
        c.getDouble("solver.backward.atol"), c.getBoolean("solver.backward.seminorm"));
    LatentConfig latent = new LatentConfig(c.getString("model.latent.kind"), c.getString("model.latent.encoder"),
        c.getInt("model.latent.latent_dim"), c.getInt("model.latent.hidden"),
        intList(c.getList("model.latent.field_hidden")), intList(c.getList("model.latent.decoder_hidden")),
        c.getString("model.latent.activation"), c.getDouble("model.latent.noise_std"),
        c.getBoolean("model.latent.learn_noise"), c.getDouble("model.latent.kl_weight"),
        c.getString("model.latent.gradient"));
    ModelConfig model = new ModelConfig(modelType, cnf, classifier, latent, solver);
    if (data.isSeries() != modelType.equals("latent-ode")) {
      problems.add(data.isSeries() ? "model.type = " + modelType + " cannot learn from time series ("
          + (format.seriesGenerator() ? "data.format = " + format.label() : "data.series.id_column = '"
          + data.series().idColumn() + "'") + "): set model.type = latent-ode"
          : "model.type = latent-ode needs time series: data.format = spirals or periodic, or parquet or csv with"
          + " data.series.id_column set");
    }

    String outputDir = c.getString("output.dir");
    if (outputDir.isEmpty()) {
      problems.add("output.dir must not be empty");
    }
    TrainConfig train = train(c, outputDir, problems);

    String column = c.getString("score.column");
    if (column.isEmpty()) {
      problems.add("score.column must not be empty");
    }
    JobConfig.OutputConfig output = new JobConfig.OutputConfig(outputDir, c.getInt("evaluate.batch_size"),
        c.getLong("evaluate.seed"), c.getString("evaluate.trace"), c.getLong("sample.count"), c.getLong("sample.seed"),
        c.getInt("sample.partitions"), c.getString("sample.output"), column, c.getInt("score.batch_size"),
        c.getLong("score.seed"), c.getString("score.trace"), c.getString("score.output"), c.getInt("predict.points"),
        c.getDouble("predict.horizon"), c.getInt("predict.samples"), c.getLong("predict.seed"),
        c.getString("predict.output"));

    Map<String, String> properties = new TreeMap<>();
    for (Map.Entry<String, ConfigValue> e : c.getObject("spark.properties").entrySet()) {
      if (!e.getKey().startsWith("spark.")) {
        problems.add("spark.properties: '" + e.getKey() + "' is not a Spark property (they start with 'spark.')");
      }
      if (e.getKey().equals("spark.master")) {
        problems.add("spark.properties: set the master with the launcher (submit/*), not in the configuration");
      }
      properties.put(e.getKey(), String.valueOf(e.getValue().unwrapped()));
    }
    JobConfig.SparkConfig spark = new JobConfig.SparkConfig(c.getString("spark.app_name"),
        c.getString("spark.storage_level"), properties);

    String text = canonicalText(c);
    return new JobConfig(data, model, train, output, spark, text, "sha256:" + sha256(text));
  }

  /** {@code data.series.*} and {@code data.generator.*}, with the combinations they allow. */
  private static SeriesConfig series(Config c, DataConfig.Format format, List<String> problems) {
    SeriesConfig.Generator g = new SeriesConfig.Generator(c.getLong("data.generator.count"),
        c.getLong("data.generator.seed"), c.getLong("data.generator.first"), c.getInt("data.generator.observed"),
        c.getInt("data.generator.points"), c.getInt("data.generator.held_out"),
        c.getInt("data.generator.extrapolate"), c.getDouble("data.generator.noise"),
        c.getBoolean("data.generator.targets"));
    SeriesConfig s = new SeriesConfig(c.getString("data.series.id_column"), c.getString("data.series.time_column"),
        strings(c.getList("data.series.value_columns")), strings(c.getList("data.series.mask_columns")),
        c.getInt("data.series.max_length"), c.getString("data.series.time_origin").equals("series"),
        c.getDouble("data.series.time_scale"), c.getDouble("data.series.held_out"),
        c.getDouble("data.series.forecast"), c.getLong("data.series.split_seed"), g);
    if (format == DataConfig.Format.SPIRALS && g.observed() > g.points()) {
      problems.add("data.generator.observed = " + g.observed() + " must be at most data.generator.points = "
          + g.points() + " (spirals observe some of the window times)");
    }
    if (s.longFormat()) {
      if (format != DataConfig.Format.PARQUET && format != DataConfig.Format.CSV) {
        problems.add("data.series.id_column = '" + s.idColumn() + "' needs data.format = parquet or csv, got "
            + format.label());
      }
      if (s.timeColumn().isEmpty()) {
        problems.add("data.series.time_column must name the time column (data.series.id_column is set)");
      }
      if (!s.maskColumns().isEmpty() && s.maskColumns().size() != s.valueColumns().size()) {
        problems.add("data.series.mask_columns names " + s.maskColumns().size() + " columns but"
            + " data.series.value_columns names " + s.valueColumns().size() + ": give one mask per value column");
      }
    }
    boolean series = format.seriesGenerator() || (s.longFormat() && format.tabular());
    if (series && (c.getBoolean("data.standardize") || !c.getString("data.label_column").isEmpty()
        || !c.getString("data.weight_column").isEmpty() || !c.getString("data.vector_column").isEmpty()
        || !c.getList("data.features").isEmpty())) {
      problems.add("time series use data.series.* (value_columns, mask_columns), not data.standardize,"
          + " label_column, weight_column, vector_column or features");
    }
    return s;
  }

  /**
   * {@code train.*}, {@code optimizer.*}, {@code validation.*} and {@code checkpoint.*} as the training options
   * (the train job's and, through {@link #fromValues}, the ML estimators'); null with the problems added.
   */
  private static TrainConfig train(Config c, String outputDir, List<String> problems) {
    String checkpointDir = c.getString("checkpoint.dir");
    int optimizerProblems = problems.size();
    boolean nesterov = c.getBoolean("optimizer.nesterov");
    double momentum = c.getDouble("optimizer.momentum");
    String optimizerType = c.getString("optimizer.type");
    if (nesterov && (momentum == 0 || !optimizerType.equals("sgd"))) {
      problems.add("optimizer.nesterov = true needs optimizer.type = sgd and optimizer.momentum > 0, got "
          + optimizerType + " and " + momentum);
    }
    if (momentum > 0 && !optimizerType.equals("sgd")) {
      problems.add("optimizer.momentum = " + momentum + " applies to optimizer.type = sgd only, got "
          + optimizerType + " (Adam's momentum is optimizer.beta1)");
    }
    long iterations = c.getLong("train.iterations");
    long warmup = c.getLong("optimizer.schedule.warmup_iterations");
    if (warmup >= iterations) {
      problems.add("optimizer.schedule.warmup_iterations = " + warmup + " must be below train.iterations = "
          + iterations);
    }
    double validationFraction = c.getDouble("validation.fraction");
    String validationPath = c.getString("validation.path");
    int validationEvery = c.getInt("validation.every");
    boolean heldOut = validationFraction > 0 || !validationPath.isEmpty();
    if (validationFraction > 0 && !validationPath.isEmpty()) {
      problems.add("validation.fraction = " + validationFraction + " and validation.path = " + validationPath
          + " both give held-out data: set one");
    }
    if (!validationPath.isEmpty() && !(c.getString("data.format").equals("parquet")
        || c.getString("data.format").equals("csv") || c.getString("data.format").equals("libsvm"))) {
      problems.add("validation.path = " + validationPath + " needs a table (data.format = parquet, csv or libsvm),"
          + " got " + c.getString("data.format") + "; use validation.fraction");
    }
    if (heldOut && validationEvery == 0) {
      problems.add("validation." + (validationFraction > 0 ? "fraction" : "path") + " gives held-out data but"
          + " validation.every = 0 never evaluates it: set validation.every");
    }
    if (!heldOut && validationEvery > 0) {
      problems.add("validation.every = " + validationEvery + " but there is no held-out data: set"
          + " validation.fraction or validation.path");
    }
    if (c.getInt("validation.patience") > 0 && validationEvery == 0) {
      problems.add("validation.patience = " + c.getInt("validation.patience") + " needs validation.every > 0");
    }
    TrainConfig train = null;
    if (problems.size() == optimizerProblems) {
      try {
        OptimizerSpec optimizer = new OptimizerSpec(optimizerType, c.getDouble("optimizer.learning_rate"),
            c.getDouble("optimizer.beta1"), c.getDouble("optimizer.beta2"), c.getDouble("optimizer.epsilon"),
            c.getDouble("optimizer.weight_decay"), momentum, nesterov, new OptimizerSpec.Schedule(
            c.getString("optimizer.schedule.type"), c.getDouble("optimizer.schedule.gamma"),
            c.getLong("optimizer.schedule.step_size"), c.getDouble("optimizer.schedule.min_factor"), warmup,
            c.getDouble("optimizer.schedule.warmup_start_factor")));
        TrainerOptions options = TrainerOptions.builder().iterations(iterations)
            .batchSize(c.getInt("train.batch_size")).seed(c.getLong("train.seed")).optimizer(optimizer)
            .clipNorm(c.getDouble("train.clip_norm")).logEvery(c.getInt("train.log_every"))
            .checkpointEvery(c.getLong("checkpoint.every")).evaluateEvery(c.getInt("validation.every"))
            .evaluationChunk(c.getInt("validation.batch_size")).patience(c.getInt("validation.patience"))
            .keepBest(c.getBoolean("validation.keep_best")).build();
        train = new TrainConfig(options, c.getInt("train.aggregation_depth"),
            checkpointDir.isEmpty() ? JobConfig.OutputConfig.join(outputDir, "checkpoints") : checkpointDir,
            c.getInt("checkpoint.keep"), c.getDouble("validation.fraction"), c.getString("validation.path"));
      } catch (IllegalArgumentException e) {
        problems.add("train, optimizer: " + e.getMessage());
      }
    }

    return train;
  }

  /**
   * One {@code key = value} line per declared key, keys sorted, each value in the canonical form of its type
   * (a number set as "7" on the command line and as 7 in a file read alike): stable across runs and sources.
   */
  private String canonicalText(Config c) {
    StringBuilder s = new StringBuilder();
    for (String key : new java.util.TreeSet<>(schema.keys().keySet())) {
      s.append(key).append(" = ").append(canonical(c, schema.key(key))).append('\n');
    }
    return s.toString();
  }

  private static String canonical(Config c, ConfigSchema.Key k) {
    String path = k.path();
    return switch (k.spec().type()) {
      case INT, LONG -> Long.toString(c.getLong(path));
      case DOUBLE -> Double.toString(c.getDouble(path));
      case BOOLEAN -> Boolean.toString(c.getBoolean(path));
      case STRING, ONE_OF -> quote(c.getString(path));
      case INT_LIST -> intList(c.getList(path)).toString().replace(" ", "");
      case STRING_LIST -> strings(c.getList(path)).stream().map(ConfigLoader::quote)
          .collect(Collectors.joining(",", "[", "]"));
      case STRING_MAP -> new TreeMap<>(c.getObject(path)).entrySet().stream()
          .map(e -> quote(e.getKey()) + ": " + quote(String.valueOf(e.getValue().unwrapped())))
          .collect(Collectors.joining(", ", "{", "}"));
    };
  }

  private static String quote(String s) {
    return ConfigValueFactory.fromAnyRef(s).render(ConfigRenderOptions.concise());
  }

  static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static List<String> strings(ConfigList list) {
    return list.stream().map(v -> String.valueOf(v.unwrapped())).toList();
  }

  private static List<Integer> intList(ConfigList list) {
    return list.stream().map(ConfigValue::unwrapped).map(u -> u instanceof Number n ? n.intValue()
        : (int) Double.parseDouble(String.valueOf(u).trim())).toList();
  }

  private static String unescape(String s) {
    return switch (s) {
      case "\\t" -> "\t";
      case "\\|" -> "|";
      default -> s;
    };
  }

  /**
   * The keys whose values differ between two configurations, among those that change what training computes
   * (data, model, solver, optimizer, and train.batch_size, seed, clip_norm, aggregation_depth): "key: stored
   * vs now" lines. A resumed run must not change these; iterations, logging, checkpointing, outputs and Spark
   * settings may change.
   */
  public List<String> trainingDifferences(String storedText, JobConfig now) {
    Config stored = parseStored(storedText, "the checkpoint").withFallback(schema.reference()).resolve();
    Config current = ConfigFactory.parseString(now.text());
    List<String> diffs = new ArrayList<>();
    for (String key : schema.keys().keySet()) {
      boolean relevant = key.startsWith("data.") || key.startsWith("model.") || key.startsWith("solver.")
          || key.startsWith("optimizer.") || key.equals("train.batch_size") || key.equals("train.seed")
          || key.equals("train.clip_norm") || key.equals("train.aggregation_depth");
      if (!relevant || key.equals("data.content_hash")) {
        continue;
      }
      String a = canonical(stored, schema.key(key));
      String b = canonical(current, schema.key(key));
      if (!a.equals(b)) {
        diffs.add(key + ": " + a + " in the checkpoint, " + b + " now");
      }
    }
    return diffs;
  }
}
