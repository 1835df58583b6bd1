/**
 * Reads a {@code @Network} class through {@code javax.lang.model} into the model: the network
 * attributes, then every field in declaration order with its layer annotations. This is the only
 * stage that touches javac's element API; each model node keeps a {@link
 * hypercolumn.processor.parse.JavacOrigin} so diagnostics can point at an annotation value.
 */
package hypercolumn.processor.parse;
