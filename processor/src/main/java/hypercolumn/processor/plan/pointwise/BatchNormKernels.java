package hypercolumn.processor.plan.pointwise;

import static hypercolumn.processor.plan.pointwise.Expr.add;
import static hypercolumn.processor.plan.pointwise.Expr.constant;
import static hypercolumn.processor.plan.pointwise.Expr.divide;
import static hypercolumn.processor.plan.pointwise.Expr.multiply;
import static hypercolumn.processor.plan.pointwise.Expr.subtract;

import hypercolumn.processor.plan.pointwise.KernelBuffer.Access;
import hypercolumn.processor.plan.pointwise.KernelBuffer.Storage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The element-wise parts of a batch norm over the features of a {@code (B, n)} input {@code x};
 * the column sums between them are the device's reductions along the batch ({@code SumRows}).
 * With {@code s} the column sums of {@code x} and {@code q} those of the squared deviations:
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
 * too; {@code 1 / B} and {@code 1 / (B - 1)} are the launch's scalars {@code inverseBatch} and
 * {@code inverseBatchLessOne}, so one kernel serves every batch size. The variance used to
 * normalize is biased ({@code / B}), the running one unbiased ({@code / (B - 1)}), as PyTorch's.
 */
public final class BatchNormKernels {
  private static final List<String> BATCH = List.of("inverseBatch", "inverseBatchLessOne");
  private static final Expr ONE = constant(1);
  private static final Expr INVERSE_BATCH = new Expr.Scalar("inverseBatch");

  private BatchNormKernels() {}

  /**
   * The tensors of one batch norm, by their names in the arena and the parameters.
   *
   * @param weight and {@code bias}: the affine parameters, empty when {@code affine = false}
   * @param sums the per-channel column sums of the input, {@code squareSums} of the squared
   *     deviations
   */
  public record Tensors(String layer, int columns, double eps, String input, String sums, String squares,
      String squareSums, String normalized, String output, Optional<String> weight, Optional<String> bias) {}

  public static KernelPlan statistics(Tensors t) {
    return new KernelPlan(t.layer(), "statistics", t.columns(),
        List.of(arena("input", t.input(), Access.READ), channel("sums", t.sums(), Access.READ),
            arena("squares", t.squares(), Access.WRITE)),
        BATCH,
        List.of(new Statement.Let("d", subtract(load("input"), multiply(load("sums"), INVERSE_BATCH))),
            new Statement.Store("squares", multiply(local("d"), local("d")))),
        t.layer() + ": squared deviations from the batch mean");
  }

  public static KernelPlan forward(Tensors t) {
    List<KernelBuffer> buffers = new ArrayList<>(List.of(arena("input", t.input(), Access.READ),
        channel("sums", t.sums(), Access.READ), channel("squareSums", t.squareSums(), Access.READ),
        arena("normalized", t.normalized(), Access.WRITE), arena("output", t.output(), Access.WRITE)));
    List<Statement> statements = new ArrayList<>(List.of(
        new Statement.Let("invStd", inverseStd(multiply(load("squareSums"), INVERSE_BATCH), t.eps())),
        new Statement.Let("h", multiply(subtract(load("input"), multiply(load("sums"), INVERSE_BATCH)), local("invStd"))),
        new Statement.Store("normalized", local("h"))));
    statements.add(new Statement.Store("output", affine(t, buffers, local("h"))));
    return new KernelPlan(t.layer(), "forward", t.columns(), buffers, BATCH, statements,
        t.layer() + ": normalize by the batch statistics" + (t.weight().isPresent() ? ", scale and shift" : ""));
  }

  /** The running statistics' update, over one row of {@code columns}. */
  public static KernelPlan running(Tensors t, double momentum, String runningMean, String runningVar) {
    Expr keep = constant(1 - momentum);
    Expr m = constant(momentum);
    return new KernelPlan(t.layer(), "running", t.columns(),
        List.of(channel("sums", t.sums(), Access.READ), channel("squareSums", t.squareSums(), Access.READ),
            state("runningMean", runningMean), state("runningVar", runningVar)),
        BATCH,
        List.of(
            new Statement.Store("runningMean", add(multiply(keep, load("runningMean")),
                multiply(m, multiply(load("sums"), INVERSE_BATCH)))),
            new Statement.Store("runningVar", add(multiply(keep, load("runningVar")),
                multiply(m, multiply(load("squareSums"), new Expr.Scalar("inverseBatchLessOne")))))),
        t.layer() + ": running mean and unbiased running variance, momentum " + momentum);
  }

  /** {@code num_batches_tracked += 1}, over one row of one column. */
  public static KernelPlan count(String layer, String batchesTracked) {
    return new KernelPlan(layer, "count", 1, List.of(state("count", batchesTracked)), List.of(),
        List.of(new Statement.Store("count", add(load("count"), ONE))), layer + ": count the training batch");
  }

  public static KernelPlan evaluation(Tensors t, String runningMean, String runningVar) {
    List<KernelBuffer> buffers = new ArrayList<>(List.of(arena("input", t.input(), Access.READ),
        parameter("runningMean", runningMean), parameter("runningVar", runningVar),
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
        arena("normalized", t.normalized(), Access.READ), channel("squareSums", t.squareSums(), Access.READ)));
    if (inGradients) {
      buffers.add(new KernelBuffer("gradientSums", Storage.GRADIENTS, gradientSums, true, Access.READ));
      buffers.add(new KernelBuffer("productSums", Storage.GRADIENTS, productSums, true, Access.READ));
    } else {
      buffers.add(channel("gradientSums", gradientSums, Access.READ));
      buffers.add(channel("productSums", productSums, Access.READ));
    }
    Expr scale = inverseStd(multiply(load("squareSums"), INVERSE_BATCH), t.eps());
    if (t.weight().isPresent()) {
      buffers.add(parameter("weight", t.weight().get()));
      scale = multiply(load("weight"), scale);
    }
    buffers.add(arena("inputGradient", inputGradient, Access.WRITE));
    Expr centred = subtract(subtract(load("gradient"), multiply(load("gradientSums"), INVERSE_BATCH)),
        multiply(load("normalized"), multiply(load("productSums"), INVERSE_BATCH)));
    return new KernelPlan(t.layer(), "inputGradient", t.columns(), buffers, BATCH,
        List.of(new Statement.Store("inputGradient", multiply(scale, centred))),
        t.layer() + ": the gradient of the input, through the batch statistics");
  }

  /** {@code h * weight + bias}, adding the parameters' buffers, or {@code h} without them. */
  private static Expr affine(Tensors t, List<KernelBuffer> buffers, Expr h) {
    if (t.weight().isEmpty()) {
      return h;
    }
    buffers.add(parameter("weight", t.weight().get()));
    buffers.add(parameter("bias", t.bias().get()));
    return add(multiply(h, load("weight")), load("bias"));
  }

  private static Expr inverseStd(Expr variance, double eps) {
    return divide(ONE, new Expr.Call(Expr.Function.SQRT, add(variance, constant(eps))));
  }

  private static KernelBuffer arena(String name, String region, Access access) {
    return new KernelBuffer(name, Storage.ARENA, region, false, access);
  }

  /** A per-channel arena buffer, read at the element's column. */
  private static KernelBuffer channel(String name, String region, Access access) {
    return new KernelBuffer(name, Storage.ARENA, region, true, access);
  }

  private static KernelBuffer parameter(String name, String region) {
    return new KernelBuffer(name, Storage.PARAMETERS, region, true, Access.READ);
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
