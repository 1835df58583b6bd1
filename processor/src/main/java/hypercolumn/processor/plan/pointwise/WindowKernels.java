package hypercolumn.processor.plan.pointwise;

import static hypercolumn.processor.plan.pointwise.Expr.add;
import static hypercolumn.processor.plan.pointwise.Expr.constant;
import static hypercolumn.processor.plan.pointwise.Expr.divide;
import static hypercolumn.processor.plan.pointwise.Expr.greater;
import static hypercolumn.processor.plan.pointwise.Expr.multiply;
import static hypercolumn.processor.plan.pointwise.Index.flat;
import static hypercolumn.processor.plan.pointwise.Index.plus;
import static hypercolumn.processor.plan.pointwise.Index.times;
import static hypercolumn.processor.plan.pointwise.Index.variable;

import hypercolumn.processor.plan.pointwise.KernelBuffer.Access;
import hypercolumn.processor.plan.pointwise.KernelBuffer.Element;
import hypercolumn.processor.plan.pointwise.KernelBuffer.Storage;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernels of the convolutional layer kinds over NCHW blocks, one sample per row: the
 * per-channel work of a convolution's bias and a batch norm's scale and shift, im2col and
 * col2im, and max and average pooling with their gradients. Each is one description built from
 * views, so both devices run it.
 *
 * <p>Forward kernels run one element per output cell and loop over the window, reading the
 * input through a computed view whose guard turns a padded cell into a constant (0, or minus
 * infinity for a maximum). Backward kernels are gathers: one element per input cell loops over
 * the window cells {@code (kh, kw)} and finds the output cell that read it, {@code oh = (h +
 * padTop - kh * dilationH) / strideH} where that division is exact and in range, so no two
 * threads write one cell and no atomics are needed. Max pooling stores the argmax as an index
 * buffer, the input cell's index {@code h * W + w} within its channel as PyTorch's {@code
 * indices} (the first maximum in row-major window order); its gradient adds the output gradients
 * whose argmax is the cell. Average pooling divides by {@code kernelH * kernelW}, padded cells
 * counted ({@code count_include_pad=True}).
 */
public final class WindowKernels {
  private static final Index ROW = new Index.Row();
  /** The batch's size in {@link Index#flat}, which the index does not depend on. */
  private static final int ANY_BATCH = 0;

  private WindowKernels() {}

  /** {@code output += bias[channel]}, in place on a convolution's output. */
  public static KernelPlan channelBias(String name, int channels, int cellsPerChannel, String output, String bias) {
    return new KernelPlan(name, "forward", channels * cellsPerChannel,
        List.of(arena("output", output, Access.READ_WRITE),
            new KernelBuffer("bias", Storage.PARAMETERS, bias, new View.Channel(channels, cellsPerChannel), Element.FLOAT, Access.READ)),
        List.of(),
        List.of(new Statement.Store("output", add(load("output"), load("bias")))),
        name + ": bias per channel");
  }

  /** {@code output = input * scale[channel] + shift[channel]}, a batch norm's element-wise part. */
  public static KernelPlan channelScaleShift(String name, int channels, int cellsPerChannel, String input, String output,
      String scale, String shift) {
    View channel = new View.Channel(channels, cellsPerChannel);
    return new KernelPlan(name, "forward", channels * cellsPerChannel,
        List.of(arena("input", input, Access.READ), arena("output", output, Access.WRITE),
            new KernelBuffer("scale", Storage.ARENA, scale, channel, Element.FLOAT, Access.READ),
            new KernelBuffer("shift", Storage.ARENA, shift, channel, Element.FLOAT, Access.READ)),
        List.of(),
        List.of(new Statement.Store("output", add(multiply(load("input"), load("scale")), load("shift")))),
        name + ": scale and shift per channel");
  }

  /** The columns of a convolution, {@code (C * KH * KW) x (OH * OW)} per sample; padded cells are 0. */
  public static KernelPlan im2col(String name, Window w, String input, String columns) {
    List<Statement> statements = new ArrayList<>(inputCell(w));
    statements.add(new Statement.Store("columns", load("input")));
    return new KernelPlan(name, "forward", w.columnCells(),
        List.of(new KernelBuffer("input", Storage.ARENA, input, paddedInput(w, 0f), Element.FLOAT, Access.READ),
            arena("columns", columns, Access.WRITE)),
        List.of(), statements, name + ": im2col",
        List.of(coordinate("ch", w.channels()), coordinate("kh", w.kernelH()), coordinate("kw", w.kernelW()),
            coordinate("oh", w.outHeight()), coordinate("ow", w.outWidth())));
  }

  /** The input gradient from the columns' gradient: each input cell sums the columns that read it. */
  public static KernelPlan col2im(String name, Window w, String columns, String inputGradient) {
    Index column = flat(new int[] {ANY_BATCH, w.channels(), w.kernelH(), w.kernelW(), w.outHeight(), w.outWidth()},
        ROW, variable("ch"), variable("kh"), variable("kw"), variable("oh"), variable("ow"));
    View read = new View.Computed(column, outputGuard(w), 0f);
    return gather(name, w, "columns", columns, read, List.of(accumulate("columns")), constant(1), inputGradient,
        name + ": col2im, a gather over the columns that read each cell");
  }

  /** The maximum of each window and, into an index buffer, where in its channel it is. */
  public static KernelPlan maxPoolForward(String name, Window w, String input, String output, String argmax) {
    List<Statement> window = new ArrayList<>(inputCell(w));
    window.add(new Statement.Let("v", load("input")));
    window.add(new Statement.If(greater(new Expr.Local("v"), new Expr.Local("best")), List.of(
        new Statement.Assign("best", new Expr.Local("v")),
        new Statement.AssignIndex("arg", Index.add(times(variable("h"), w.width()), variable("w"))))));
    List<Statement> statements = List.of(
        new Statement.Let("best", constant(Float.NEGATIVE_INFINITY)),
        new Statement.LetIndex("arg", Index.constant(-1)),
        overWindow(w, window),
        new Statement.Store("output", new Expr.Local("best")),
        new Statement.StoreIndex("argmax", variable("arg")));
    return pooling(name, w, List.of(
        new KernelBuffer("input", Storage.ARENA, input, paddedInput(w, Float.NEGATIVE_INFINITY), Element.FLOAT, Access.READ),
        arena("output", output, Access.WRITE),
        new KernelBuffer("argmax", Storage.ARENA, argmax, new View.Row(), Element.INDEX, Access.WRITE)),
        statements, name + ": max pooling, with the argmax");
  }

  /** The input gradient of a max pooling: each cell sums the output gradients whose argmax it is. */
  public static KernelPlan maxPoolBackward(String name, Window w, String argmax, String outputGradient, String inputGradient) {
    Index cell = Index.add(times(variable("h"), w.width()), variable("w"));
    Statement ifArgmax = new Statement.If(new Expr.Test(new Condition.Equal(new Index.Load("argmax"), cell)),
        List.of(accumulate("gradient")));
    KernelBuffer argmaxBuffer = new KernelBuffer("argmax", Storage.ARENA, argmax,
        new View.Computed(pooledCell(w), outputGuard(w), -1f), Element.INDEX, Access.READ);
    return gather(name, w, "gradient", outputGradient, new View.Computed(pooledCell(w), outputGuard(w), 0f),
        List.of(ifArgmax), constant(1), inputGradient, name + ": gradient of the max pooling, a gather", argmaxBuffer);
  }

  /** The mean of each window, padded cells counted as zeros. */
  public static KernelPlan avgPoolForward(String name, Window w, String input, String output) {
    List<Statement> window = new ArrayList<>(inputCell(w));
    window.add(accumulate("input"));
    List<Statement> statements = List.of(
        new Statement.Let("sum", constant(0)),
        overWindow(w, window),
        new Statement.Store("output", divide(new Expr.Local("sum"), constant(w.kernelH() * w.kernelW()))));
    return pooling(name, w, List.of(
        new KernelBuffer("input", Storage.ARENA, input, paddedInput(w, 0f), Element.FLOAT, Access.READ),
        arena("output", output, Access.WRITE)), statements, name + ": average pooling, padding counted");
  }

  /** The input gradient of an average pooling: each cell sums the gradients of the windows that hold it. */
  public static KernelPlan avgPoolBackward(String name, Window w, String outputGradient, String inputGradient) {
    return gather(name, w, "gradient", outputGradient, new View.Computed(pooledCell(w), outputGuard(w), 0f),
        List.of(accumulate("gradient")), constant(w.kernelH() * w.kernelW()), inputGradient,
        name + ": gradient of the average pooling, a gather");
  }

  /**
   * One element per input cell {@code (ch, h, w)}: {@code sum} over the window cells of what
   * {@code body} adds, divided by {@code divisor}, written to {@code inputGradient}.
   */
  private static KernelPlan gather(String name, Window w, String sourceName, String source, View sourceView,
      List<Statement> body, Expr divisor, String inputGradient, String description, KernelBuffer... more) {
    List<Statement> window = new ArrayList<>(outputCell(w));
    window.addAll(body);
    List<Statement> statements = List.of(
        new Statement.Let("sum", constant(0)),
        overWindow(w, window),
        new Statement.Store("inputGradient", divisor.equals(constant(1)) ? new Expr.Local("sum")
            : divide(new Expr.Local("sum"), divisor)));
    List<KernelBuffer> buffers = new ArrayList<>(List.of(more));
    buffers.add(new KernelBuffer(sourceName, Storage.ARENA, source, sourceView, Element.FLOAT, Access.READ));
    buffers.add(arena("inputGradient", inputGradient, Access.WRITE));
    return new KernelPlan(name, "backward", w.inputCells(), buffers, List.of(), statements, description,
        List.of(coordinate("ch", w.channels()), coordinate("h", w.height()), coordinate("w", w.width())));
  }

  private static KernelPlan pooling(String name, Window w, List<KernelBuffer> buffers, List<Statement> statements,
      String description) {
    return new KernelPlan(name, "forward", w.pooledCells(), buffers, List.of(), statements, description,
        List.of(coordinate("ch", w.channels()), coordinate("oh", w.outHeight()), coordinate("ow", w.outWidth())));
  }

  /** {@code for kh, for kw: body}. */
  private static Statement overWindow(Window w, List<Statement> body) {
    return new Statement.Loop("kh", w.kernelH(), List.of(new Statement.Loop("kw", w.kernelW(), body)));
  }

  /** {@code h} and {@code w}, the input cell that window cell {@code (kh, kw)} of output cell {@code (oh, ow)} reads. */
  private static List<Statement> inputCell(Window w) {
    return List.of(
        new Statement.LetIndex("h", plus(Index.add(times(variable("oh"), w.strideH()), times(variable("kh"), w.dilationH())), -w.padTop())),
        new Statement.LetIndex("w", plus(Index.add(times(variable("ow"), w.strideW()), times(variable("kw"), w.dilationW())), -w.padLeft())));
  }

  /**
   * {@code oh} and {@code ow}, the output cell whose window cell {@code (kh, kw)} is input cell
   * {@code (h, w)}, from {@code ohs = oh * strideH} and {@code ows}; {@link #outputGuard} says
   * whether there is one.
   */
  private static List<Statement> outputCell(Window w) {
    return List.of(
        new Statement.LetIndex("ohs", Index.subtract(plus(variable("h"), w.padTop()), times(variable("kh"), w.dilationH()))),
        new Statement.LetIndex("ows", Index.subtract(plus(variable("w"), w.padLeft()), times(variable("kw"), w.dilationW()))),
        new Statement.LetIndex("oh", w.strideH() == 1 ? variable("ohs") : Index.divide(variable("ohs"), Index.constant(w.strideH()))),
        new Statement.LetIndex("ow", w.strideW() == 1 ? variable("ows") : Index.divide(variable("ows"), Index.constant(w.strideW()))));
  }

  private static List<Condition> outputGuard(Window w) {
    List<Condition> guard = new ArrayList<>();
    if (w.strideH() != 1) {
      guard.add(new Condition.Divisible(variable("ohs"), w.strideH()));
    }
    guard.add(new Condition.InRange(variable("oh"), w.outHeight()));
    if (w.strideW() != 1) {
      guard.add(new Condition.Divisible(variable("ows"), w.strideW()));
    }
    guard.add(new Condition.InRange(variable("ow"), w.outWidth()));
    return guard;
  }

  /** The input at {@code (r, ch, h, w)}, or {@code padding} outside the input. */
  private static View paddedInput(Window w, float padding) {
    Index cell = flat(new int[] {ANY_BATCH, w.channels(), w.height(), w.width()}, ROW, variable("ch"), variable("h"), variable("w"));
    return new View.Computed(cell,
        List.of(new Condition.InRange(variable("h"), w.height()), new Condition.InRange(variable("w"), w.width())), padding);
  }

  /** The pooled cell {@code (r, ch, oh, ow)}. */
  private static Index pooledCell(Window w) {
    return flat(new int[] {ANY_BATCH, w.channels(), w.outHeight(), w.outWidth()}, ROW, variable("ch"), variable("oh"), variable("ow"));
  }

  /** {@code sum += buffer}. */
  private static Statement accumulate(String buffer) {
    return new Statement.Assign("sum", add(new Expr.Local("sum"), load(buffer)));
  }

  private static KernelPlan.Coordinate coordinate(String name, int size) {
    return new KernelPlan.Coordinate(name, size);
  }

  private static KernelBuffer arena(String name, String region, Access access) {
    return new KernelBuffer(name, Storage.ARENA, region, false, access);
  }

  private static Expr load(String buffer) {
    return new Expr.Load(buffer);
  }
}
