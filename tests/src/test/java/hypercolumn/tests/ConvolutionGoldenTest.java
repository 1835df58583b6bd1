package hypercolumn.tests;

import hypercolumn.runtime.ConvolutionShape;
import hypercolumn.runtime.Convolutions;
import hypercolumn.runtime.Device;
import hypercolumn.runtime.PoolingShape;
import hypercolumn.runtime.Tensor;
import hypercolumn.testing.Tolerance;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each device's convolution and pooling ({@link Device#convolutions()}: Java on the CPU, cuDNN
 * on the CUDA device, here over the emulator's cuDNN through the cuDNN 8 forwarder) against
 * PyTorch 2.13: {@code F.conv2d} with its input, weight and bias gradients, {@code F.max_pool2d}
 * and {@code F.avg_pool2d} with their input gradients, from {@code
 * fixtures/conv_pool.safetensors} ({@code tests/scripts/make_conv_fixtures.py}), within 1e-5.
 */
class ConvolutionGoldenTest {
  private static final Safetensors FIXTURE = Safetensors.fixture("conv_pool.safetensors");
  private static final Map<TestDevices, Device> OPEN = new EnumMap<>(TestDevices.class);
  private static Device device;
  private static Convolutions convolutions;

  @AfterAll
  static void close() {
    OPEN.values().forEach(Device::close);
  }

  static Stream<Arguments> convolutionCases() {
    return TestDevices.all().flatMap(d -> Stream.of("conv_same_5x5", "conv_stride2_asymmetric",
        "conv_dilated_no_bias", "conv_kernel_is_input", "conv_keras_same_stride2", "conv_17_channels")
        .map(name -> Arguments.of(d, name)));
  }

  static Stream<Arguments> poolingCases() {
    return TestDevices.all().flatMap(d -> Stream.of("max_2x2", "max_3x3_padded_overlapping",
        "max_asymmetric_ties", "avg_2x2", "avg_3x3_padded_overlapping", "avg_asymmetric")
        .map(name -> Arguments.of(d, name)));
  }

  /** Opens each device once for the whole class. */
  private static void use(TestDevices which) {
    device = OPEN.computeIfAbsent(which, TestDevices::open);
    convolutions = device.convolutions();
  }

  @ParameterizedTest
  @MethodSource("convolutionCases")
  void convolutionAndItsGradientsMatchPyTorch(TestDevices which, String name) {
    use(which);
    int[] f = fields(name);
    ConvolutionShape s = new ConvolutionShape(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7],
        f[8], f[9], f[10], f[11], f[12], f[13], f[14]);
    boolean bias = FIXTURE.has(name + ".b");
    Tensor x = tensor(name + ".x");
    Tensor w = tensor(name + ".w");
    Tensor b = bias ? tensor(name + ".b") : null;
    Tensor dy = tensor(name + ".dy");
    Tensor y = device.allocate(s.outputSize());
    Tensor dx = device.allocate(s.inputSize());
    Tensor dw = device.allocate(s.weightSize());
    Tensor db = device.allocate(s.outChannels());
    convolutions.convolutionForward(s, x, 0, w, 0, b, 0, y, 0);
    convolutions.convolutionBackwardData(s, dy, 0, w, 0, dx, 0);
    convolutions.convolutionBackwardFilter(s, x, 0, dy, 0, 0f, dw, 0);
    check(name + ".y", y);
    check(name + ".dx", dx);
    check(name + ".dw", dw);
    if (bias) {
      convolutions.convolutionBackwardBias(s, dy, 0, 0f, db, 0);
      check(name + ".db", db);
    }
  }

  @ParameterizedTest
  @MethodSource("poolingCases")
  void poolingAndItsGradientMatchPyTorch(TestDevices which, String name) {
    use(which);
    int[] f = fields(name);
    PoolingShape s = new PoolingShape(f[0] == 0 ? PoolingShape.Mode.MAX : PoolingShape.Mode.AVERAGE,
        f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], f[10], f[11], f[12]);
    Tensor x = tensor(name + ".x");
    Tensor y = device.allocate(s.outputSize());
    Tensor dx = device.allocate(s.inputSize());
    convolutions.poolingForward(s, x, 0, y, 0);
    convolutions.poolingBackward(s, x, 0, y, 0, tensor(name + ".dy"), 0, dx, 0);
    check(name + ".y", y);
    check(name + ".dx", dx);
  }

  private static int[] fields(String name) {
    float[] stored = FIXTURE.get(name + ".shape");
    int[] fields = new int[stored.length];
    for (int i = 0; i < stored.length; i++) {
      fields[i] = (int) stored[i];
    }
    return fields;
  }

  private static Tensor tensor(String name) {
    float[] values = FIXTURE.get(name);
    Tensor tensor = device.allocate(values.length);
    device.upload(values, 0, tensor, 0, values.length);
    return tensor;
  }

  private static void check(String name, Tensor actual) {
    float[] expected = FIXTURE.get(name);
    float[] found = new float[expected.length];
    device.download(actual, 0, found, 0, found.length);
    Tolerance.assertWithin(name + " on " + device.describe() + " against PyTorch", expected, found, 1e-5);
  }
}
