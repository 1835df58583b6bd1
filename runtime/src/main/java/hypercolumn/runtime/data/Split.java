package hypercolumn.runtime.data;

/**
 * Two disjoint parts of a data set: one to train on, one to test or validate on.
 *
 * @param train the samples to train on
 * @param test the samples to test or validate on
 */
public record Split(Dataset train, Dataset test) {}
