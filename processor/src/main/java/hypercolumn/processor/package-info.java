/**
 * The annotation processor: {@link hypercolumn.processor.NetworkProcessor} runs, for each
 * {@code @Network} class, the stages parse, check, plan and emit, one package each.
 */
package hypercolumn.processor;
