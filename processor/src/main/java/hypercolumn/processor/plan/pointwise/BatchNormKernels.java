package hypercolumn.processor.plan.pointwise;

import static hypercolumn.processor.plan.pointwise.Expr.add;
import static hypercolumn.processor.plan.pointwise.Expr.constant;
import static hypercolumn.processor.plan.pointwise.Expr.divide;
import static hypercolumn.processor.plan.pointwise.Expr.multiply;
import static hypercolumn.processor.plan.pointwise.Expr.subtract;

import hypercolumn.processor.plan.pointwise.KernelBuffer.Access;
import hypercolumn.processor.plan.pointwise.KernelBuffer.Element;
import hypercolumn.processor.plan.pointwise.KernelBuffer.Storage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The element-wise parts of a batch norm over the channels of a {@code (B, C, cells)} input
 * {@code x}: the features of a flat input ({@code BatchNorm1d}, one cell per channel) or the
 * {@code H * W} cells of each channel of an image ({@code BatchNorm2d}). The sums between them
 * are the device's reductions along the batch ({@code SumRows}), followed for an image by
 * {@link #channelSums}, which adds each channel's cells. With {@code s} the channel sums of
 * {@code x}, {@code q} those of the squared deviations and {@code B} the values per channel
 * ({@code batch * cells}):
 *
 * <pre>
 * statistics:  squares = (x - s / B)^2
 * forward:     h = (x - s / B) / sqrt(q / B + eps);  normalized = h;  y = h * weight + bias
 * running:     mean = (1 - m) mean + m s / B;  var = (1 - m) var + m q / (B - 1)   (one row)
 * count:       num_batches_tracked += 1                                            (one element)
 * evaluation:  y = (x - mean) / sqrt(var + eps) * weight + bias
 * backward:    products = dY * h   (their column sums are dWeight; those of dY are dBias)
 * input grad:  dX = weight / sqrt(q / B + eps) * (dY - sum(dY) / B - h * sum(dY h) / B)
 * </pre>
 *
 * The last line is the standard gradient of a batch norm, the batch statistics differentiated
 * too. The launch's scalars are {@code inverseBatch} and {@code inverseBatchLessOne}, {@code 1 /
 * batch} and {@code 1 / (batch - 1)}, so one kernel serves every batch size; over cells, {@code 1
 * / B} is {@code inverseBatch / cells} and {@code 1 / (B - 1)} is {@code inverseBatch / (cells -
 * inverseBatch)}, finite for a batch of one. The variance used to normalize is biased ({@code /
 * B}), the running one unbiased ({@code / (B - 1)}), as PyTorch's. A per-channel value is read
 * at the element's column for a flat input ({@link View.Column}) and at its channel for an
 * image ({@link View.Channel}).
 */
public final class BatchNormKernels {
  private static final List<String> BATCH = List.of("inverseBatch", "inverseBatchLessOne");
  private static final Expr ONE = constant(1);
  private static final Expr INVERSE_BATCH = new Expr.Scalar("inverseBatch");

  private BatchNormKernels() {}

  /**
   * The tensors of one batch norm, by their names in the arena and the parameters.
   *
   * @param channels the features of a flat input or the channels of an image
   * @param cells the cells of each channel: 1 for a flat input, {@code H * W} for an image
   * @param weight and {@code bias}: the affine parameters, empty when {@code affine = false}
   * @param sums the per-channel sums of the input, {@code squareSums} of the squared deviations
   */
  public record Tensors(String layer, int channels, int cells, double eps, String input, String sums, String squares,
      String squareSums, String normalized, String output, Optional<String> weight, Optional<String> bias) {

    /** The elements of one sample. */
    public int columns() {
      return channels * cells;
    }

    /** How an element of the input reads its channel's value. */
    View perChannel() {
      return cells == 1 ? new View.Column() : new View.Channel(channels, cells);
    }

    /** {@code 1 / B}, over the values of a channel. */
    Expr inverseCount() {
      return cells == 1 ? INVERSE_BATCH : divide(INVERSE_BATCH, constant(cells));
    }

    /** {@code 1 / (B - 1)}, over the values of a channel. */
    Expr inverseCountLessOne() {
      return cells == 1 ? new Expr.Scalar("inverseBatchLessOne")
          : divide(INVERSE_BATCH, subtract(constant(cells), INVERSE_BATCH));
    }
  }

  public static KernelPlan statistics(Tensors t) {
    return new KernelPlan(t.layer(), "statistics", t.columns(),
        List.of(arena("input", t.input(), Access.READ), channel(t, "sums", t.sums()),
            arena("squares", t.squares(), Access.WRITE)),
        BATCH,
        List.of(new Statement.Let("d", subtract(load("input"), multiply(load("sums"), t.inverseCount()))),
            new Statement.Store("squares", multiply(local("d"), local("d")))),
        t.layer() + ": squared deviations from the batch mean");
  }

  public static KernelPlan forward(Tensors t) {
    List<KernelBuffer> buffers = new ArrayList<>(List.of(arena("input", t.input(), Access.READ),
        channel(t, "sums", t.sums()), channel(t, "squareSums", t.squareSums()),
        arena("normalized", t.normalized(), Access.WRITE), arena("output", t.output(), Access.WRITE)));
    List<Statement> statements = new ArrayList<>(List.of(
        new Statement.Let("invStd", inverseStd(multiply(load("squareSums"), t.inverseCount()), t.eps())),
        new Statement.Let("h", multiply(subtract(load("input"), multiply(load("sums"), t.inverseCount())),
            local("invStd"))),
        new Statement.Store("normalized", local("h"))));
    statements.add(new Statement.Store("output", affine(t, buffers, local("h"))));
    return new KernelPlan(t.layer(), "forward", t.columns(), buffers, BATCH, statements,
        t.layer() + ": normalize by the batch statistics" + (t.weight().isPresent() ? ", scale and shift" : ""));
  }

  /** The running statistics' update, over one row of {@code channels}. */
  public static KernelPlan running(Tensors t, double momentum, String runningMean, String runningVar) {
    Expr keep = constant(1 - momentum);
    Expr m = constant(momentum);
    return new KernelPlan(t.layer(), "running", t.channels(),
        List.of(column("sums", Storage.ARENA, t.sums(), Access.READ),
            column("squareSums", Storage.ARENA, t.squareSums(), Access.READ),
            state("runningMean", runningMean), state("runningVar", runningVar)),
        BATCH,
        List.of(
            new Statement.Store("runningMean", add(multiply(keep, load("runningMean")),
                multiply(m, multiply(load("sums"), t.inverseCount())))),
            new Statement.Store("runningVar", add(multiply(keep, load("runningVar")),
                multiply(m, multiply(load("squareSums"), t.inverseCountLessOne()))))),
        t.layer() + ": running mean and unbiased running variance, momentum " + momentum);
  }

  /** {@code num_batches_tracked += 1}, over one row of one column. */
  public static KernelPlan count(String layer, String batchesTracked) {
    return new KernelPlan(layer, "count", 1, List.of(state("count", batchesTracked)), List.of(),
        List.of(new Statement.Store("count", add(load("count"), ONE))), layer + ": count the training batch");
  }

  public static KernelPlan evaluation(Tensors t, String runningMean, String runningVar) {
    List<KernelBuffer> buffers = new ArrayList<>(List.of(arena("input", t.input(), Access.READ),
        parameter(t, "runningMean", runningMean), parameter(t, "runningVar", runningVar),
        arena("output", t.output(), Access.WRITE)));
    Expr h = multiply(subtract(load("input"), load("runningMean")), inverseStd(load("runningVar"), t.eps()));
    List<Statement> statements = new ArrayList<>(List.of(new Statement.Let("h", h)));
    statements.add(new Statement.Store("output", affine(t, buffers, local("h"))));
    return new KernelPlan(t.layer(), "evaluation", t.columns(), buffers, List.of(), statements,
        t.layer() + ": normalize by the running statistics" + (t.weight().isPresent() ? ", scale and shift" : ""));
  }

  /** {@code products = dY * h}, whose column sums are the weight's gradient. */
  public static KernelPlan backward(Tensors t, String gradient, String products) {
    return new KernelPlan(t.layer(), "backward", t.columns(),
        List.of(arena("gradient", gradient, Access.READ), arena("normalized", t.normalized(), Access.READ),
            arena("products", products, Access.WRITE)),
        List.of(),
        List.of(new Statement.Store("products", multiply(load("gradient"), load("normalized")))),
        t.layer() + ": the gradient times the normalized input");
  }

  /**
   * The input's gradient.
   *
   * @param gradientSums the column sums of {@code dY}, and {@code productSums} of {@code dY h}:
   *     the gradients of bias and weight when the layer has them ({@code inGradients}), else
   *     per-channel arena buffers
   */
  public static KernelPlan inputGradient(Tensors t, String gradient, String gradientSums, String productSums,
      boolean inGradients, String inputGradient) {
    List<KernelBuffer> buffers = new ArrayList<>(List.of(arena("gradient", gradient, Access.READ),
        arena("normalized", t.normalized(), Access.READ), channel(t, "squareSums", t.squareSums())));
    Storage sums = inGradients ? Storage.GRADIENTS : Storage.ARENA;
    buffers.add(new KernelBuffer("gradientSums", sums, gradientSums, t.perChannel(), Element.FLOAT, Access.READ));
    buffers.add(new KernelBuffer("productSums", sums, productSums, t.perChannel(), Element.FLOAT, Access.READ));
    Expr scale = inverseStd(multiply(load("squareSums"), t.inverseCount()), t.eps());
    if (t.weight().isPresent()) {
      buffers.add(parameter(t, "weight", t.weight().get()));
      scale = multiply(load("weight"), scale);
    }
    buffers.add(arena("inputGradient", inputGradient, Access.WRITE));
    Expr centred = subtract(subtract(load("gradient"), multiply(load("gradientSums"), t.inverseCount())),
        multiply(load("normalized"), multiply(load("productSums"), t.inverseCount())));
    return new KernelPlan(t.layer(), "inputGradient", t.columns(), buffers, BATCH,
        List.of(new Statement.Store("inputGradient", multiply(scale, centred))),
        t.layer() + ": the gradient of the input, through the batch statistics");
  }

  /**
   * Adds each channel's cells of {@code cellSums} (the batch's sums of an image's cells, {@code
   * (C, cells)}) into {@code channelSums}, one element per channel over one row; {@code target}
   * says whether that is an arena buffer or a parameter's gradient. A loop in one element
   * rather than a library reduction, since {@code cells} is fixed when the kernel is generated.
   */
  public static KernelPlan channelSums(Tensors t, String pass, String cellSums, Storage target, String channelSums) {
    Index cell = Index.flat(new int[] {t.channels(), t.cells()}, Index.variable("ch"), Index.variable("k"));
    return new KernelPlan(t.layer(), pass, t.channels(),
        List.of(new KernelBuffer("cells", Storage.ARENA, cellSums, View.computed(cell), Element.FLOAT, Access.READ),
            // One row: the element's own index is its channel.
            new KernelBuffer("sums", target, channelSums, false, Access.WRITE)),
        List.of(),
        List.of(new Statement.Let("sum", constant(0)),
            new Statement.Loop("k", t.cells(), List.of(new Statement.Assign("sum", add(local("sum"), load("cells"))))),
            new Statement.Store("sums", local("sum"))),
        t.layer() + ": the sums of each channel's " + t.cells() + " cells",
        List.of(new KernelPlan.Coordinate("ch", t.channels())));
  }

  /** {@code h * weight + bias}, adding the parameters' buffers, or {@code h} without them. */
  private static Expr affine(Tensors t, List<KernelBuffer> buffers, Expr h) {
    if (t.weight().isEmpty()) {
      return h;
    }
    buffers.add(parameter(t, "weight", t.weight().get()));
    buffers.add(parameter(t, "bias", t.bias().get()));
    return add(multiply(h, load("weight")), load("bias"));
  }

  private static Expr inverseStd(Expr variance, double eps) {
    return divide(ONE, new Expr.Call(Expr.Function.SQRT, add(variance, constant(eps))));
  }

  private static KernelBuffer arena(String name, String region, Access access) {
    return new KernelBuffer(name, Storage.ARENA, region, false, access);
  }

  /** A per-channel arena buffer, read at the element's channel. */
  private static KernelBuffer channel(Tensors t, String name, String region) {
    return new KernelBuffer(name, Storage.ARENA, region, t.perChannel(), Element.FLOAT, Access.READ);
  }

  /** A per-channel parameter, read at the element's channel. */
  private static KernelBuffer parameter(Tensors t, String name, String region) {
    return new KernelBuffer(name, Storage.PARAMETERS, region, t.perChannel(), Element.FLOAT, Access.READ);
  }

  /** A buffer of one value per column, in a launch over one row of channels. */
  private static KernelBuffer column(String name, Storage storage, String region, Access access) {
    return new KernelBuffer(name, storage, region, true, access);
  }

  private static KernelBuffer state(String name, String region) {
    return new KernelBuffer(name, Storage.PARAMETERS, region, true, Access.READ_WRITE);
  }

  private static Expr load(String buffer) {
    return new Expr.Load(buffer);
  }

  private static Expr local(String name) {
    return new Expr.Local(name);
  }
}
