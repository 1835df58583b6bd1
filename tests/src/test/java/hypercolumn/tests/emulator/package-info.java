/** Tests of the CUDA emulator (src/emulator) through JCuda: driver, NVRTC, cuBLAS and stream capture. */
package hypercolumn.tests.emulator;
