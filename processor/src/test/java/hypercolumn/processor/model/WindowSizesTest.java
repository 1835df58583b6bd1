package hypercolumn.processor.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import hypercolumn.Activation;
import hypercolumn.Padding;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/**
 * The window arithmetic against values worked out by hand from Keras's SAME rule (TensorFlow's
 * {@code padding="SAME"}: output {@code ceil(H / s)}, the odd cell of padding below and right) and
 * from PyTorch's output-size formula, for the cases that differ: even kernels, strides 2 and 3,
 * even and odd sizes, dilation.
 */
class WindowSizesTest {

  private static Conv2DSpec conv(int kernel, int stride, int dilation, Padding padding, List<Integer> pad) {
    return new Conv2DSpec("c", Origin.NONE, 8, List.of(kernel), List.of(stride), padding, pad, List.of(dilation),
        Activation.IDENTITY, OptionalDouble.empty(), true);
  }

  @Test
  void samePaddingFollowsKerasForEveryStride() {
    // {H, kernel, stride, top, bottom, output}
    int[][] cases = {
      {28, 5, 1, 2, 2, 28}, {28, 2, 2, 0, 0, 14}, {5, 3, 2, 1, 1, 3}, {6, 3, 2, 0, 1, 3},
      {7, 4, 1, 1, 2, 7}, {7, 3, 3, 1, 1, 3}, {8, 3, 3, 0, 1, 3}, {1, 5, 1, 2, 2, 1}, {14, 2, 1, 0, 1, 14},
    };
    for (int[] c : cases) {
      Shape input = Shape.of(3, c[0], c[0]);
      Conv2DSpec spec = conv(c[1], c[2], 1, Padding.SAME, List.of());
      Sides sides = spec.padding(input);
      String label = "H=" + c[0] + " k=" + c[1] + " s=" + c[2];
      assertEquals(new Sides(c[3], c[4], c[3], c[4]), sides, label);
      assertEquals(Shape.of(8, c[5], c[5]), spec.outputShape(input), label);
    }
  }

  @Test
  void samePaddingWithDilationCoversTheDilatedWindow() {
    // kernel 3, dilation 2 spans 5 cells: 10 rows at stride 1 need 4 cells of padding.
    Conv2DSpec spec = conv(3, 1, 2, Padding.SAME, List.of());
    assertEquals(new Sides(2, 2, 2, 2), spec.padding(Shape.of(1, 10, 10)));
    assertEquals(Shape.of(8, 10, 10), spec.outputShape(Shape.of(1, 10, 10)));
  }

  @Test
  void outputSizesFollowPyTorch() {
    // nn.Conv2d(kernel 3, stride 2, padding 1) on 7x7 gives 4x4; kernel 3 dilation 2 on 10 gives 6.
    assertEquals(Shape.of(8, 4, 4), conv(3, 2, 1, Padding.VALID, List.of(1)).outputShape(Shape.of(1, 7, 7)));
    assertEquals(Shape.of(8, 6, 6), conv(3, 1, 2, Padding.VALID, List.of()).outputShape(Shape.of(1, 10, 10)));
    assertEquals(Shape.of(8, 3, 3), conv(3, 3, 1, Padding.VALID, List.of()).outputShape(Shape.of(1, 11, 11)));
    // Explicit four sides: 5 + 1 + 2 rows, 5 + 0 + 3 columns, kernel 3.
    Conv2DSpec sides = conv(3, 1, 1, Padding.VALID, List.of(1, 2, 0, 3));
    assertEquals(new Sides(1, 2, 0, 3), sides.padding(Shape.of(1, 5, 5)));
    assertEquals(Shape.of(8, 6, 6), sides.outputShape(Shape.of(1, 5, 5)));
    // nn.MaxPool2d(2) on 28 gives 14, on 7 gives 3; nn.AvgPool2d(3, stride 2, padding 1) on 7 gives 4.
    assertEquals(Shape.of(32, 14, 14), Pool2DSpec.of("p", Pool2DSpec.Mode.MAX, 2).outputShape(Shape.of(32, 28, 28)));
    assertEquals(Shape.of(32, 3, 3), Pool2DSpec.of("p", Pool2DSpec.Mode.MAX, 2).outputShape(Shape.of(32, 7, 7)));
    Pool2DSpec padded = new Pool2DSpec("p", Origin.NONE, Pool2DSpec.Mode.AVERAGE, List.of(3), List.of(2),
        Padding.VALID, List.of(1));
    assertEquals(Shape.of(2, 4, 4), padded.outputShape(Shape.of(2, 7, 7)));
    assertEquals(Shape.of(5), new GlobalAvgPool2DSpec("g", Origin.NONE).outputShape(Shape.of(5, 3, 3)));
    assertEquals(Shape.of(3136), new FlattenSpec("f", Origin.NONE).outputShape(Shape.of(64, 7, 7)));
  }

  @Test
  void rectangularSizesReadHeightThenWidth() {
    Conv2DSpec spec = new Conv2DSpec("c", Origin.NONE, 4, List.of(3, 5), List.of(1, 2), Padding.VALID, List.of(0, 2),
        List.of(2, 1), Activation.IDENTITY, OptionalDouble.empty(), false);
    // height: (9 - 2*2 - 1) / 1 + 1 = 5; width: (9 + 4 - 4 - 1) / 2 + 1 = 5.
    assertEquals(Shape.of(4, 5, 5), spec.outputShape(Shape.of(1, 9, 9)));
  }
}
