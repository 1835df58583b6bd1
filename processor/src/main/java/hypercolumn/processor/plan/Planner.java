package hypercolumn.processor.plan;

import hypercolumn.Activation;
import hypercolumn.Loss;
import hypercolumn.processor.model.CheckedNetwork;
import hypercolumn.processor.model.DenseSpec;
import hypercolumn.processor.model.DropoutSpec;
import hypercolumn.processor.model.LayerSpec;
import hypercolumn.processor.model.NetworkSpec;
import hypercolumn.processor.model.Shape;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Plans a checked network in three passes.
 *
 * <p>Layers are grouped into blocks: a dense layer followed by a dropout becomes one block whose
 * fused kernel adds the bias, applies the activation and the dropout in one pass (not after a
 * softmax, which is a row operation). Parameters are laid out in layer order, weight then bias.
 *
 * <p>Buffers get lifetimes on a timeline of steps: 0 is {@code setInput}/{@code setLabels},
 * block {@code k} runs forward at step {@code k + 1}, the loss at {@code n + 1}, and block
 * {@code k} runs backward at {@code 2n + 1 - k}. A forward output lives until the backward step
 * that reads it; a gradient lives from the step that writes it to the one that consumes it. The
 * input, the labels and the network output live throughout, so {@code readOutput} and {@code
 * loss} stay valid after backward.
 *
 * <p>FLOPs count the matrix products (a multiply-add is 2 FLOPs) and bias additions and bias
 * gradients (1 per element); activations and dropout are not counted.
 */
public final class Planner {

  public NetworkPlan plan(CheckedNetwork checked) {
    NetworkSpec network = checked.spec();
    Loss loss = network.loss().orElseThrow(() -> new IllegalArgumentException("network without a loss"));
    List<LayerSpec> specs = network.layers();
    if (specs.isEmpty()) {
      throw new IllegalArgumentException("Expected at least one layer in " + network.simpleName() + ", found none");
    }
    Names names = new Names();

    // Pass 1: shapes, parameters, blocks (buffers still unplaced, named only).
    List<LayerPlan> layers = new ArrayList<>();
    List<ParameterSlot> parameters = new ArrayList<>();
    List<Draft> drafts = new ArrayList<>();
    Shape shape = network.input();
    int parameterOffset = 0;
    for (int i = 0; i < specs.size(); i++) {
      LayerSpec spec = specs.get(i);
      Shape in = checked.layers().get(i).input();
      shape = checked.layers().get(i).output();
      if (spec instanceof DenseSpec dense) {
        int inSize = in.size();
        int out = dense.width();
        ParameterSlot weight = new ParameterSlot(dense.name() + ".weight", Shape.of(out, inSize), parameterOffset, true);
        parameters.add(weight);
        Optional<ParameterSlot> bias = Optional.empty();
        if (dense.bias()) {
          bias = Optional.of(new ParameterSlot(dense.name() + ".bias", Shape.of(out), weight.offset() + weight.size(), false));
          parameters.add(bias.get());
        }
        int count = weight.size() + bias.map(ParameterSlot::size).orElse(0);
        long matmul = 2L * inSize * out;
        long biasFlops = dense.bias() ? out : 0;
        boolean inputGradient = drafts.stream().anyMatch(d -> d.dense != null);
        long backward = matmul + biasFlops + (inputGradient ? matmul : 0);
        layers.add(new LayerPlan(dense.name(), "Dense", shape, parameterOffset, count, matmul + biasFlops, backward));
        parameterOffset += count;
        Draft draft = new Draft(dense, null, i, inSize, out, weight, bias, names.take(dense.name()));
        if (i + 1 < specs.size() && specs.get(i + 1) instanceof DropoutSpec dropout
            && dense.activation() != Activation.SOFTMAX) {
          draft.fusedDropout = dropout;
          draft.fusedName = names.take(dropout.name());
          layers.add(new LayerPlan(dropout.name(), "Dropout", shape, parameterOffset, 0, 0, 0));
          i++;
        }
        drafts.add(draft);
      } else if (spec instanceof DropoutSpec dropout) {
        layers.add(new LayerPlan(dropout.name(), "Dropout", shape, parameterOffset, 0, 0, 0));
        drafts.add(new Draft(null, dropout, i, in.size(), in.size(), null, Optional.empty(), names.take(dropout.name())));
      }
    }

    // Pass 2: lifetimes. Block k runs backward iff some block at or before it has parameters.
    int n = drafts.size();
    int lossStep = n + 1;
    int lastStep = 2 * n + 1;
    ArenaAllocator arena = new ArenaAllocator();
    String inputName = names.take("input");
    String labelsName = names.take("labels");
    int labelSize = loss == Loss.SOFTMAX_CROSS_ENTROPY ? 1 : checked.output().size();
    arena.request(inputName, network.input().size(), 0, lastStep);
    arena.request(labelsName, labelSize, 0, lastStep);
    boolean parametersSoFar = false;
    for (int k = 0; k < n; k++) {
      Draft d = drafts.get(k);
      parametersSoFar |= d.dense != null;
      d.runsBackward = parametersSoFar;
      d.needsInputGradient = d.dense != null && drafts.subList(0, k).stream().anyMatch(p -> p.dense != null);
      Draft next = k + 1 < n ? drafts.get(k + 1) : null;
      int finalEnd = next == null ? lastStep : next.dense != null ? 2 * n + 1 - (k + 1) : k + 2;
      if (d.dense != null) {
        arena.request(d.outputName, d.out, k + 1, d.fusedName == null ? Math.max(finalEnd, 2 * n + 1 - k) : 2 * n + 1 - k);
        if (d.fusedName != null) {
          arena.request(d.fusedName, d.out, k + 1, finalEnd);
        }
      } else {
        arena.request(d.outputName, d.out, k + 1, finalEnd);
      }
    }
    // Gradients, top down. A dropout block's backward runs in place, so the block below it
    // shares its gradient buffer.
    String[] gradientNames = new String[n];
    for (int k = n - 1; k >= 0; k--) {
      Draft d = drafts.get(k);
      if (!d.runsBackward) {
        continue;
      }
      int bwd = 2 * n + 1 - k;
      Draft above = k + 1 < n ? drafts.get(k + 1) : null;
      if (above != null && above.dense == null) {
        gradientNames[k] = gradientNames[k + 1];
        arena.extend(gradientNames[k], bwd);
      } else {
        gradientNames[k] = names.take("d" + capitalize(d.finalName()));
        arena.request(gradientNames[k], d.out, above == null ? lossStep : bwd - 1, bwd);
      }
    }
    Map<String, Buffer> placed = arena.place();

    // Pass 3: the blocks with their placed buffers.
    List<Block> blocks = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      Draft d = drafts.get(k);
      Buffer input = k == 0 ? placed.get(inputName) : placed.get(drafts.get(k - 1).finalName());
      Optional<Buffer> gradient = Optional.ofNullable(gradientNames[k]).map(placed::get);
      if (d.dense != null) {
        Optional<DenseBlock.FusedDropout> fused =
            Optional.ofNullable(d.fusedDropout)
                .map(dropout -> new DenseBlock.FusedDropout(dropout, d.index + 1, placed.get(d.fusedName)));
        Optional<Buffer> inputGradient =
            d.needsInputGradient ? Optional.of(placed.get(gradientNames[k - 1])) : Optional.empty();
        boolean folded = k == n - 1 && loss == Loss.SOFTMAX_CROSS_ENTROPY && d.dense.activation() == Activation.SOFTMAX;
        blocks.add(
            new DenseBlock(
                d.dense, d.in, d.out, d.weight, d.bias, input, placed.get(d.outputName), fused, gradient, inputGradient, folded));
      } else {
        blocks.add(new DropoutBlock(d.dropout, d.index, d.out, input, placed.get(d.outputName), gradient));
      }
    }
    int arenaWidth = placed.values().stream().mapToInt(b -> b.offset() + b.width()).max().orElse(0);
    return new NetworkPlan(
        network.packageName(),
        network.className(),
        network.simpleName(),
        network.generatedName(),
        network.facts().isPublic(),
        loss,
        network.input(),
        checked.output(),
        labelSize,
        layers,
        parameters,
        blocks,
        placed.get(inputName),
        placed.get(labelsName),
        placed.get(gradientNames[n - 1]),
        arenaWidth);
  }

  static String capitalize(String name) {
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }

  /** A block before its buffers are placed. */
  private static final class Draft {
    final DenseSpec dense;
    final DropoutSpec dropout;
    final int index;
    final int in;
    final int out;
    final ParameterSlot weight;
    final Optional<ParameterSlot> bias;
    final String outputName;
    DropoutSpec fusedDropout;
    String fusedName;
    boolean runsBackward;
    boolean needsInputGradient;

    Draft(DenseSpec dense, DropoutSpec dropout, int index, int in, int out, ParameterSlot weight,
        Optional<ParameterSlot> bias, String outputName) {
      this.dense = dense;
      this.dropout = dropout;
      this.index = index;
      this.in = in;
      this.out = out;
      this.weight = weight;
      this.bias = bias;
      this.outputName = outputName;
    }

    String finalName() {
      return fusedName != null ? fusedName : outputName;
    }
  }

  /** Buffer names, unique even where a layer is called {@code input} or {@code dHidden}. */
  private static final class Names {
    private final Set<String> taken = new HashSet<>();

    String take(String base) {
      String name = base;
      for (int i = 2; !taken.add(name); i++) {
        name = base + i;
      }
      return name;
    }
  }
}
