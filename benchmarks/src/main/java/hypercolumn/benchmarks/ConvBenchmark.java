package hypercolumn.benchmarks;

import hypercolumn.runtime.ConvolutionShape;
import hypercolumn.runtime.Tensor;
import hypercolumn.runtime.cpu.CpuConvolutions;
import hypercolumn.runtime.cpu.CpuDevice;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * GFLOP/s of CpuConvolutions at the Fashion-MNIST CNN's two convolutions (5x5 SAME, 1->32 on
 * 28x28 and 32->64 on 14x14, batch 128): forward, backward data, backward filter with bias,
 * each the median of 5 timed rounds after a warm-up, beside the FMA peak. For comparison it
 * times the forward pass as a direct loop nest too: one row of output per (sample, filter,
 * channel, kernel cell, output row), an axpy that C2 vectorizes, split over samples on the
 * common fork-join pool. Each pass runs on both of CpuConvolutions' algorithms, im2col with the
 * GEMM and the implicit GEMM (where the GEMM's tile has a kernel for it). Prints one line per layer and pass: {@code conv NAME PASS impl=I
 * ms=T gflops=G}. {@code benchmarks/scripts/torch_conv.py} prints the same lines for PyTorch.
 *
 * <p>Arguments: {@code --threads N}, {@code --rounds R}.
 */
public final class ConvBenchmark {
  private ConvBenchmark() {}

  public static void main(String[] args) {
    int threads = CpuDevice.defaultThreads();
    int rounds = 5;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException(
            "Unknown argument '" + args[i] + "'; expected --threads N or --rounds R");
      }
    }
    ConvolutionShape[] shapes = {
        new ConvolutionShape(128, 1, 28, 28, 32, 5, 5, 1, 1, 2, 2, 2, 2, 1, 1),
        new ConvolutionShape(128, 32, 14, 14, 64, 5, 5, 1, 1, 2, 2, 2, 2, 1, 1)};
    String[] names = {"conv1", "conv2"};
    System.out.println("conv peak " + FmaPeak.ofThisMachine().describe(threads));
    try (CpuDevice device = new CpuDevice(threads)) {
      System.out.println("conv device " + device.describe());
      CpuConvolutions[] algorithms = {algorithm(device, "im2col"), algorithm(device, "implicit")};
      for (int s = 0; s < shapes.length; s++) {
        ConvolutionShape shape = shapes[s];
        Random random = new Random(s);
        Tensor x = random(device, shape.inputSize(), random);
        Tensor w = random(device, shape.weightSize(), random);
        Tensor b = random(device, shape.outChannels(), random);
        Tensor y = device.allocate(shape.outputSize());
        Tensor dx = device.allocate(shape.inputSize());
        Tensor dw = device.allocate(shape.weightSize());
        Tensor db = device.allocate(shape.outChannels());
        double flops = 2.0 * shape.outputSize() * shape.inChannels() * shape.kernelHeight()
            * shape.kernelWidth();
        for (CpuConvolutions convolutions : algorithms) {
          String impl = convolutions.algorithm();
          report(names[s], "forward", impl, flops, rounds,
              () -> convolutions.convolutionForward(shape, x, 0, w, 0, b, 0, y, 0));
          report(names[s], "backward-data", impl, flops, rounds,
              () -> convolutions.convolutionBackwardData(shape, y, 0, w, 0, dx, 0));
          report(names[s], "backward-filter+bias", impl, flops, rounds, () -> {
            convolutions.convolutionBackwardFilter(shape, x, 0, y, 0, 0f, dw, 0);
            convolutions.convolutionBackwardBias(shape, y, 0, 0f, db, 0);
          });
        }
        float[] xs = x.hostArray();
        float[] ws = w.hostArray();
        float[] bs = b.hostArray();
        float[] ys = new float[shape.outputSize()];
        report(names[s], "forward", "direct", flops, rounds,
            () -> directForward(shape, xs, ws, bs, ys));
      }
    }
  }

  /** The device's convolutions with the system property hypercolumn.conv set to {@code algorithm}. */
  private static CpuConvolutions algorithm(CpuDevice device, String algorithm) {
    System.setProperty("hypercolumn.conv", algorithm);
    try {
      return new CpuConvolutions(device);
    } finally {
      System.clearProperty("hypercolumn.conv");
    }
  }

  private static void report(String name, String pass, String impl, double flops, int rounds,
      Runnable call) {
    double median = Stats.medianMillis(rounds, call);
    System.out.printf("conv %s %s impl=%s ms=%.3f gflops=%.1f%n", name, pass, impl, median,
        flops / median / 1e6);
  }

  /** Stride 1 only: each (sample, filter) plane gathers shifted input rows times one weight. */
  private static void directForward(ConvolutionShape s, float[] x, float[] w, float[] b, float[] y) {
    int oh = s.outHeight();
    int ow = s.outWidth();
    IntStream.range(0, s.batch()).parallel().forEach(n -> {
      for (int k = 0; k < s.outChannels(); k++) {
        int out = (n * s.outChannels() + k) * oh * ow;
        Arrays.fill(y, out, out + oh * ow, b[k]);
        for (int c = 0; c < s.inChannels(); c++) {
          int in = (n * s.inChannels() + c) * s.height() * s.width();
          for (int p = 0; p < s.kernelHeight(); p++) {
            for (int q = 0; q < s.kernelWidth(); q++) {
              float weight = w[((k * s.inChannels() + c) * s.kernelHeight() + p) * s.kernelWidth() + q];
              int shift = q - s.padLeft();
              int from = Math.max(0, -shift);
              int to = Math.min(ow, s.width() - shift);
              for (int i = 0; i < oh; i++) {
                int h = i - s.padTop() + p;
                if (h < 0 || h >= s.height()) {
                  continue;
                }
                int row = in + h * s.width() + shift;
                int target = out + i * ow;
                for (int j = from; j < to; j++) {
                  y[target + j] += weight * x[row + j];
                }
              }
            }
          }
        }
      }
    });
  }

  private static Tensor random(CpuDevice device, int size, Random random) {
    float[] values = new float[size];
    for (int i = 0; i < size; i++) {
      values[i] = 2 * random.nextFloat() - 1;
    }
    return device.hostView(values);
  }
}
