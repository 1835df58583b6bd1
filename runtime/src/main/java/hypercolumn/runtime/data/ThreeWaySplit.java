package hypercolumn.runtime.data;

/**
 * Three disjoint parts of a data set: one to train on, one to validate on while choosing
 * hyperparameters or stopping early, and one to test on once at the end.
 *
 * @param train the samples to train on
 * @param validation the samples evaluated after every epoch
 * @param test the samples kept for the final measurement
 */
public record ThreeWaySplit(Dataset train, Dataset validation, Dataset test) {}
