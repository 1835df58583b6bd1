package hypercolumn.tests;

import hypercolumn.processor.emit.cuda.CudaSource;
import hypercolumn.processor.plan.pointwise.Expr;
import hypercolumn.processor.plan.pointwise.KernelBuffer;
import hypercolumn.processor.plan.pointwise.KernelPlan;
import hypercolumn.processor.plan.pointwise.Statement;
import hypercolumn.processor.plan.pointwise.View;
import hypercolumn.processor.plan.pointwise.Window;
import hypercolumn.processor.plan.pointwise.WindowKernels;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernel descriptions of {@code WindowKernels} that the tests run and compile: each kind
 * over windows with strides 1 and 2, padding that differs on every side (more than half the
 * window on one), dilation 2 over rows and over columns, and non-square kernels.
 */
public final class WindowKernelPlans {
  private WindowKernelPlans() {}

  public record Case(String name, Window window) {
    @Override
    public String toString() {
      return name;
    }

    String kernel(String kind) {
      return name + "_" + kind;
    }
  }

  public static final List<Case> CASES = List.of(
      // Stride 2, padding top 1, bottom 0, left 2, right 1.
      new Case("stride2", new Window(2, 5, 6, 3, 3, 2, 2, 1, 0, 2, 1, 1, 1)),
      // A 3x2 kernel, dilation 2 over rows, stride 2 over columns, padding bottom 2 and left 1.
      new Case("dilated", new Window(3, 7, 5, 3, 2, 1, 2, 0, 2, 1, 0, 2, 1)),
      // Plain 2x2 pooling windows.
      new Case("plain2x2", Window.of(2, 6, 5, 2, 2, 0, 0, 0, 0)),
      // Stride 2 then 1, padding 1, 1, 0, 1, dilation 2 over columns.
      new Case("mixed", new Window(3, 5, 7, 3, 2, 2, 1, 1, 1, 0, 1, 1, 2)));

  public static final int BIAS_CHANNELS = 3;
  public static final int BIAS_CELLS = 20;
  public static final KernelPlan BIAS = WindowKernels.channelBias("conv", BIAS_CHANNELS, BIAS_CELLS, "y", "conv.bias");
  public static final int NORM_CHANNELS = 4;
  public static final int NORM_CELLS = 6;
  public static final KernelPlan SCALE_SHIFT =
      WindowKernels.channelScaleShift("norm", NORM_CHANNELS, NORM_CELLS, "x", "y", "scale", "shift");

  public static final int GATE_WIDTH = 5;
  public static final int INPUT_STRIDE = 4 * GATE_WIDTH;
  public static final int INPUT_OFFSET = GATE_WIDTH;
  public static final int OUTPUT_STRIDE = 12;
  public static final int OUTPUT_OFFSET = 7;
  /**
   * {@code out[r * 12 + 7 + c] = x[r * 20 + 5 + c] + 1}: the second of four gates read out of
   * wider rows, as a recurrent layer's kernels will, written into a slice of other wide rows.
   */
  public static final KernelPlan GATE = new KernelPlan("gate", "forward", GATE_WIDTH,
      List.of(new KernelBuffer("x", KernelBuffer.Storage.ARENA, "x", new View.Strided(INPUT_STRIDE, INPUT_OFFSET),
              KernelBuffer.Element.FLOAT, KernelBuffer.Access.READ),
          new KernelBuffer("out", KernelBuffer.Storage.ARENA, "out", new View.Strided(OUTPUT_STRIDE, OUTPUT_OFFSET),
              KernelBuffer.Element.FLOAT, KernelBuffer.Access.WRITE)),
      List.of(),
      List.of(new Statement.Store("out", Expr.add(new Expr.Load("x"), Expr.constant(1)))),
      "gate: one gate of wider rows, into a slice");

  /** Every kernel, for one class and one CUDA source. */
  public static List<KernelPlan> all() {
    List<KernelPlan> plans = new ArrayList<>(List.of(BIAS, SCALE_SHIFT, GATE));
    for (Case c : CASES) {
      for (String kind : List.of("im2col forward", "col2im backward", "maxpool forward", "maxpool backward",
          "avgpool forward", "avgpool backward")) {
        String[] parts = kind.split(" ");
        plans.add(plan(c, parts[0], parts[1]));
      }
    }
    return plans;
  }

  /** The CUDA source of {@link #all()}, as a network's would be written. */
  public static String cudaSource() {
    return CudaSource.write(WindowKernelPlans.class.getName(), "WindowKernels", all());
  }

  static KernelPlan plan(Case c, String kind, String pass) {
    Window w = c.window();
    String name = c.kernel(kind);
    return switch (kind + " " + pass) {
      case "im2col forward" -> WindowKernels.im2col(name, w, "x", "columns");
      case "col2im backward" -> WindowKernels.col2im(name, w, "dColumns", "dx");
      case "maxpool forward" -> WindowKernels.maxPoolForward(name, w, "x", "y", "argmax");
      case "maxpool backward" -> WindowKernels.maxPoolBackward(name, w, "argmax", "dy", "dx");
      case "avgpool forward" -> WindowKernels.avgPoolForward(name, w, "x", "y");
      case "avgpool backward" -> WindowKernels.avgPoolBackward(name, w, "dy", "dx");
      default -> throw new IllegalArgumentException("Expected a window kernel, found " + kind + " " + pass);
    };
  }
}
