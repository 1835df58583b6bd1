package hypercolumn.tests;

import hypercolumn.runtime.Model;
import hypercolumn.runtime.Parameter;
import hypercolumn.runtime.Tensor;

/** Host-side access to a model's named parameters and gradients. */
final class Models {
  private Models() {}

  static Parameter parameter(Model model, String name) {
    for (Parameter p : model.parameters()) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    throw new IllegalArgumentException(model.name() + " has no parameter '" + name + "'; it has " + model.parameters());
  }

  static float[] parameterValues(Model model, String name) {
    return slice(model, model.parameterBuffer(), parameter(model, name));
  }

  static float[] gradientValues(Model model, String name) {
    return slice(model, model.gradientBuffer(), parameter(model, name));
  }

  static void setParameter(Model model, String name, float[] values) {
    Parameter p = parameter(model, name);
    if (values.length != p.size()) {
      throw new IllegalArgumentException(name + ": expected " + p.size() + " values, found " + values.length);
    }
    model.device().upload(values, 0, model.parameterBuffer(), p.offset(), values.length);
  }

  /** The whole buffer, {@link Model#parameterCount()} floats. */
  static float[] all(Model model, Tensor buffer) {
    float[] values = new float[model.parameterCount()];
    model.device().download(buffer, 0, values, 0, values.length);
    return values;
  }

  static void setAll(Model model, float[] values) {
    model.device().upload(values, 0, model.parameterBuffer(), 0, values.length);
  }

  static float[] output(Model model, int batch) {
    float[] out = new float[batch * model.outputSize()];
    model.readOutput(out, 0, batch);
    return out;
  }

  private static float[] slice(Model model, Tensor buffer, Parameter p) {
    float[] values = new float[p.size()];
    model.device().download(buffer, p.offset(), values, 0, values.length);
    return values;
  }
}
