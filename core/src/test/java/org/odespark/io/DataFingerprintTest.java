package org.odespark.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DataFingerprintTest {

  private static final DataFingerprint F = new DataFingerprint("csv:/data/a b\\c\nd.csv", 3, new long[] {2, 0, 5},
      "abc", true, false, List.of("x=1", "y\\", "z\nw"));

  @Test
  void textFormRoundTripsAwkwardNames() {
    DataFingerprint back = DataFingerprint.parse(F.toText());
    assertNull(F.difference(back));
    assertEquals(7, back.rows());
    assertEquals(List.of("x=1", "y\\", "z\nw"), back.featureNames());
    assertTrue(F.toText().contains("rows=7\n"), F.toText());
  }

  @Test
  void differencesNameWhatChanged() {
    DataFingerprint other = new DataFingerprint(F.source(), 3, new long[] {3, 0, 4}, "abc", true, false,
        F.featureNames());
    String d = F.difference(other);
    assertTrue(d.startsWith("partitioning:"), d);
    DataFingerprint hash = new DataFingerprint(F.source(), 3, F.partitionRows(), "abd", true, false,
        F.featureNames());
    assertTrue(F.difference(hash).startsWith("content hash: abc in the checkpoint, abd now"), F.difference(hash));
  }

  @Test
  void malformedTextIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> DataFingerprint.parse("source=x\n"));
    String wrongRows = F.toText().replace("rows=7", "rows=8");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DataFingerprint.parse(wrongRows));
    assertTrue(e.getMessage().contains("sum to 7"), e.getMessage());
  }
}
