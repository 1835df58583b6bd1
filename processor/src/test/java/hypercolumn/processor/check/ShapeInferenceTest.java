package hypercolumn.processor.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hypercolumn.Activation;
import hypercolumn.Loss;
import hypercolumn.processor.model.CheckedNetwork;
import hypercolumn.processor.model.ClassFacts;
import hypercolumn.processor.model.DenseSpec;
import hypercolumn.processor.model.DropoutSpec;
import hypercolumn.processor.model.FieldSpec;
import hypercolumn.processor.model.LayerShapes;
import hypercolumn.processor.model.LayerSpec;
import hypercolumn.processor.model.NetworkSpec;
import hypercolumn.processor.model.Origin;
import hypercolumn.processor.model.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The checked network carries every layer's shapes, inferred once. The oracle is the shapes
 * worked out by hand: a dense layer's output is its width, a dropout's is its input.
 */
class ShapeInferenceTest {
  private static final ClassFacts FACTS = new ClassFacts(true, false, false, false, false, false, true, true, false, false);

  private static NetworkSpec network(Shape input, LayerSpec... layers) {
    List<FieldSpec> fields = new ArrayList<>();
    for (LayerSpec layer : layers) {
      fields.add(new FieldSpec(layer.name(), Origin.NONE, true, "hypercolumn.Layer", false, false, false, List.of(layer)));
    }
    return new NetworkSpec("test", "Net", "Net", "NetNet", input, Optional.of(Loss.SOFTMAX_CROSS_ENTROPY), fields, FACTS,
        Origin.NONE);
  }

  @Test
  void theCheckedNetworkCarriesEachLayersInputAndOutputShape() {
    Checker.Result result = new Checker().check(network(Shape.of(4), DenseSpec.of("hidden", 8, Activation.RELU),
        DropoutSpec.of("drop", 0.5), DenseSpec.of("logits", 3, Activation.IDENTITY)));
    CheckedNetwork checked = result.network().orElseThrow();
    assertEquals(List.of(
        new LayerShapes(checked.spec().layers().get(0), Shape.of(4), Shape.of(8)),
        new LayerShapes(checked.spec().layers().get(1), Shape.of(8), Shape.of(8)),
        new LayerShapes(checked.spec().layers().get(2), Shape.of(8), Shape.of(3))), checked.layers());
    assertEquals(Shape.of(3), checked.output());
  }

  @Test
  void aDenseLayerOnAnImageIsReportedOnceAndTheNetworkIsNotHandedOn() {
    List<Diagnostic> out = new ArrayList<>();
    CheckedNetwork shapes = new ShapeInference().infer(network(Shape.of(2, 3), DenseSpec.of("first", 4, Activation.RELU),
        DenseSpec.of("second", 3, Activation.IDENTITY)), out);
    assertEquals(1, out.size(), out.toString());
    assertTrue(out.get(0).message().startsWith("[Shape/DenseNeedsFlat] @Dense 'first' needs a flat input"),
        out.get(0).message());
    // Inference goes on past the rejection, so the loss rule still sees the output shape.
    assertEquals(Shape.of(3), shapes.output());

    Checker.Result result = new Checker().check(network(Shape.of(2, 3), DenseSpec.of("first", 4, Activation.RELU),
        DenseSpec.of("second", 3, Activation.IDENTITY)));
    assertTrue(result.network().isEmpty(), "a network with a shape error was handed on");
  }
}
