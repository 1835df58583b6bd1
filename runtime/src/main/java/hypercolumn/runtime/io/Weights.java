package hypercolumn.runtime.io;

import static java.nio.charset.StandardCharsets.UTF_8;

import hypercolumn.runtime.Model;
import hypercolumn.runtime.Parameter;
import hypercolumn.runtime.TensorDtype;
import hypercolumn.runtime.data.Scaler;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Saves and loads a model's parameters as safetensors, the format PyTorch and Hugging Face use:
 * parameter names and layouts are PyTorch's, so a file written by {@code
 * safetensors.torch.save_file(model.state_dict(), path)} loads directly, and ours load in PyTorch.
 * Each tensor is stored in its own dtype ({@link Parameter#dtype()}), as PyTorch stores it:
 * parameters as F32, integer state such as batch norm's {@code num_batches_tracked} as I64.
 *
 * <p>Loading validates the whole file, and its fit to the model, before any weight changes. A
 * save writes a temporary file next to the target and renames it, so an interrupted save never
 * leaves a half-written file behind.
 */
public final class Weights {
  private Weights() {}

  /**
   * Writes every parameter and state tensor of the model in its dtype, in {@link
   * Model#parameters()} order, as {@code safetensors.torch.save_file(model.state_dict(), file)}
   * does.
   *
   * @param model the model whose parameters are written
   * @param file the file to write or replace
   * @throws IllegalStateException if an I64 state tensor holds a value that is not a whole number
   * @throws IOException if the file cannot be written; an existing file is then untouched
   */
  public static void save(Model model, Path file) throws IOException {
    save(model, file, Map.of());
  }

  /**
   * Writes every parameter of the model, and the scaler its inputs go through, into the file's
   * {@code __metadata__} (as {@link Scaler#toMetadata()}), so that {@link #readScaler} and {@link
   * hypercolumn.runtime.train.Predictor#load} give it back with the weights. PyTorch's {@code
   * safetensors.torch.load_file} still reads the file; it ignores the metadata.
   *
   * @throws IllegalArgumentException if the scaler was fitted on another number of features
   *     than the model takes
   * @param model the model whose parameters are written
   * @param file the file to write or replace
   * @param scaler the scaler the model's inputs go through
   * @throws IOException if the file cannot be written; an existing file is then untouched
   */
  public static void save(Model model, Path file, Scaler scaler) throws IOException {
    if (scaler.featureSize() != model.inputSize()) {
      throw new IllegalArgumentException("the scaler was fitted on " + scaler.featureSize()
          + " features per sample, but network " + model.name() + " takes " + model.inputSize());
    }
    save(model, file, scaler.toMetadata());
  }

  /**
   * The scaler that {@link #save(Model, Path, Scaler)} wrote into the file, if any.
   *
   * @throws IOException if the file is corrupt or its scaler entries are malformed
   * @param file a weight file
   * @return its scaler, or empty if it was saved without one
   */
  public static Optional<Scaler> readScaler(Path file) throws IOException {
    SafetensorsFile st = SafetensorsFile.open(file);
    try {
      return Scaler.fromMetadata(st.metadata());
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": the scaler in the metadata is malformed: " + e.getMessage(), e);
    }
  }

  private static void save(Model model, Path file, Map<String, String> extraMetadata) throws IOException {
    float[] host = new float[model.parameterCount()];
    model.device().download(model.parameterBuffer(), 0, host, 0, host.length);
    List<Parameter> parameters = model.parameters();
    checkWholeNumbers(parameters, host);
    byte[] header = header(model.name(), parameters, extraMetadata);
    writeAtomically(file, out -> {
      ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length);
      out.write(length.array());
      out.write(header);
      ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
      for (Parameter p : parameters) {
        boolean integer = p.dtype() == TensorDtype.I64;
        for (int i = p.offset(), end = p.offset() + p.size(); i < end; i++) {
          if (chunk.remaining() < 8) {
            out.write(chunk.array(), 0, chunk.position());
            chunk.clear();
          }
          if (integer) {
            chunk.putLong((long) host[i]);
          } else {
            chunk.putFloat(host[i]);
          }
        }
      }
      out.write(chunk.array(), 0, chunk.position());
    });
  }

  /** I64 tensors hold counts on the device as floats; one that is not whole is a bug upstream. */
  private static void checkWholeNumbers(List<Parameter> parameters, float[] host) {
    for (Parameter p : parameters) {
      if (p.dtype() != TensorDtype.I64) {
        continue;
      }
      for (int i = 0; i < p.size(); i++) {
        float value = host[p.offset() + i];
        if (value != Math.rint(value) || Math.abs(value) > SafetensorsFile.MAX_EXACT_INTEGER) {
          throw new IllegalStateException("state tensor '" + p.name() + "' is I64 but holds " + value
              + " at index " + i + ", not a whole number of at most 2^24");
        }
      }
    }
  }

  /**
   * Loads every parameter of the model from the file. Strict: each parameter must be present
   * with its shape, and the file may hold no other tensors, as PyTorch's {@code
   * load_state_dict(strict=True)}.
   *
   * @param model the model whose parameters are overwritten
   * @param file the safetensors file to read
   * @throws IOException if the file is corrupt or does not fit the model; no weight has changed
   */
  public static void load(Model model, Path file) throws IOException {
    SafetensorsFile st = SafetensorsFile.open(file);
    Map<String, SafetensorsFile.Entry> entries = st.entries();
    List<String> problems = new ArrayList<>();
    Set<String> unexpected = new LinkedHashSet<>(entries.keySet());
    List<String> missing = new ArrayList<>();
    for (Parameter p : model.parameters()) {
      SafetensorsFile.Entry e = entries.get(p.name());
      unexpected.remove(p.name());
      if (e == null) {
        missing.add(p.name() + " " + Arrays.toString(p.shape()));
      } else if (!Arrays.equals(e.shape(), p.shape())) {
        problems.add(
            "'" + p.name() + "' has shape " + Arrays.toString(e.shape()) + " in the file, expected "
                + Arrays.toString(p.shape()));
      } else if (!e.dtype().loadsAs(p.dtype())) {
        problems.add(
            "'" + p.name() + "' has dtype " + e.dtype() + " in the file, expected "
                + Dtype.accepted(p.dtype()));
      }
    }
    if (!missing.isEmpty()) {
      problems.add(0, "missing " + String.join(", ", missing));
    }
    if (!unexpected.isEmpty()) {
      List<String> names = new ArrayList<>();
      for (String name : unexpected) {
        names.add(name + " " + Arrays.toString(entries.get(name).shape()));
      }
      problems.add("unexpected " + String.join(", ", names));
    }
    if (!problems.isEmpty()) {
      String network = st.metadata().get("network");
      String hint =
          network != null && !network.equals(model.name())
              ? " This file was written for network " + network + "."
              : "";
      throw new IOException(
          file + " does not fit network " + model.name() + ": " + String.join("; ", problems) + "."
              + hint + " Use Weights.loadMatching to load only the tensors that fit.");
    }
    copyIn(model, st, model.parameters());
  }

  /**
   * Loads the tensors whose name, shape and dtype match a parameter of the model (for transfer
   * learning) and leaves the other parameters as they are, as PyTorch's {@code
   * load_state_dict(strict=False)} does for the keys that fit. The file must still be valid.
   *
   * @param model the model whose matching parameters are overwritten
   * @param file the safetensors file to read
   * @return the names of the parameters loaded, in model order
   * @throws IOException if the file cannot be read or is not valid safetensors; no weight has
   *     changed
   */
  public static List<String> loadMatching(Model model, Path file) throws IOException {
    SafetensorsFile st = SafetensorsFile.open(file);
    List<Parameter> matching = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (Parameter p : model.parameters()) {
      SafetensorsFile.Entry e = st.entries().get(p.name());
      if (e != null && Arrays.equals(e.shape(), p.shape()) && e.dtype().loadsAs(p.dtype())) {
        matching.add(p);
        names.add(p.name());
      }
    }
    copyIn(model, st, matching);
    return List.copyOf(names);
  }

  /** Reads every tensor first, then uploads the whole buffer once. */
  private static void copyIn(Model model, SafetensorsFile st, List<Parameter> parameters) throws IOException {
    float[] host = new float[model.parameterCount()];
    model.device().download(model.parameterBuffer(), 0, host, 0, host.length);
    for (Parameter p : parameters) {
      float[] values = st.readFloats(st.entries().get(p.name()));
      System.arraycopy(values, 0, host, p.offset(), values.length);
    }
    model.device().upload(host, 0, model.parameterBuffer(), 0, host.length);
  }

  /** The JSON header, padded with spaces to a multiple of 8 bytes as the reference writer does. */
  static byte[] header(String network, List<Parameter> parameters) {
    return header(network, parameters, Map.of());
  }

  /** The header with more {@code __metadata__} strings after the format and network. */
  static byte[] header(String network, List<Parameter> parameters, Map<String, String> extraMetadata) {
    StringBuilder json = new StringBuilder("{\"__metadata__\":{\"format\":\"pt\",\"network\":")
        .append(Json.quote(network));
    for (Map.Entry<String, String> entry : extraMetadata.entrySet()) {
      json.append(',').append(Json.quote(entry.getKey())).append(':').append(Json.quote(entry.getValue()));
    }
    json.append('}');
    long offset = 0;
    for (Parameter p : parameters) {
      long end = offset + (p.dtype() == TensorDtype.I64 ? 8L : 4L) * p.size();
      json.append(',').append(Json.quote(p.name())).append(":{\"dtype\":\"").append(p.dtype())
          .append("\",\"shape\":[");
      int[] shape = p.shape();
      for (int i = 0; i < shape.length; i++) {
        json.append(i == 0 ? "" : ",").append(shape[i]);
      }
      json.append("],\"data_offsets\":[").append(offset).append(',').append(end).append("]}");
      offset = end;
    }
    json.append('}');
    byte[] bytes = json.toString().getBytes(UTF_8);
    int padded = (bytes.length + 7) / 8 * 8;
    byte[] out = Arrays.copyOf(bytes, padded);
    Arrays.fill(out, bytes.length, padded, (byte) ' ');
    return out;
  }

  /** As {@link AtomicFile#write}; kept for the tests of this package. */
  static void writeAtomically(Path target, AtomicFile.Body body) throws IOException {
    AtomicFile.write(target, body);
  }
}
