package hypercolumn.processor.plan;

import static hypercolumn.processor.plan.Operand.activations;

import hypercolumn.processor.model.BatchNormSpec;
import hypercolumn.processor.model.Shape;
import hypercolumn.processor.plan.Buffer.Kind;
import hypercolumn.processor.plan.pointwise.BatchNormKernels;
import hypercolumn.processor.plan.pointwise.BatchNormKernels.Tensors;
import hypercolumn.processor.plan.pointwise.KernelBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A batch norm over the features of a flat input, as PyTorch's {@code BatchNorm1d}, or over the
 * channels of a {@code (C, H, W)} image, as {@code BatchNorm2d}; the kernels and their math are
 * in {@link BatchNormKernels}.
 *
 * <pre>
 * training:    s = channel sums of x;  squares = kernel;  q = channel sums of squares;
 *              normalized, y = kernel;  running statistics (one row);  count (one element)
 * evaluation:  y = kernel of x and the running statistics
 * backward:    products = dY * normalized;  dBias = channel sums of dY;  dWeight = those of
 *              products;  dX = kernel, when the block below runs backward
 * </pre>
 *
 * A channel sum of a flat input is a column sum along the batch; of an image, the column sums
 * land in {@code cellSums} (one per cell of a sample) and a kernel adds each channel's cells.
 * The sums are per-channel buffers (their own arena); {@code q} is saved for backward,
 * which recomputes {@code 1 / sqrt(q / B + eps)} from it, and so is {@code normalized}.
 * Parameters are PyTorch's: {@code weight} and {@code bias} (trainable, when affine), and the
 * state {@code running_mean}, {@code running_var} (F32) and {@code num_batches_tracked} (I64),
 * which the parameter layout places after every trainable tensor, each of {@code [C]}. Backward
 * assumes the batch statistics of a training forward. Only a flat input's batch of one is
 * refused in training: an image has more than one value per channel.
 */
final class BatchNormLowering implements Lowering {
  private final BatchNormSpec spec;
  private final Shape shape;
  private final int width;
  private final int channels;
  private final int cells;
  private final Optional<ParameterSlot> weight;
  private final Optional<ParameterSlot> bias;
  private final ParameterSlot runningMean;
  private final ParameterSlot runningVar;
  private final ParameterSlot batchesTracked;
  private final int parameterOffset;
  private final boolean runsBackward;
  private final String sums;
  private final String squares;
  private final String squareSums;
  private final String normalized;
  private final String products;
  private final Optional<String> gradientSums;
  private final Optional<String> productSums;
  private final Optional<String> cellSums;
  private final String output;

  BatchNormLowering(BatchNormSpec spec, Shape shape, BufferNames names, ParameterLayout parameters) {
    this.spec = spec;
    this.shape = shape;
    this.width = shape.size();
    this.channels = shape.dim(0);
    this.cells = width / channels;
    this.parameterOffset = parameters.size();
    String name = spec.name();
    Shape perChannel = Shape.of(channels);
    this.weight = spec.affine() ? Optional.of(parameters.add(name + ".weight", perChannel, false)) : Optional.empty();
    this.bias = spec.affine() ? Optional.of(parameters.add(name + ".bias", perChannel, false)) : Optional.empty();
    this.runningMean = parameters.addState(name + ".running_mean", perChannel, "F32");
    this.runningVar = parameters.addState(name + ".running_var", perChannel, "F32");
    this.batchesTracked = parameters.addState(name + ".num_batches_tracked", Shape.of(), "I64");
    // The planner runs a block backward if it or a block before it has parameters.
    this.runsBackward = parameters.size() > 0;
    this.cellSums = cells == 1 ? Optional.empty() : Optional.of(names.take(name + "CellSums"));
    this.sums = names.take(name + "Sums");
    this.squares = names.take(name + "Squares");
    this.squareSums = names.take(name + "SquareSums");
    this.normalized = names.take(name + "Normalized");
    this.products = names.take(name + "Products");
    this.gradientSums = spec.affine() ? Optional.empty() : Optional.of(names.take(name + "GradientSums"));
    this.productSums = spec.affine() ? Optional.empty() : Optional.of(names.take(name + "ProductSums"));
    this.output = names.take(name);
  }

  @Override
  public int layerCount() {
    return 1;
  }

  /** Every buffer the block writes, backward's too; the output last. */
  @Override
  public List<BufferRequest> outputs() {
    List<BufferRequest> outputs = new ArrayList<>();
    cellSums.ifPresent(b -> outputs.add(new BufferRequest(b, width, Kind.PER_CHANNEL)));
    outputs.addAll(List.of(
        new BufferRequest(sums, channels, Kind.PER_CHANNEL),
        new BufferRequest(squares, width, Kind.BATCH_SCRATCH),
        new BufferRequest(squareSums, channels, Kind.PER_CHANNEL),
        new BufferRequest(normalized, width)));
    if (runsBackward) {
      outputs.add(new BufferRequest(products, width, Kind.BATCH_SCRATCH));
      gradientSums.ifPresent(b -> outputs.add(new BufferRequest(b, channels, Kind.PER_CHANNEL)));
      productSums.ifPresent(b -> outputs.add(new BufferRequest(b, channels, Kind.PER_CHANNEL)));
    }
    outputs.add(new BufferRequest(output, width));
    return outputs;
  }

  @Override
  public List<ParameterSlot> parameters() {
    List<ParameterSlot> slots = new ArrayList<>();
    weight.ifPresent(slots::add);
    bias.ifPresent(slots::add);
    return slots;
  }

  @Override
  public boolean backwardInPlace() {
    return false;
  }

  @Override
  public LoweredBlock lower(Wiring wiring) {
    String name = spec.name();
    String input = wiring.input().arenaBuffer();
    Tensors tensors = new Tensors(name, channels, cells, spec.eps(), input, sums, squares, squareSums, normalized,
        output, weight.map(ParameterSlot::name), bias.map(ParameterSlot::name));
    String banner = "--- " + name + ": BatchNorm " + (cells == 1 ? width : channels + " channels of " + shape.dim(1)
        + "x" + shape.dim(2)) + ", momentum " + spec.momentum() + ", eps " + spec.eps();
    String dims = shape.batched();

    List<Op> training = new ArrayList<>();
    if (cells == 1) {
      training.add(new Op.RequireBatchStatistics(name, width));
    }
    training.addAll(channelSums(tensors, "sumChannels", wiring.input(), activations(sums)));
    training.add(new Op.BatchLaunch(BatchNormKernels.statistics(tensors), false));
    training.addAll(channelSums(tensors, "sumSquares", activations(squares), activations(squareSums)));
    training.add(new Op.BatchLaunch(BatchNormKernels.forward(tensors), false));
    training.add(new Op.BatchLaunch(
        BatchNormKernels.running(tensors, spec.momentum(), runningMean.name(), runningVar.name()), true));
    training.add(new Op.BatchLaunch(BatchNormKernels.count(name, batchesTracked.name()), true));
    List<Op> evaluation = List.of(new Op.Launch(
        BatchNormKernels.evaluation(tensors, runningMean.name(), runningVar.name()), Optional.empty(), List.of()));
    List<Op> forward = List.of(new Op.Comment(banner + "    " + dims), new Op.ByMode(training, evaluation));

    List<Op> backward = new ArrayList<>();
    List<String> saved = new ArrayList<>(List.of(squareSums, normalized));
    if (wiring.outputGradient().isPresent()) {
      String gradient = wiring.outputGradient().get();
      backward.add(new Op.Comment(banner + "    " + gradient + " " + dims));
      backward.add(new Op.BatchLaunch(BatchNormKernels.backward(tensors, gradient, products), false));
      Operand gradientSum = bias.map(Operand::gradient).orElseGet(() -> activations(gradientSums.get()));
      Operand productSum = weight.map(Operand::gradient).orElseGet(() -> activations(productSums.get()));
      backward.addAll(channelSums(tensors, "sumGradients", activations(gradient), gradientSum));
      backward.addAll(channelSums(tensors, "sumProducts", activations(products), productSum));
      wiring.inputGradient().ifPresent(dx -> backward.add(new Op.BatchLaunch(BatchNormKernels.inputGradient(tensors,
          gradient, gradientSum.name(), productSum.name(), spec.affine(), dx), false)));
    }

    // Per element: about 4 for the statistics, 5 to normalize, scale and shift; backward about 10.
    long elements = width;
    int parameterCount = parameters().stream().mapToInt(ParameterSlot::size).sum();
    List<WeightInit> initializers = new ArrayList<>();
    weight.ifPresent(w -> initializers.add(WeightInit.constant(w, 1f)));
    initializers.add(WeightInit.constant(runningVar, 1f));
    return new LoweredBlock(name,
        List.of(new LayerPlan(name, "BatchNorm", shape, weight.map(ParameterSlot::offset).orElse(parameterOffset),
            parameterCount, 9 * elements, wiring.outputGradient().isPresent() ? 10 * elements : 0)),
        initializers, outputs(), saved, List.of(), forward, backward, wiring.outputGradient(), false);
  }

  /**
   * {@code target = } the per-channel sums of {@code source} over the batch: one column sum for a
   * flat input, or column sums into {@code cellSums} and a kernel adding each channel's cells.
   */
  private List<Op> channelSums(Tensors tensors, String pass, Operand source, Operand target) {
    if (cellSums.isEmpty()) {
      return List.of(new Op.SumRows(source, width, target));
    }
    KernelBuffer.Storage storage = target.storage() == Operand.Storage.GRADIENTS
        ? KernelBuffer.Storage.GRADIENTS : KernelBuffer.Storage.ARENA;
    return List.of(new Op.SumRows(source, width, activations(cellSums.get())),
        new Op.BatchLaunch(BatchNormKernels.channelSums(tensors, pass, cellSums.get(), storage, target.name()), true));
  }
}
