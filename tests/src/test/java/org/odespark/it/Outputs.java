package org.odespark.it;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.odespark.io.Snapshot;
import org.odespark.io.SnapshotFormat;

/**
 * Reading what the jobs wrote, through public readers only: model and checkpoint files through odespark's own
 * reader, Parquet outputs through parquet-hadoop (no Spark session in the test JVM), images through ImageIO.
 */
final class Outputs {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Outputs() {}

  /** A model ({@code model.odsm}) or checkpoint file as odespark reads it. */
  static Snapshot snapshot(Path file) throws IOException {
    return SnapshotFormat.read(Files.readAllBytes(file), file.toString());
  }

  static double[] theta(Path modelFile) throws IOException {
    return snapshot(modelFile).theta();
  }

  /** Every row of a Parquet directory written by Spark (its part files in name order), as column → value. */
  static List<Map<String, Object>> parquetRows(Path dir) throws IOException {
    List<Path> parts;
    try (Stream<Path> files = Files.list(dir)) {
      parts = files.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().toList();
    }
    assertTrue(!parts.isEmpty(), "no Parquet part files in " + dir);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Path part : parts) {
      try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(),
          new org.apache.hadoop.fs.Path(part.toUri())).withConf(new Configuration()).build()) {
        for (Group g = reader.read(); g != null; g = reader.read()) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (Type field : g.getType().getFields()) {
            String name = field.getName();
            if (g.getFieldRepetitionCount(name) == 0) {
              row.put(name, null);
              continue;
            }
            PrimitiveType.PrimitiveTypeName t = field.asPrimitiveType().getPrimitiveTypeName();
            row.put(name, switch (t) {
              case DOUBLE -> g.getDouble(name, 0);
              case INT32 -> g.getInteger(name, 0);
              case INT64 -> g.getLong(name, 0);
              case BINARY -> g.getString(name, 0);
              default -> throw new AssertionError("unexpected Parquet type " + t + " of " + name + " in " + part);
            });
          }
          rows.add(row);
        }
      }
    }
    return rows;
  }

  /** The column names of a Parquet directory written by Spark, in order. */
  static List<String> parquetColumns(Path dir) throws IOException {
    List<Map<String, Object>> rows = parquetRows(dir);
    assertTrue(!rows.isEmpty(), "no rows in " + dir);
    return List.copyOf(rows.get(0).keySet());
  }

  /** Requires a readable PNG of a plausible figure size. */
  static void requireImage(Path png) throws IOException {
    assertTrue(Files.isRegularFile(png), "missing " + png);
    BufferedImage image = ImageIO.read(png.toFile());
    assertNotNull(image, png + " must be a readable image");
    assertTrue(image.getWidth() >= 300 && image.getHeight() >= 200, png + ": " + image.getWidth() + "x"
        + image.getHeight());
  }

  /** A one-line JSON object such as evaluate prints and metrics.jsonl holds. */
  static JsonNode json(String line) throws IOException {
    return JSON.readTree(line);
  }
}
