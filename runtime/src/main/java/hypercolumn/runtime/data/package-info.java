/**
 * Data for training: in-memory {@link hypercolumn.runtime.data.Dataset}s with seeded shuffling
 * and splitting, the IDX reader and the Fashion-MNIST loader, and feature scalers.
 */
package hypercolumn.runtime.data;
