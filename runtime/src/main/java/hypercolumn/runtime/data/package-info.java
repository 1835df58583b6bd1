/**
 * Data for training: in-memory {@link hypercolumn.runtime.data.Dataset}s with seeded shuffling
 * and (stratified, three-way) splitting, the IDX reader and the Fashion-MNIST loader, the CSV
 * reader for numeric tables ({@link hypercolumn.runtime.data.CsvReader}), and fitted feature
 * scalers.
 */
package hypercolumn.runtime.data;
