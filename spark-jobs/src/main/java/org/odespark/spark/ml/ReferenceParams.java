package org.odespark.spark.ml;

import com.typesafe.config.ConfigValueFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.odespark.spark.config.ConfigException;
import org.odespark.spark.config.ConfigLoader;
import org.odespark.spark.config.ConfigSchema;
import org.odespark.spark.config.JobConfig;

/**
 * The ML parameters that are configuration keys of the jobs: each declared here by its ML name and its key in
 * reference.conf, from which it takes its documentation, its valid range and its default. The estimators turn
 * their values back into a job configuration ({@link #jobConfig}) and train with the options the
 * {@code train} job would get from the same keys, so the CLI and the ML API share one definition of every
 * training option: name, meaning, default, range and cross-checks. Stateless.
 */
final class ReferenceParams {

  /** ML name → configuration key, for the options of the training loop shared by every estimator. */
  static final Map<String, String> TRAINING = keys(
      "maxIter", "train.iterations",
      "batchSize", "train.batch_size",
      "seed", "train.seed",
      "clipNorm", "train.clip_norm",
      "aggregationDepth", "train.aggregation_depth",
      "logEvery", "train.log_every",
      "optimizer", "optimizer.type",
      "learningRate", "optimizer.learning_rate",
      "beta1", "optimizer.beta1",
      "beta2", "optimizer.beta2",
      "epsilon", "optimizer.epsilon",
      "weightDecay", "optimizer.weight_decay",
      "momentum", "optimizer.momentum",
      "nesterov", "optimizer.nesterov",
      "lrSchedule", "optimizer.schedule.type",
      "lrDecay", "optimizer.schedule.gamma",
      "lrStepSize", "optimizer.schedule.step_size",
      "lrMinFactor", "optimizer.schedule.min_factor",
      "warmupIterations", "optimizer.schedule.warmup_iterations",
      "warmupStartFactor", "optimizer.schedule.warmup_start_factor",
      "validationFraction", "validation.fraction",
      "validationInterval", "validation.every",
      "validationBatchSize", "validation.batch_size",
      "earlyStoppingPatience", "validation.patience",
      "keepBest", "validation.keep_best",
      "checkpointInterval", "checkpoint.every",
      "checkpointDir", "checkpoint.dir",
      "checkpointKeep", "checkpoint.keep");

  /**
   * ML name → configuration key, for the flow's parameters ({@code model.type = cnf}); {@code method} is both
   * {@code solver.method} and {@code solver.backward.method}.
   */
  static final Map<String, String> CNF = keys(
      "hidden", "model.cnf.hidden",
      "layerType", "model.cnf.layer_type",
      "activation", "model.cnf.activation",
      "blocks", "model.cnf.blocks",
      "time", "model.cnf.time",
      "trainTime", "model.cnf.train_time",
      "trace", "model.cnf.trace",
      "noise", "model.cnf.noise",
      "kineticWeight", "model.cnf.kinetic_weight",
      "jacobianWeight", "model.cnf.jacobian_weight",
      "gradient", "model.cnf.gradient",
      "method", "solver.method",
      "rtol", "solver.rtol",
      "atol", "solver.atol",
      "maxSteps", "solver.max_steps",
      "adjointRtol", "solver.backward.rtol",
      "adjointAtol", "solver.backward.atol",
      "seminorm", "solver.backward.seminorm",
      "standardize", "data.standardize",
      "scoreTrace", "score.trace");

  /**
   * ML name → configuration key, for the classifier's parameters ({@code model.type = odenet-classifier}: the
   * state width, the field's activation, the end time, and the solver section it shares with the flows).
   */
  static final Map<String, String> CLASSIFIER = keys(
      "width", "model.classifier.hidden",
      "augment", "model.classifier.augment",
      "activation", "model.classifier.activation",
      "endTime", "model.classifier.time",
      "gradient", "model.classifier.gradient",
      "method", "solver.method",
      "rtol", "solver.rtol",
      "atol", "solver.atol",
      "maxSteps", "solver.max_steps",
      "adjointRtol", "solver.backward.rtol",
      "adjointAtol", "solver.backward.atol");

  /** Every configuration key of the classifier's model file: training, architecture and solver. */
  static final Map<String, String> CLASSIFIER_MODEL = union(TRAINING, CLASSIFIER);

  /** {@link #TRAINING} and {@link #CNF}: every configuration key of the flow's estimator and model. */
  static final Map<String, String> CNF_ESTIMATOR = union(TRAINING, CNF);

  private ReferenceParams() {}

  private static Map<String, String> union(Map<String, String> a, Map<String, String> b) {
    Map<String, String> m = new LinkedHashMap<>(a);
    m.putAll(b);
    return java.util.Collections.unmodifiableMap(m);
  }

  private static Map<String, String> keys(String... pairs) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(m);
  }

  private static ConfigSchema.Key key(String path) {
    ConfigSchema.Key k = ConfigSchema.load().key(path);
    if (k == null) {
      throw new IllegalStateException("reference.conf declares no key " + path);
    }
    return k;
  }

  /** The parameter's documentation: the key's, and the key itself. */
  private static String doc(String key) {
    return key(key).doc() + " (configuration key " + key + ")";
  }

  /** The default of an integer key of reference.conf. */
  static int intDefault(String key) {
    return ((Number) key(key).defaultValue().unwrapped()).intValue();
  }

  static IntParam intParam(Params owner, String name, String key) {
    return new IntParam(owner.uid(), name, doc(key), new InRange(key));
  }

  static LongParam longParam(Params owner, String name, String key) {
    return new LongParam(owner.uid(), name, doc(key), new InRange(key));
  }

  static DoubleParam doubleParam(Params owner, String name, String key) {
    return new DoubleParam(owner.uid(), name, doc(key), new InRange(key));
  }

  static BooleanParam booleanParam(Params owner, String name, String key) {
    return new BooleanParam(owner.uid(), name, doc(key));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static Param<String> stringParam(Params owner, String name, String key) {
    return new Param<>(owner.uid(), name, doc(key), (scala.Function1) new InRange(key));
  }

  /**
   * Sets the default of every parameter of {@code keys} that {@code owner} has to its key's default in
   * reference.conf, converted to the parameter's type.
   */
  static void setDefaults(Params owner, Map<String, String> keys) {
    for (Map.Entry<String, String> e : keys.entrySet()) {
      if (!owner.hasParam(e.getKey())) {
        continue;
      }
      Param<Object> p = owner.getParam(e.getKey());
      owner.setDefault(p, typed(p, key(e.getValue()).defaultValue().unwrapped()));
    }
  }

  private static Object typed(Param<?> p, Object value) {
    if (p instanceof IntParam) {
      return ((Number) value).intValue();
    }
    if (p instanceof LongParam) {
      return ((Number) value).longValue();
    }
    if (p instanceof DoubleParam) {
      return ((Number) value).doubleValue();
    }
    if (value instanceof List<?> list) {
      int[] out = new int[list.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = ((Number) list.get(i)).intValue();
      }
      return out;
    }
    return value;
  }

  /** The values of {@code owner}'s parameters of {@code keys} (set or default), by configuration key. */
  static Map<String, Object> values(Params owner, Map<String, String> keys) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : keys.entrySet()) {
      if (owner.hasParam(e.getKey())) {
        Object v = owner.getOrDefault(owner.getParam(e.getKey()));
        values.put(e.getValue(), v instanceof int[] a ? Arrays.stream(a).boxed().toList() : v);
      }
    }
    if (values.containsKey("solver.method")) {
      values.put("solver.backward.method", values.get("solver.method"));
    }
    return values;
  }

  /**
   * The job configuration of {@code owner}'s parameters of {@code keys} over reference.conf, checked as the
   * jobs check theirs.
   *
   * @throws IllegalArgumentException listing every problem, each key named with its parameter
   */
  static JobConfig jobConfig(Params owner, Map<String, String> keys) {
    return jobConfig(owner, keys, Map.of());
  }

  /** As {@link #jobConfig(Params, Map)} with further keys set to the values given (model.type, say). */
  static JobConfig jobConfig(Params owner, Map<String, String> keys, Map<String, ?> more) {
    Map<String, Object> values = values(owner, keys);
    values.putAll(more);
    try {
      return ConfigLoader.standard().fromValues(values);
    } catch (ConfigException e) {
      List<String> problems = new ArrayList<>();
      for (String problem : e.problems()) {
        for (Map.Entry<String, String> k : keys.entrySet()) {
          problem = problem.replace(k.getValue() + " ", k.getKey() + " (" + k.getValue() + ") ");
        }
        problems.add(problem);
      }
      throw new IllegalArgumentException(owner.uid() + ": " + String.join("; ", problems), e);
    }
  }

  /**
   * Sets {@code owner}'s parameters of {@code keys} from a job configuration (a {@code train} job's model file):
   * the reverse of {@link #jobConfig}.
   *
   * @throws IllegalArgumentException naming the key and parameter whose value the ML parameter cannot take
   */
  static void setFrom(Params owner, Map<String, String> keys, com.typesafe.config.Config config) {
    for (Map.Entry<String, String> e : keys.entrySet()) {
      if (!owner.hasParam(e.getKey())) {
        continue;
      }
      Param<Object> p = owner.getParam(e.getKey());
      Object value = typed(p, config.getValue(e.getValue()).unwrapped());
      if (!Boolean.TRUE.equals(p.isValid().apply(value))) {
        throw new IllegalArgumentException(e.getValue() + " = " + value + " has no ML counterpart: " + e.getKey()
            + " must be " + p.doc());
      }
      owner.set(p, value);
    }
  }

  /** A parameter validator: the value lies in its key's range (reference.conf's {@code valid:} line). */
  private static final class InRange extends scala.runtime.AbstractFunction1<Object, Object>
      implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final String key;

    InRange(String key) {
      this.key = key;
    }

    @Override
    public Object apply(Object value) {
      return key(key).spec().check(ConfigValueFactory.fromAnyRef(value)) == null;
    }
  }
}
