/**
 * Weight files: {@link hypercolumn.runtime.io.Weights} saves and loads a model's parameters as
 * safetensors, validating the whole file before any weight changes.
 */
package hypercolumn.runtime.io;
