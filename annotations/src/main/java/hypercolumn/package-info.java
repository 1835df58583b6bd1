/**
 * What a user writes to declare a network: {@link hypercolumn.Network} on an abstract class,
 * one layer annotation on each {@link hypercolumn.Layer} field, an {@link
 * hypercolumn.Activation} per layer and a {@link hypercolumn.Loss}. The annotations are read
 * at compile time only.
 */
package hypercolumn;
