package hypercolumn.processor.plan;

import hypercolumn.Loss;
import hypercolumn.processor.model.CheckedNetwork;
import hypercolumn.processor.model.LayerSpec;
import hypercolumn.processor.model.NetworkSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Plans a checked network in four passes. Each layer kind's {@link Lowering} takes its names
 * and parameters (a dense layer also takes the dropout after it, which it fuses). The planner
 * then wires the blocks: block {@code k} runs backward if some block at or before it has
 * parameters, and the gradient of its output is a buffer of its own unless the block above
 * runs its backward in place, when the two share it. Each block then lowers itself to ops, and
 * {@link Lifetimes} places the buffers from the ops that touch them.
 */
public final class Planner {

  public NetworkPlan plan(CheckedNetwork checked) {
    NetworkSpec network = checked.spec();
    Loss loss = network.loss().orElseThrow(() -> new IllegalArgumentException("network without a loss"));
    List<LayerSpec> specs = network.layers();
    if (specs.isEmpty()) {
      throw new IllegalArgumentException("Expected at least one layer in " + network.simpleName() + ", found none");
    }
    BufferNames names = new BufferNames();
    ParameterLayout parameters = new ParameterLayout();

    // Pass 1: each layer kind declares its block.
    List<Lowering> lowerings = new ArrayList<>();
    for (int i = 0; i < specs.size(); i += lowerings.get(lowerings.size() - 1).layerCount()) {
      lowerings.add(specs.get(i).accept(new LayerKinds(checked, i, names, parameters)));
    }
    String input = names.take("input");
    String labels = names.take("labels");
    int labelSize = loss == Loss.SOFTMAX_CROSS_ENTROPY ? 1 : checked.output().size();

    // Pass 2: wiring. Gradients are named top down, as backward meets them.
    int n = lowerings.size();
    boolean[] runsBackward = new boolean[n];
    boolean parametersSoFar = false;
    for (int k = 0; k < n; k++) {
      parametersSoFar |= !lowerings.get(k).parameters().isEmpty();
      runsBackward[k] = parametersSoFar;
    }
    String[] gradients = new String[n];
    List<BufferRequest> gradientRequests = new ArrayList<>();
    for (int k = n - 1; k >= 0; k--) {
      if (!runsBackward[k]) {
        continue;
      }
      if (k + 1 < n && lowerings.get(k + 1).backwardInPlace()) {
        gradients[k] = gradients[k + 1];
      } else {
        gradients[k] = names.take("d" + capitalize(lowerings.get(k).finalOutput()));
        gradientRequests.add(new BufferRequest(gradients[k], lowerings.get(k).outputWidth()));
      }
    }

    // Pass 3: each block lowers itself to ops.
    List<LoweredBlock> blocks = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      Operand blockInput = outputOf(lowerings, k - 1, input);
      Optional<String> inputGradient = k > 0 && runsBackward[k - 1] ? Optional.of(gradients[k - 1]) : Optional.empty();
      boolean last = k == n - 1;
      blocks.add(lowerings.get(k).lower(new Wiring(blockInput, Optional.ofNullable(gradients[k]), inputGradient,
          last && loss == Loss.SOFTMAX_CROSS_ENTROPY)));
    }
    LoweredBlock lastBlock = blocks.get(n - 1);
    LossStep lossStep = new LossStep(loss, outputOf(lowerings, n - 1, input).name(), labels, gradients[n - 1], checked.output().size(),
        lastBlock.foldsIntoLoss());

    // Pass 4: lifetimes and the arena. Ties at a step go in this order.
    List<BufferRequest> requests = new ArrayList<>();
    requests.add(new BufferRequest(input, network.input().size()));
    requests.add(new BufferRequest(labels, labelSize));
    blocks.forEach(block -> requests.addAll(block.outputs()));
    requests.addAll(gradientRequests);
    Map<String, Buffer> placed = Lifetimes.place(requests, blocks, lossStep, input);

    // The generated class declares the buffers in forward order, gradients last.
    Map<String, Buffer> declared = new LinkedHashMap<>();
    declared.put(input, placed.get(input));
    declared.put(labels, placed.get(labels));
    blocks.forEach(block -> block.outputs().forEach(b -> declared.putIfAbsent(b.name(), placed.get(b.name()))));
    blocks.forEach(block -> block.outputGradient().ifPresent(g -> declared.putIfAbsent(g, placed.get(g))));

    int arenaWidth = placed.values().stream().filter(b -> b.kind().arena() == Buffer.Kind.PER_SAMPLE)
        .mapToInt(b -> b.offset() + b.width()).max().orElse(0);
    return new NetworkPlan(
        network.packageName(),
        network.className(),
        network.simpleName(),
        network.generatedName(),
        network.facts().isPublic(),
        network.input(),
        checked.output(),
        labelSize,
        blocks.stream().flatMap(b -> b.layers().stream()).toList(),
        parameters.slots(),
        blocks,
        List.copyOf(declared.values()),
        input,
        lossStep,
        arenaWidth);
  }

  /** What block {@code k} writes last, looking through views (the network's input below block 0). */
  private static Operand outputOf(List<Lowering> lowerings, int k, String input) {
    while (k >= 0 && lowerings.get(k).isView()) {
      k--;
    }
    return k < 0 ? Operand.input(input) : Operand.activations(lowerings.get(k).finalOutput());
  }

  static String capitalize(String name) {
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }
}
