package hypercolumn.tests;

import static hypercolumn.testing.Tolerance.assertWithin;
import static hypercolumn.tests.WindowKernelPlans.BIAS;
import static hypercolumn.tests.WindowKernelPlans.BIAS_CELLS;
import static hypercolumn.tests.WindowKernelPlans.BIAS_CHANNELS;
import static hypercolumn.tests.WindowKernelPlans.GATE;
import static hypercolumn.tests.WindowKernelPlans.GATE_WIDTH;
import static hypercolumn.tests.WindowKernelPlans.INPUT_OFFSET;
import static hypercolumn.tests.WindowKernelPlans.INPUT_STRIDE;
import static hypercolumn.tests.WindowKernelPlans.NORM_CELLS;
import static hypercolumn.tests.WindowKernelPlans.NORM_CHANNELS;
import static hypercolumn.tests.WindowKernelPlans.OUTPUT_OFFSET;
import static hypercolumn.tests.WindowKernelPlans.OUTPUT_STRIDE;
import static hypercolumn.tests.WindowKernelPlans.SCALE_SHIFT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hypercolumn.processor.plan.pointwise.KernelPlan;
import hypercolumn.processor.plan.pointwise.Window;
import hypercolumn.runtime.Device;
import hypercolumn.runtime.Tensor;
import hypercolumn.tests.WindowKernelPlans.Case;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The kernel descriptions of the convolutional layer kinds ({@code WindowKernels}), emitted for
 * both devices and run on each, against plain references written here in double: the
 * per-channel bias and scale-and-shift and a strided gate slice against the formula per
 * element, the window operations
 * against {@link WindowReference}, whose backward passes scatter where the kernels gather, over
 * the windows of {@link WindowKernelPlans}: strides 1 and 2, padding that differs on every side
 * (more than half the window on one), dilation 2 over rows and over columns, non-square kernels.
 *
 * <p>Values must lie within 1e-5 of max(1, the largest reference value): float32 sums of at most
 * nine terms stay far inside it, and a cell read from the wrong row, channel or side of the
 * padding is off by the size of the data. Max pooling's inputs are small integers, so windows
 * hold ties and its argmax must be PyTorch's exactly: the first maximum in row-major order. Each
 * input sits behind three NaNs at a non-zero offset, and each output is filled with NaN first,
 * so a kernel that ignores an offset or leaves a cell unwritten fails.
 */
class WindowKernelsOracleTest {
  private static final double TOLERANCE = 1e-5;
  private static final int BATCH = 5;
  private static final int LEAD = 3;

  @TempDir static Path directory;
  private static CompiledKernels kernels;

  @BeforeAll
  static void compile() throws Exception {
    kernels = CompiledKernels.of("WindowKernels", WindowKernelPlans.all(), directory);
  }

  static Stream<Arguments> casesOnDevices() {
    return WindowKernelPlans.CASES.stream().flatMap(c -> TestDevices.all().map(d -> Arguments.of(c, d)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hypercolumn.tests.TestDevices#all")
  void channelBiasAddsEachChannelsBiasToItsCells(TestDevices kind) {
    Random random = new Random(1);
    float[] y = DeviceArrays.gaussian(random, BATCH * BIAS_CHANNELS * BIAS_CELLS, 1);
    float[] bias = DeviceArrays.gaussian(random, BIAS_CHANNELS, 1);
    double[] expected = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      expected[i] = (double) y[i] + bias[i / BIAS_CELLS % BIAS_CHANNELS];
    }
    try (Device device = kind.open()) {
      Tensor yTensor = input(device, y);
      run(device, BIAS, yTensor, input(device, bias));
      assertWithin("bias per channel on " + kind, expected, output(device, yTensor, y.length), TOLERANCE);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hypercolumn.tests.TestDevices#all")
  void channelScaleAndShiftUseEachChannelsPair(TestDevices kind) {
    Random random = new Random(2);
    float[] x = DeviceArrays.gaussian(random, BATCH * NORM_CHANNELS * NORM_CELLS, 1);
    float[] scale = DeviceArrays.gaussian(random, NORM_CHANNELS, 1);
    float[] shift = DeviceArrays.gaussian(random, NORM_CHANNELS, 1);
    double[] expected = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      int channel = i / NORM_CELLS % NORM_CHANNELS;
      expected[i] = (double) x[i] * scale[channel] + shift[channel];
    }
    try (Device device = kind.open()) {
      Tensor y = result(device, x.length);
      run(device, SCALE_SHIFT, input(device, x), y, input(device, scale), input(device, shift));
      assertWithin("scale and shift per channel on " + kind, expected, output(device, y, x.length), TOLERANCE);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hypercolumn.tests.TestDevices#all")
  void stridedViewsReadOneGateOfWiderRowsAndWriteOnlyTheirSlice(TestDevices kind) {
    float[] x = DeviceArrays.gaussian(new Random(9), BATCH * INPUT_STRIDE, 1);
    double[] expected = new double[BATCH * GATE_WIDTH];
    for (int n = 0; n < BATCH; n++) {
      for (int c = 0; c < GATE_WIDTH; c++) {
        expected[n * GATE_WIDTH + c] = x[n * INPUT_STRIDE + INPUT_OFFSET + c] + 1.0;
      }
    }
    try (Device device = kind.open()) {
      Tensor out = result(device, BATCH * OUTPUT_STRIDE);
      run(device, GATE, input(device, x), out);
      float[] written = output(device, out, BATCH * OUTPUT_STRIDE);
      float[] slice = new float[expected.length];
      for (int n = 0; n < BATCH; n++) {
        for (int k = 0; k < OUTPUT_STRIDE; k++) {
          int c = k - OUTPUT_OFFSET;
          if (c >= 0 && c < GATE_WIDTH) {
            slice[n * GATE_WIDTH + c] = written[n * OUTPUT_STRIDE + k];
          } else {
            assertTrue(Float.isNaN(written[n * OUTPUT_STRIDE + k]), "gate on " + kind + " wrote outside its slice at " + n + ", " + k);
          }
        }
      }
      assertWithin("gate on " + kind, expected, slice, TOLERANCE);
    }
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("casesOnDevices")
  void im2colCopiesEveryWindowCellWithZerosForPadding(Case c, TestDevices kind) {
    Window w = c.window();
    float[] x = DeviceArrays.gaussian(new Random(3), BATCH * w.inputCells(), 1);
    double[] expected = new WindowReference(w, BATCH).im2col(x);
    try (Device device = kind.open()) {
      Tensor columns = result(device, expected.length);
      run(device, plan(c, "im2col", "forward"), input(device, x), columns);
      assertWithin(c + " im2col on " + kind, expected, output(device, columns, expected.length), TOLERANCE);
    }
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("casesOnDevices")
  void col2imSumsEveryColumnThatReadACell(Case c, TestDevices kind) {
    Window w = c.window();
    float[] dColumns = DeviceArrays.gaussian(new Random(4), BATCH * w.columnCells(), 1);
    double[] expected = new WindowReference(w, BATCH).col2im(dColumns);
    try (Device device = kind.open()) {
      Tensor dx = result(device, expected.length);
      run(device, plan(c, "col2im", "backward"), input(device, dColumns), dx);
      assertWithin(c + " col2im on " + kind, expected, output(device, dx, expected.length), TOLERANCE);
    }
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("casesOnDevices")
  void maxPoolingKeepsTheFirstMaximumOfEachWindowAndItsIndex(Case c, TestDevices kind) {
    Window w = c.window();
    float[] x = smallIntegers(new Random(5), BATCH * w.inputCells());
    int[] expectedArgmax = new int[BATCH * w.pooledCells()];
    double[] expected = new WindowReference(w, BATCH).maxPool(x, expectedArgmax);
    try (Device device = kind.open()) {
      Tensor y = result(device, expected.length);
      Tensor argmax = result(device, expected.length);
      run(device, plan(c, "maxpool", "forward"), input(device, x), y, argmax);
      assertWithin(c + " max pooling on " + kind, expected, output(device, y, expected.length), TOLERANCE);
      assertArrayEquals(expectedArgmax, indices(output(device, argmax, expected.length)), c + " argmax on " + kind);
    }
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("casesOnDevices")
  void maxPoolingGradientGoesToEachWindowsArgmax(Case c, TestDevices kind) {
    Window w = c.window();
    Random random = new Random(6);
    int[] argmax = new int[BATCH * w.pooledCells()];
    WindowReference reference = new WindowReference(w, BATCH);
    reference.maxPool(smallIntegers(random, BATCH * w.inputCells()), argmax);
    float[] dy = DeviceArrays.gaussian(random, argmax.length, 1);
    double[] expected = reference.maxPoolBackward(argmax, dy);
    try (Device device = kind.open()) {
      Tensor dx = result(device, expected.length);
      run(device, plan(c, "maxpool", "backward"), input(device, bits(argmax)), input(device, dy), dx);
      assertWithin(c + " max pooling gradient on " + kind, expected, output(device, dx, expected.length), TOLERANCE);
    }
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("casesOnDevices")
  void averagePoolingDividesByTheWholeWindowPaddingIncluded(Case c, TestDevices kind) {
    Window w = c.window();
    float[] x = DeviceArrays.gaussian(new Random(7), BATCH * w.inputCells(), 1);
    double[] expected = new WindowReference(w, BATCH).averagePool(x);
    try (Device device = kind.open()) {
      Tensor y = result(device, expected.length);
      run(device, plan(c, "avgpool", "forward"), input(device, x), y);
      assertWithin(c + " average pooling on " + kind, expected, output(device, y, expected.length), TOLERANCE);
    }
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("casesOnDevices")
  void averagePoolingGradientSpreadsOverEachWindow(Case c, TestDevices kind) {
    Window w = c.window();
    float[] dy = DeviceArrays.gaussian(new Random(8), BATCH * w.pooledCells(), 1);
    double[] expected = new WindowReference(w, BATCH).averagePoolBackward(dy);
    try (Device device = kind.open()) {
      Tensor dx = result(device, expected.length);
      run(device, plan(c, "avgpool", "backward"), input(device, dy), dx);
      assertWithin(c + " average pooling gradient on " + kind, expected, output(device, dx, expected.length), TOLERANCE);
    }
  }

  private static KernelPlan plan(Case c, String kind, String pass) {
    return WindowKernelPlans.plan(c, kind, pass);
  }

  /** Launches the kernel of {@code plan} over the batch, every buffer at offset {@link #LEAD}. */
  private static void run(Device device, KernelPlan plan, Tensor... tensors) {
    int[] offsets = new int[tensors.length];
    Arrays.fill(offsets, LEAD);
    device.launch(kernels.kernel(plan), BATCH, tensors, offsets, new float[0], 0L);
  }

  /** {@code values} behind {@link #LEAD} NaNs. */
  private static Tensor input(Device device, float[] values) {
    float[] padded = new float[LEAD + values.length];
    Arrays.fill(padded, 0, LEAD, Float.NaN);
    System.arraycopy(values, 0, padded, LEAD, values.length);
    return DeviceArrays.tensor(device, padded);
  }

  /** NaN everywhere, so that a cell the kernel does not write shows. */
  private static Tensor result(Device device, int size) {
    Tensor tensor = device.allocate(LEAD + size);
    device.fill(tensor, 0, LEAD + size, Float.NaN);
    return tensor;
  }

  private static float[] output(Device device, Tensor tensor, int size) {
    return Arrays.copyOfRange(DeviceArrays.read(device, tensor), LEAD, LEAD + size);
  }

  /** Integers from -2 to 2, so that windows hold equal maxima. */
  private static float[] smallIntegers(Random random, int size) {
    float[] values = new float[size];
    for (int i = 0; i < size; i++) {
      values[i] = random.nextInt(5) - 2;
    }
    return values;
  }

  /** An index buffer's integers, as the kernels store them: each int's bits in a float. */
  private static float[] bits(int[] indices) {
    float[] values = new float[indices.length];
    for (int i = 0; i < values.length; i++) {
      values[i] = Float.intBitsToFloat(indices[i]);
    }
    return values;
  }

  private static int[] indices(float[] values) {
    int[] indices = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      indices[i] = Float.floatToRawIntBits(values[i]);
    }
    return indices;
  }
}
