package org.odespark.spark.model;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.odespark.io.Snapshot;
import org.odespark.io.SnapshotFormat;
import org.odespark.objective.Objective;
import org.odespark.spark.config.ConfigLoader;
import org.odespark.spark.config.JobConfig;
import org.odespark.spark.io.DataFormatException;
import org.odespark.spark.io.HadoopStorage;

/**
 * A model file as the evaluate, sample and score jobs use it: θ, the configuration it was trained with (its
 * {@code model} and {@code solver} sections define the model), its factory, the shape of its training data
 * and the standardization to apply.
 */
public record TrainedModel(Snapshot snapshot, JobConfig trained, ModelFactory factory) {

  /**
   * Reads and checks a model file (local path or Hadoop URI) before Spark starts.
   *
   * @throws IllegalArgumentException if the file is missing, damaged, or names an unknown model type
   */
  public static TrainedModel load(String location, ConfigLoader loader) throws IOException {
    HadoopStorage storage = new HadoopStorage(new Configuration());
    org.apache.hadoop.fs.Path path = storage.qualify(location);
    if (!storage.exists(path)) {
      throw new DataFormatException("no model at " + path + " (train writes <output.dir>/model.odsm; set output.dir)");
    }
    Snapshot s;
    try {
      s = SnapshotFormat.read(storage.readAll(path), path.toString());
    } catch (org.odespark.io.SnapshotFormatException e) {
      throw new DataFormatException(e.getMessage());
    } catch (IOException e) {
      throw new DataFormatException("cannot read the model " + path + ": " + e);
    }
    if (s.kind() != Snapshot.Kind.MODEL) {
      throw new DataFormatException(path + " is a checkpoint, not a model file (train writes the model to"
          + " <output.dir>/model.odsm when it finishes)");
    }
    JobConfig trained = loader.fromText(s.config(), path.toString());
    ModelFactory factory = ModelFactories.named(s.modelType());
    factory.validate(trained.model());
    TrainedModel model = new TrainedModel(s, trained, factory);
    Objective.Spec spec = factory.objective(trained.model(), model.shape());
    String differs = s.spec().isEmpty() ? "" : Snapshot.specDifference(s.spec(), spec.properties());
    if (!differs.isEmpty()) {
      throw new DataFormatException(path + ": its configuration builds another model than the spec stored with it ("
          + differs + "); the file was not written by odespark's train job or ML API, or was altered");
    }
    long expected = spec.create().parameterCount();
    if (expected != s.theta().length) {
      throw new DataFormatException(path + " holds " + s.theta().length + " parameters, but the model its"
          + " configuration describes (model.type = " + s.modelType() + ") has " + expected);
    }
    return model;
  }

  public DataShape shape() {
    return new DataShape(snapshot.data().cols(), snapshot.data().labelled(), snapshot.data().featureNames());
  }

  public double[] theta() {
    return snapshot.theta();
  }
}
