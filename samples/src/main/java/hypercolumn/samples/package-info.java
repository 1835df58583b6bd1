/**
 * Runnable samples, from Rosenblatt's perceptron to a Fashion-MNIST MLP and CNN; {@link
 * hypercolumn.samples.Samples} runs one by name ({@code ./demo.sh list}).
 */
package hypercolumn.samples;
