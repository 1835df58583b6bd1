package hypercolumn.runtime.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import hypercolumn.runtime.cpu.MicroKernelChoice.Tile;
import org.junit.jupiter.api.Test;

/**
 * The micro-kernel rule: JDK 17 keeps the 6 x 16 tile; newer JDKs take the 6 x 32 one where vectors
 * are 512 bits and the 4 x 16 one on 256-bit vectors (16 registers), where their C2 spills the 6 x
 * 16 one; the property overrides it.
 */
class MicroKernelChoiceTest {

  @Test
  void avx512TakesTheWideTileAfterJdk17() {
    assertEquals(Tile.WIDE, MicroKernelChoice.tile(null, 21, 512));
    assertEquals(Tile.WIDE, MicroKernelChoice.tile(null, 25, 512));
  }

  @Test
  void avx2OnJdk25TakesTheNarrowTile() {
    assertEquals(Tile.FOUR_ROWS, MicroKernelChoice.tile(null, 25, 256));
  }

  @Test
  void jdk17KeepsTheSixRowTileOnEveryMachine() {
    assertEquals(Tile.SIX_ROWS, MicroKernelChoice.tile(null, 17, 256));
    assertEquals(Tile.SIX_ROWS, MicroKernelChoice.tile(null, 17, 512));
  }

  @Test
  void thePropertyForcesAnyTile() {
    assertEquals(Tile.SIX_ROWS, MicroKernelChoice.tile("6x16", 25, 256));
    assertEquals(Tile.FOUR_ROWS, MicroKernelChoice.tile(" 4x16 ", 17, 512));
    assertEquals(Tile.WIDE, MicroKernelChoice.tile("6x32", 17, 256));
    assertEquals(Tile.WIDE, MicroKernelChoice.tile("  ", 25, 512));
  }

  @Test
  void anotherValueIsRejectedWithWhatItMustBe() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> MicroKernelChoice.tile("6", 25, 256));
    assertEquals("system property hypercolumn.gemm.tile must be 6x16, 4x16 or 6x32 (rows x columns of the"
        + " vector GEMM's tile), found '6'", e.getMessage());
  }
}
