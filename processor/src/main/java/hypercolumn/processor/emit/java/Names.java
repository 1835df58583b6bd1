package hypercolumn.processor.emit.java;

import com.palantir.javapoet.NameAllocator;
import hypercolumn.processor.plan.NetworkPlan;
import hypercolumn.processor.plan.ParameterSlot;

/**
 * Collision-free member names of a generated class, derived from the user's field names. The
 * names of fixed members and of method parameters are reserved first, so a layer called {@code
 * rngKey} cannot produce a field that the parameter {@code rngKey} would shadow. The label
 * buffer's field may be {@code labels}: the one parameter of that name, {@code setLabels}'s,
 * is only passed on.
 */
final class Names {
  private static final String[] RESERVED = {
    "device", "parameters", "gradients", "layers", "support", "input", "batch", "training", "rngKey",
    "seed", "samples", "offset", "target", "maxBatch", "values", "result", "resultOffset", "copy",
    "INPUT_SHAPE", "OUTPUT_SHAPE", "PARAMETER_COUNT", "ARENA_WIDTH", "PARAMETERS", "SUMMARY",
    "CUDA_SOURCE_RESOURCE", "CUDA_SOURCE", "LOSS_TAKES_PROBABILITIES"
  };

  private final NameAllocator allocator = new NameAllocator();

  Names() {
    for (String name : RESERVED) {
      allocator.newName(name, "reserved:" + name);
    }
  }

  /** The slice field of an arena buffer, named as the buffer: {@code hidden1}, {@code dLogits}. */
  String slice(String bufferName) {
    return get(bufferName, "slice:" + bufferName);
  }

  /**
   * The slice field of an arena buffer of the plan; for the network's input that is its copy in
   * the arena, which fused kernels read ({@code input} is where the passes read it).
   */
  String arenaSlice(String bufferName, NetworkPlan plan) {
    return bufferName.equals(plan.inputBuffer()) ? get("inputInArena", "slice:" + bufferName) : slice(bufferName);
  }

  /** The slice field of a parameter tensor: {@code hidden1Weight} for {@code hidden1.weight}. */
  String parameterSlice(String slotName) {
    return get(camel(slotName), "weights:" + slotName);
  }

  /** The slice field of a parameter's gradient: {@code dHidden1Weight}. */
  String gradientSlice(String slotName) {
    String camel = camel(slotName);
    return get("d" + Character.toUpperCase(camel.charAt(0)) + camel.substring(1), "gradient:" + slotName);
  }

  /** The constant holding a parameter's offset, for example {@code HIDDEN1_WEIGHT}. */
  String parameter(ParameterSlot slot) {
    return parameter(slot.name());
  }

  /** The constant holding the offset of the parameter with this name. */
  String parameter(String slotName) {
    return get(constant(slotName.replace('.', '_')), "parameter:" + slotName);
  }

  /** A member derived from a layer name, for example {@code hidden1ForwardTensors}. */
  String member(String layer, String suffix) {
    return get(layer + suffix, "member:" + layer + suffix);
  }

  /** A constant derived from a layer name, for example {@code HIDDEN1_FORWARD}. */
  String constant(String layer, String suffix) {
    return get(constant(layer) + "_" + suffix, "constant:" + layer + suffix);
  }

  /** A nested class derived from a layer name, for example {@code Hidden1ForwardKernel}. */
  String type(String layer, String suffix) {
    return get(Character.toUpperCase(layer.charAt(0)) + layer.substring(1) + suffix, "type:" + layer + suffix);
  }

  private String get(String suggestion, String tag) {
    try {
      return allocator.get(tag);
    } catch (IllegalArgumentException notYet) {
      return allocator.newName(suggestion, tag);
    }
  }

  /** {@code hidden.weight} to {@code hiddenWeight}. */
  private static String camel(String dotted) {
    StringBuilder out = new StringBuilder();
    boolean upper = false;
    for (char c : dotted.toCharArray()) {
      if (c == '.') {
        upper = true;
      } else {
        out.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return out.toString();
  }

  /** {@code hiddenLayer_weight} to {@code HIDDEN_LAYER_WEIGHT}. */
  static String constant(String camel) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < camel.length(); i++) {
      char c = camel.charAt(i);
      if (Character.isUpperCase(c) && i > 0 && camel.charAt(i - 1) != '_' && !Character.isUpperCase(camel.charAt(i - 1))) {
        out.append('_');
      }
      out.append(Character.toUpperCase(c));
    }
    return out.toString();
  }
}
