package org.odespark.spark.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Atomic writes replace the target in one step and leave nothing behind; crash leftovers are recognized. */
class HadoopStorageTest {

  private final HadoopStorage storage = new HadoopStorage(new Configuration());

  @Test
  void writeReplacesTheTargetAndLeavesNoTemporaryFile(@TempDir Path dir) throws Exception {
    org.apache.hadoop.fs.Path target = storage.qualify(dir.resolve("sub/model.odsm").toString());
    storage.writeAtomically(target, new byte[] {1, 2, 3});
    storage.writeAtomically(target, new byte[] {4, 5});
    assertArrayEquals(new byte[] {4, 5}, Files.readAllBytes(dir.resolve("sub/model.odsm")));
    try (Stream<Path> files = Files.list(dir.resolve("sub"))) {
      assertEquals(List.of("model.odsm"), files.map(p -> p.getFileName().toString()).toList());
    }
  }

  @Test
  void removesOnlyTheTemporaryFilesOfAtomicWrites(@TempDir Path dir) throws Exception {
    String leftover = ".checkpoint-000000000006.odsk.tmp-70d823b3-5bb3-4223-818f-419fdde5399e";
    for (String name : List.of(leftover, "checkpoint-000000000004.odsk", ".hidden", "x.tmp-1234")) {
      Files.write(dir.resolve(name), new byte[] {7});
    }
    assertTrue(HadoopStorage.isTemporary(leftover));
    assertFalse(HadoopStorage.isTemporary("checkpoint-000000000004.odsk"));
    assertEquals(List.of(leftover), storage.removeTemporaries(storage.qualify(dir.toString())));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(".hidden", "checkpoint-000000000004.odsk", "x.tmp-1234"),
          files.map(p -> p.getFileName().toString()).sorted().toList());
    }
    assertEquals(List.of(), storage.removeTemporaries(storage.qualify(dir.resolve("absent").toString())));
  }
}
