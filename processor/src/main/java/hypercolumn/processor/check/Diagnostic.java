package hypercolumn.processor.check;

import hypercolumn.processor.model.Origin;

/** One message for the user, and where it points. */
public record Diagnostic(Severity severity, String message, Origin origin) {

  public enum Severity {
    ERROR,
    WARNING
  }

  public static Diagnostic error(String message, Origin origin) {
    return new Diagnostic(Severity.ERROR, message, origin);
  }

  public static Diagnostic warning(String message, Origin origin) {
    return new Diagnostic(Severity.WARNING, message, origin);
  }
}
