package hypercolumn.processor.fuzz;

import hypercolumn.processor.fuzz.Declaration.Annotation;
import hypercolumn.processor.fuzz.Declaration.Conv2D;
import hypercolumn.processor.fuzz.Declaration.Flatten;
import hypercolumn.processor.fuzz.Declaration.GlobalAvgPool2D;
import hypercolumn.processor.fuzz.Declaration.Pool2D;
import hypercolumn.processor.fuzz.Declaration.Dense;
import hypercolumn.processor.fuzz.Declaration.Dropout;
import hypercolumn.processor.fuzz.Declaration.Field;
import hypercolumn.processor.fuzz.Declaration.Literal;
import hypercolumn.processor.fuzz.Declaration.Member;
import hypercolumn.processor.fuzz.Declaration.Noise;
import hypercolumn.processor.fuzz.Declaration.Other;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Renders a {@link Declaration} as Java source that javac accepts as a language. */
final class SourceWriter {
  private SourceWriter() {}

  static String network(Declaration d) {
    StringBuilder out = new StringBuilder();
    out.append("package ").append(d.packageName()).append(";\n\n");
    out.append("import hypercolumn.*;\n\n");
    List<String> attributes = new ArrayList<>();
    attributes.add("input = " + input(d.input()));
    attributes.add("loss = Loss." + d.loss().name());
    if (d.name().written()) {
      attributes.add("name = " + d.name().text());
    }
    out.append("@Network(").append(String.join(", ", attributes)).append(")\n");
    out.append(d.classModifiers().isEmpty() ? "" : d.classModifiers() + " ").append("class ").append(d.className())
        .append(" {\n");
    if (!d.constructor().template.isEmpty()) {
      out.append("  ").append(String.format(d.constructor().template, d.className())).append("\n");
    }
    for (Member member : d.members()) {
      out.append("  ").append(member(member)).append("\n");
    }
    return out.append("}\n").toString();
  }

  static String companion(String packageName, String typeName) {
    return "package " + packageName + ";\n\nclass " + typeName + " {}\n";
  }

  private static String input(List<Literal> dims) {
    if (dims.size() == 1 && dims.get(0).value() > 0 && dims.get(0).intValue() % 2 == 0) {
      return dims.get(0).text(); // the single-element shorthand, input = 784
    }
    return dims.stream().map(Literal::text).collect(Collectors.joining(", ", "{", "}"));
  }

  private static String member(Member member) {
    if (member instanceof Noise noise) {
      return noise.text();
    }
    Field field = (Field) member;
    StringBuilder out = new StringBuilder();
    for (Annotation annotation : field.annotations()) {
      out.append(annotation(annotation)).append(' ');
    }
    if (!field.modifiers().isEmpty()) {
      out.append(field.modifiers()).append(' ');
    }
    out.append(field.type()).append(' ').append(field.name());
    if (field.initializer() != null) {
      out.append(" = ").append(field.initializer());
    }
    return out.append(';').toString();
  }

  private static String annotation(Annotation annotation) {
    if (annotation instanceof Other other) {
      return other.text();
    }
    List<String> attributes = new ArrayList<>();
    String kind;
    boolean shorthand;
    if (annotation instanceof Dense dense) {
      kind = "Dense";
      shorthand = dense.valueShorthand();
      add(attributes, "value", dense.value());
      add(attributes, "units", dense.units());
      if (dense.activation() != null) {
        attributes.add("activation = Activation." + dense.activation().name());
      }
      add(attributes, "alpha", dense.alpha());
      if (dense.bias() != null) {
        attributes.add("bias = " + dense.bias());
      }
    } else if (annotation instanceof Conv2D conv) {
      return ImageSources.conv(conv);
    } else if (annotation instanceof Pool2D pool) {
      return ImageSources.pool(pool);
    } else if (annotation instanceof GlobalAvgPool2D) {
      return "@GlobalAvgPool2D";
    } else if (annotation instanceof Flatten) {
      return "@Flatten";
    } else {
      Dropout dropout = (Dropout) annotation;
      kind = "Dropout";
      shorthand = dropout.valueShorthand();
      add(attributes, "value", dropout.value());
      add(attributes, "rate", dropout.rate());
    }
    if (attributes.isEmpty()) {
      return "@" + kind;
    }
    if (shorthand && attributes.size() == 1 && attributes.get(0).startsWith("value = ")) {
      return "@" + kind + "(" + attributes.get(0).substring("value = ".length()) + ")";
    }
    return "@" + kind + "(" + String.join(", ", attributes) + ")";
  }

  private static void add(List<String> attributes, String name, Literal literal) {
    if (literal != null) {
      attributes.add(name + " = " + literal.text());
    }
  }
}
