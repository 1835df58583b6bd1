package hypercolumn.runtime.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * The micro-kernel rule: the 4-row tile only where its 6-row sibling spills, that is with
 * 256-bit preferred vectors (16 registers) on a JDK newer than 17; the property overrides it.
 */
class MicroKernelChoiceTest {

  @Test
  void avx2OnJdk25TakesTheNarrowTile() {
    assertEquals(4, MicroKernelChoice.rows(null, 25, 256));
  }

  @Test
  void avx2OnJdk17AndAvx512EverywhereKeepTheWideTile() {
    assertEquals(6, MicroKernelChoice.rows(null, 17, 256));
    assertEquals(6, MicroKernelChoice.rows(null, 17, 512));
    assertEquals(6, MicroKernelChoice.rows(null, 25, 512));
  }

  @Test
  void thePropertyForcesEitherTile() {
    assertEquals(6, MicroKernelChoice.rows("6", 25, 256));
    assertEquals(4, MicroKernelChoice.rows(" 4 ", 17, 512));
    assertEquals(6, MicroKernelChoice.rows("  ", 17, 512));
  }

  @Test
  void anotherValueIsRejectedWithWhatItMustBe() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> MicroKernelChoice.rows("8", 25, 256));
    assertEquals("system property hypercolumn.gemm.rows must be 6 or 4 (rows of the vector GEMM's"
        + " tile), found '8'", e.getMessage());
  }
}
