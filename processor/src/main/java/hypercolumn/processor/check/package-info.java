/**
 * Every rule a network must satisfy, one class per rule, each turning violations into {@link
 * hypercolumn.processor.check.Diagnostic}s placed on the annotation value at fault. {@link
 * hypercolumn.processor.check.Checker} runs them all and collects the diagnostics of a class
 * before anything is reported; the texts live in {@link hypercolumn.processor.check.Messages}.
 */
package hypercolumn.processor.check;
