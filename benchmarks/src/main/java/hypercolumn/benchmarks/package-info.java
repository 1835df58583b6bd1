/**
 * The benchmarks behind {@code ./bench.sh}: MLP training and inference throughput and GEMM
 * GFLOP/s, printed beside PyTorch and OpenBLAS measured in the same run. Nothing here runs in
 * {@code mvn verify} beyond light checks of the harness.
 */
package hypercolumn.benchmarks;
