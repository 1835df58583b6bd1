package hypercolumn.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hypercolumn.runtime.Parameter;
import hypercolumn.runtime.TensorDtype;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The ranges a fit trains, against offsets worked out by hand for three dense layers and batch
 * norm state: a [4, 3] + [4], b [2, 4] + [2], c [1, 2] + [1] (offsets 0, 12, 16, 24, 26, 28),
 * then norm's running mean [1] at 29 and its count at 30.
 */
class TrainedRangesTest {
  private static final List<Parameter> PARAMETERS = List.of(
      new Parameter("a.weight", new int[] {4, 3}, 0, true),
      new Parameter("a.bias", new int[] {4}, 12, false),
      new Parameter("b.weight", new int[] {2, 4}, 16, true),
      new Parameter("b.bias", new int[] {2}, 24, false),
      new Parameter("c.weight", new int[] {1, 2}, 26, true),
      new Parameter("c.bias", new int[] {1}, 28, false),
      Parameter.state("norm.running_mean", new int[] {1}, 29, TensorDtype.F32),
      Parameter.state("norm.num_batches_tracked", new int[] {}, 30, TensorDtype.I64));

  @Test
  void withNothingFrozenTheOptimizerCoversEveryTrainableParameterAndNoState() {
    TrainedRanges ranges = TrainedRanges.of(PARAMETERS, Set.of());
    assertEquals(29, ranges.updateCount());
    assertArrayEquals(new int[] {0, 12, 16, 8, 26, 2}, ranges.regularized());
    assertArrayEquals(new int[0], ranges.zeroed());
    assertEquals(29, ranges.trainableCount());
    assertEquals(2, ranges.nonTrainableCount());
  }

  @Test
  void aFrozenLayerInsideThePassIsZeroedAndUnpenalized() {
    TrainedRanges ranges = TrainedRanges.of(PARAMETERS, Set.of("b"));
    assertEquals(29, ranges.updateCount());
    assertArrayEquals(new int[] {16, 10}, ranges.zeroed(), "b.weight and b.bias merged");
    assertArrayEquals(new int[] {0, 12, 26, 2}, ranges.regularized());
    assertEquals(19, ranges.trainableCount());
    assertEquals(12, ranges.nonTrainableCount());
  }

  @Test
  void frozenLastLayersShrinkThePassInsteadOfBeingZeroed() {
    TrainedRanges ranges = TrainedRanges.of(PARAMETERS, Set.of("b", "c"));
    assertEquals(16, ranges.updateCount());
    assertArrayEquals(new int[0], ranges.zeroed());
    assertArrayEquals(new int[] {0, 12}, ranges.regularized());
  }

  @Test
  void everyLayerFrozenTrainsNothing() {
    TrainedRanges ranges = TrainedRanges.of(PARAMETERS, Set.of("a", "b", "c"));
    assertEquals(0, ranges.updateCount());
    assertArrayEquals(new int[0], ranges.regularized());
    assertEquals(0, ranges.trainableCount());
    assertEquals(31, ranges.nonTrainableCount());
  }

  @Test
  void aTrainableParameterAfterStateIsRejected() {
    List<Parameter> misplaced = List.of(
        Parameter.state("norm.running_mean", new int[] {2}, 0, TensorDtype.F32),
        new Parameter("fc.weight", new int[] {2, 2}, 2, true));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TrainedRanges.of(misplaced, Set.of()));
    assertTrue(e.getMessage().contains("fc.weight follows state tensor norm.running_mean"), e.getMessage());
  }
}
