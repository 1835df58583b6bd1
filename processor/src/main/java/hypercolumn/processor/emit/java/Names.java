package hypercolumn.processor.emit.java;

import com.palantir.javapoet.NameAllocator;
import hypercolumn.processor.plan.Buffer;
import hypercolumn.processor.plan.ParameterSlot;

/**
 * Collision-free member names of a generated class, derived from the user's field names. The
 * names of fixed members and of method parameters are reserved first, so a layer called {@code
 * rng} cannot produce a field that shadows the parameter {@code rngKey}.
 */
final class Names {
  private static final String[] RESERVED = {
    "device", "parameters", "gradients", "layers", "arena", "capacity", "batch", "training", "rngKey",
    "seed", "samples", "labels", "offset", "target", "maxBatch", "values", "count", "key", "limit",
    "result", "resultOffset", "copy", "inputTensor", "inputAt",
    "checkBatch", "checkLength", "fillUniform", "EMPTY", "INPUT_SHAPE", "OUTPUT_SHAPE", "PARAMETER_COUNT",
    "ARENA_WIDTH", "PARAMETERS", "SUMMARY", "CUDA_SOURCE_RESOURCE", "CUDA_SOURCE"
  };

  private final NameAllocator allocator = new NameAllocator();

  Names() {
    for (String name : RESERVED) {
      allocator.newName(name, "reserved:" + name);
    }
  }

  /** The arena offset field of a buffer, for example {@code hidden1Offset}. */
  String offset(Buffer buffer) {
    return offsetOfBuffer(buffer.name());
  }

  /** The arena offset field of the buffer with this name. */
  String offsetOfBuffer(String bufferName) {
    return get(bufferName + "Offset", "offset:" + bufferName);
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
