package hypercolumn.tests;

import static hypercolumn.testing.Tolerance.assertWithin;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import hypercolumn.runtime.Tensor;
import hypercolumn.runtime.cuda.CudaDevice;
import hypercolumn.runtime.cuda.CudnnAccess;
import hypercolumn.testing.Tolerance;
import java.util.Random;
import java.util.stream.Stream;
import jcuda.Pointer;
import jcuda.jcudnn.JCudnn;
import jcuda.jcudnn.cudnnTensorDescriptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * cuDNN's batch normalization called through JCudnn (in the build: the runtime's libcudnn.so.8
 * forwarder and the emulator's libcudnn.so.9; on a GPU machine, the real cuDNN), which the CUDA
 * device does not use yet. The oracle is {@link BatchNormReference}, written from the
 * definitions (Ioffe and Szegedy's formulas, PyTorch's running statistics) in double, and
 * PyTorch's own numbers (fixtures/cudnn_batch_norm.safetensors); results must be within 1e-5. Statuses are cuDNN 8's numbers, as JCudnn sees them.
 */
class CudnnBatchNormTest {
  private static final double TOLERANCE = 1e-5;
  private static final int BAD_PARAM = 3;
  private static final double EPSILON = 1e-5;

  private CudaDevice cuda;
  private CudnnAccess dnn;

  @BeforeEach
  void open() {
    assumeTrue(TestDevices.cudaExpected(), "no CUDA device or emulator: " + CudaDevice.statusLine());
    cuda = (CudaDevice) TestDevices.CUDA.open();
    dnn = new CudnnAccess(cuda);
  }

  @AfterEach
  void close() {
    if (cuda != null) {
      dnn.close();
      cuda.close();
    }
  }

  static Stream<BatchNormReference.Shape> shapes() {
    return Stream.of(
        new BatchNormReference.Shape(BatchNormReference.SPATIAL, 3, 4, 5, 2),
        new BatchNormReference.Shape(BatchNormReference.PER_ACTIVATION, 6, 5, 1, 1),
        new BatchNormReference.Shape(BatchNormReference.PER_ACTIVATION, 4, 3, 2, 3));
  }

  @ParameterizedTest
  @MethodSource("shapes")
  void derivedDescriptorIsOneByCByOneByOneSpatiallyAndOneByCByHByWPerActivation(BatchNormReference.Shape s) {
    int[] dims = dimensions(derived(s));
    boolean spatial = s.mode() == BatchNormReference.SPATIAL;
    assertArrayEquals(new int[] {1, s.c(), spatial ? 1 : s.h(), spatial ? 1 : s.w()}, dims, s.toString());
  }

  /**
   * Two training calls with factor 0.1 from given running statistics: y, the saved mean and
   * inverse standard deviation of each call, and the running mean and unbiased variance after each.
   */
  @ParameterizedTest
  @MethodSource("shapes")
  void twoTrainingCallsGiveOutputsSavedAndRunningStatisticsOfTheReference(BatchNormReference.Shape s) {
    Random random = new Random(s.hashCode());
    float[] gamma = gaussian(random, s.parameters(), 1, 0.3);
    float[] beta = gaussian(random, s.parameters(), 0, 1);
    float[] runningMean = gaussian(random, s.parameters(), 0, 0.1);
    float[] runningVariance = uniform(random, s.parameters(), 0.5, 1.5);
    Tensor rm = upload(runningMean);
    Tensor rv = upload(runningVariance);
    double[] expectedMean = BatchNormReference.toDouble(runningMean);
    double[] expectedVariance = BatchNormReference.toDouble(runningVariance);
    for (int call = 1; call <= 2; call++) {
      float[] x = gaussian(random, s.size(), 0.5 * call, 2);
      Tensor y = cuda.allocate(s.size());
      cuda.fill(y, 0, s.size(), Float.NaN);  // beta 0 never reads y
      Tensor saveMean = cuda.allocate(s.parameters());
      Tensor saveInvStd = cuda.allocate(s.parameters());
      assertEquals(0, train(s, 1f, 0f, upload(x), y, upload(gamma), upload(beta), 0.1, rm, rv, EPSILON, saveMean,
          saveInvStd), "cudnnBatchNormalizationForwardTraining " + s);
      double[] mean = BatchNormReference.mean(s, x);
      double[] variance = BatchNormReference.variance(s, x, mean);
      String what = s + ", call " + call;
      assertWithin("y of " + what, BatchNormReference.normalize(s, x, mean, variance, gamma, beta, EPSILON),
          download(y), TOLERANCE);
      assertWithin("saved mean of " + what, mean, download(saveMean), TOLERANCE);
      assertWithin("saved inverse std of " + what, BatchNormReference.inverseStd(variance, EPSILON),
          download(saveInvStd), TOLERANCE);
      double[] unbiased = BatchNormReference.unbiased(s, variance);
      for (int p = 0; p < s.parameters(); p++) {
        expectedMean[p] = 0.9 * expectedMean[p] + 0.1 * mean[p];
        expectedVariance[p] = 0.9 * expectedVariance[p] + 0.1 * unbiased[p];
      }
      assertWithin("running mean after " + what, expectedMean, download(rm), TOLERANCE);
      assertWithin("running variance after " + what, expectedVariance, download(rv), TOLERANCE);
    }
  }

  /** Factor 1 replaces the running variance with the batch's: the unbiased one, not the saved biased one. */
  @ParameterizedTest
  @MethodSource("shapes")
  void theRunningVarianceIsTheUnbiasedVariance(BatchNormReference.Shape s) {
    Random random = new Random(7 * s.hashCode());
    float[] x = gaussian(random, s.size(), 0, 1);
    Tensor rm = upload(new float[s.parameters()]);
    Tensor rv = upload(new float[s.parameters()]);
    assertEquals(0, train(s, 1f, 0f, upload(x), cuda.allocate(s.size()), upload(gaussian(random, s.parameters(), 1, 0)),
        upload(new float[s.parameters()]), 1.0, rm, rv, EPSILON, null, null), "training " + s);
    double[] biased = BatchNormReference.variance(s, x, BatchNormReference.mean(s, x));
    double[] found = BatchNormReference.toDouble(download(rv));
    assertWithin("running variance, factor 1, " + s, BatchNormReference.unbiased(s, biased), found, TOLERANCE);
    assertFalse(Tolerance.within(biased, found, TOLERANCE), "the running variance is the biased one: " + s);
  }

  @ParameterizedTest
  @MethodSource("shapes")
  void alphaAndBetaBlendTrainingAndInferenceOutputs(BatchNormReference.Shape s) {
    Random random = new Random(11 * s.hashCode());
    float[] x = gaussian(random, s.size(), 1, 2);
    float[] gamma = gaussian(random, s.parameters(), 1, 0.3);
    float[] beta = gaussian(random, s.parameters(), 0, 1);
    float[] before = gaussian(random, s.size(), 0, 1);
    Tensor y = upload(before);
    assertEquals(0, train(s, 0.5f, 0.25f, upload(x), y, upload(gamma), upload(beta), 0.1, null, null, EPSILON, null,
        null), "training " + s);
    double[] mean = BatchNormReference.mean(s, x);
    double[] variance = BatchNormReference.variance(s, x, mean);
    double[] normalized = BatchNormReference.normalize(s, x, mean, variance, gamma, beta, EPSILON);
    assertWithin("training y, alpha 0.5 beta 0.25, " + s, BatchNormReference.blend(0.5, normalized, 0.25, before),
        download(y), TOLERANCE);

    float[] estimatedMean = gaussian(random, s.parameters(), 0, 0.5);
    float[] estimatedVariance = uniform(random, s.parameters(), 0.5, 2);
    cuda.upload(before, 0, y, 0, before.length);
    cudnnTensorDescriptor xd = dnn.tensor(s.n(), s.c(), s.h(), s.w());
    int status = JCudnn.cudnnBatchNormalizationForwardInference(dnn.handle(), s.mode(), host(2f), host(-0.5f), xd,
        address(upload(x)), xd, address(y), derived(s), address(upload(gamma)), address(upload(beta)),
        address(upload(estimatedMean)), address(upload(estimatedVariance)), EPSILON);
    assertEquals(0, status, "cudnnBatchNormalizationForwardInference " + s);
    double[] inferred = BatchNormReference.normalize(s, x, BatchNormReference.toDouble(estimatedMean),
        BatchNormReference.toDouble(estimatedVariance), gamma, beta, EPSILON);
    assertWithin("inference y, alpha 2 beta -0.5, " + s, BatchNormReference.blend(2, inferred, -0.5, before),
        download(y), TOLERANCE);
  }

  /** The three gradients, from the saved mean and inverse std and recomputed without them, blended both ways. */
  @ParameterizedTest
  @MethodSource("shapes")
  void backwardGradientsMatchTheReferenceWithAndWithoutSavedStatistics(BatchNormReference.Shape s) {
    Random random = new Random(13 * s.hashCode());
    float[] x = gaussian(random, s.size(), -0.5, 1.5);
    float[] gamma = gaussian(random, s.parameters(), 1, 0.3);
    float[] dy = gaussian(random, s.size(), 0, 1);
    Tensor xt = upload(x);
    Tensor gammaT = upload(gamma);
    Tensor saveMean = cuda.allocate(s.parameters());
    Tensor saveInvStd = cuda.allocate(s.parameters());
    assertEquals(0, train(s, 1f, 0f, xt, cuda.allocate(s.size()), gammaT, upload(new float[s.parameters()]), 0.1,
        null, null, EPSILON, saveMean, saveInvStd), "training " + s);
    BatchNormReference.Gradients expected = BatchNormReference.backward(s, x, dy, gamma, EPSILON);
    for (boolean saved : new boolean[] {true, false}) {
      String what = s + (saved ? " from the saved statistics" : " recomputed");
      Tensor dx = cuda.allocate(s.size());
      Tensor dGamma = cuda.allocate(s.parameters());
      Tensor dBeta = cuda.allocate(s.parameters());
      cuda.fill(dx, 0, s.size(), Float.NaN);  // beta 0 never reads the outputs
      cuda.fill(dGamma, 0, s.parameters(), Float.NaN);
      cuda.fill(dBeta, 0, s.parameters(), Float.NaN);
      assertEquals(0, backward(s, 1f, 0f, 1f, 0f, xt, upload(dy), dx, gammaT, dGamma, dBeta, EPSILON,
          saved ? saveMean : null, saved ? saveInvStd : null), "cudnnBatchNormalizationBackward " + what);
      assertWithin("dx " + what, expected.dx(), download(dx), TOLERANCE);
      assertWithin("dgamma " + what, expected.dGamma(), download(dGamma), TOLERANCE);
      assertWithin("dbeta " + what, expected.dBeta(), download(dBeta), TOLERANCE);

      float[] dxBefore = gaussian(random, s.size(), 0, 1);
      float[] dGammaBefore = gaussian(random, s.parameters(), 0, 1);
      float[] dBetaBefore = gaussian(random, s.parameters(), 0, 1);
      cuda.upload(dxBefore, 0, dx, 0, dxBefore.length);
      cuda.upload(dGammaBefore, 0, dGamma, 0, dGammaBefore.length);
      cuda.upload(dBetaBefore, 0, dBeta, 0, dBetaBefore.length);
      assertEquals(0, backward(s, 0.7f, 0.3f, 1.5f, 0.5f, xt, upload(dy), dx, gammaT, dGamma, dBeta, EPSILON,
          saved ? saveMean : null, saved ? saveInvStd : null), "blended backward " + what);
      assertWithin("dx, alpha 0.7 beta 0.3, " + what, BatchNormReference.blend(0.7, expected.dx(), 0.3, dxBefore),
          download(dx), TOLERANCE);
      assertWithin("dgamma, alpha 1.5 beta 0.5, " + what,
          BatchNormReference.blend(1.5, expected.dGamma(), 0.5, dGammaBefore), download(dGamma), TOLERANCE);
      assertWithin("dbeta, alpha 1.5 beta 0.5, " + what,
          BatchNormReference.blend(1.5, expected.dBeta(), 0.5, dBetaBefore), download(dBeta), TOLERANCE);
    }
  }

  /**
   * PyTorch's training-mode batch_norm (momentum 0.1, eps 1e-5) and its autograd gradients, from
   * tests/scripts/make_cudnn_batch_norm_fixtures.py: two training calls' outputs and running
   * statistics, and the first call's gradients through the saved statistics. The same numbers
   * also hold {@link BatchNormReference} to PyTorch.
   */
  @ParameterizedTest
  @ValueSource(strings = {"bn_spatial", "bn_per_activation"})
  void trainingAndGradientsMatchPyTorch(String name) {
    Safetensors f = Safetensors.fixture("cudnn_batch_norm.safetensors");
    float[] shape = f.get(name + ".shape");
    BatchNormReference.Shape s = new BatchNormReference.Shape((int) shape[0], (int) shape[1], (int) shape[2],
        (int) shape[3], (int) shape[4]);
    double epsilon = f.metadataFloat("eps");
    double factor = f.metadataFloat("momentum");
    float[] gamma = f.get(name + ".gamma");
    Tensor gammaT = upload(gamma);
    Tensor betaT = upload(f.get(name + ".beta"));
    Tensor rm = upload(f.get(name + ".running_mean"));
    Tensor rv = upload(f.get(name + ".running_var"));
    Tensor saveMean = cuda.allocate(s.parameters());
    Tensor saveInvStd = cuda.allocate(s.parameters());
    Tensor x1 = upload(f.get(name + ".x1"));
    for (int call = 1; call <= 2; call++) {
      Tensor x = call == 1 ? x1 : upload(f.get(name + ".x2"));
      Tensor y = cuda.allocate(s.size());
      assertEquals(0, train(s, 1f, 0f, x, y, gammaT, betaT, factor, rm, rv, epsilon, call == 1 ? saveMean : null,
          call == 1 ? saveInvStd : null), "training " + name + ", call " + call);
      assertWithin("y" + call + " of " + name, f.get(name + ".y" + call), download(y), TOLERANCE);
      assertWithin("running mean after call " + call + " of " + name, f.get(name + ".running_mean" + call),
          download(rm), TOLERANCE);
      assertWithin("running variance after call " + call + " of " + name, f.get(name + ".running_var" + call),
          download(rv), TOLERANCE);
    }
    float[] dy = f.get(name + ".dy");
    Tensor dx = cuda.allocate(s.size());
    Tensor dGamma = cuda.allocate(s.parameters());
    Tensor dBeta = cuda.allocate(s.parameters());
    assertEquals(0, backward(s, 1f, 0f, 1f, 0f, x1, upload(dy), dx, gammaT, dGamma, dBeta, epsilon, saveMean,
        saveInvStd), "backward " + name);
    assertWithin("dx of " + name, f.get(name + ".dx"), download(dx), TOLERANCE);
    assertWithin("dgamma of " + name, f.get(name + ".dgamma"), download(dGamma), TOLERANCE);
    assertWithin("dbeta of " + name, f.get(name + ".dbeta"), download(dBeta), TOLERANCE);

    BatchNormReference.Gradients reference = BatchNormReference.backward(s, f.get(name + ".x1"), dy, gamma, epsilon);
    assertWithin("the reference's dx against PyTorch's, " + name, BatchNormReference.toDouble(f.get(name + ".dx")),
        reference.dx(), TOLERANCE);
    assertWithin("the reference's dgamma against PyTorch's, " + name,
        BatchNormReference.toDouble(f.get(name + ".dgamma")), reference.dGamma(), TOLERANCE);
  }

  /**
   * CUDNN_BN_MIN_EPSILON is 0.0 in cuDNN 8 and 9 (cudnn_ops.h of 9.24; JCudnn 11.7.0's constant):
   * a negative epsilon is BAD_PARAM in all three calls, 1e-6 is accepted; so is one of each
   * optional pointer pair without the other.
   */
  @Test
  void negativeEpsilonAndHalfAnOptionalPairAreBadParameters() {
    BatchNormReference.Shape s = new BatchNormReference.Shape(BatchNormReference.SPATIAL, 3, 4, 5, 2);
    assertEquals(0, JCudnn.CUDNN_BN_MIN_EPSILON);
    Tensor x = upload(gaussian(new Random(3), s.size(), 0, 1));
    Tensor y = cuda.allocate(s.size());
    Tensor[] p = new Tensor[6];
    for (int i = 0; i < p.length; i++) {
      p[i] = upload(uniform(new Random(i), s.parameters(), 0.5, 1.5));
    }
    assertEquals(BAD_PARAM, train(s, 1f, 0f, x, y, p[0], p[1], 0.1, p[2], p[3], -1e-6, p[4], p[5]), "training");
    assertEquals(0, train(s, 1f, 0f, x, y, p[0], p[1], 0.1, p[2], p[3], 1e-6, p[4], p[5]), "training, 1e-6");
    assertEquals(BAD_PARAM, train(s, 1f, 0f, x, y, p[0], p[1], 0.1, p[2], null, EPSILON, p[4], p[5]),
        "training without a running variance");
    assertEquals(BAD_PARAM, train(s, 1f, 0f, x, y, p[0], p[1], 0.1, p[2], p[3], EPSILON, null, p[5]),
        "training without a saved mean");
    cudnnTensorDescriptor xd = dnn.tensor(s.n(), s.c(), s.h(), s.w());
    assertEquals(BAD_PARAM, JCudnn.cudnnBatchNormalizationForwardInference(dnn.handle(), s.mode(), host(1f),
        host(0f), xd, address(x), xd, address(y), derived(s), address(p[0]), address(p[1]), address(p[2]),
        address(p[3]), -1e-6), "inference");
    Tensor dx = cuda.allocate(s.size());
    assertEquals(BAD_PARAM, backward(s, 1f, 0f, 1f, 0f, x, y, dx, p[0], p[1], p[2], -1e-6, p[4], p[5]), "backward");
    assertEquals(BAD_PARAM, backward(s, 1f, 0f, 1f, 0f, x, y, dx, p[0], p[1], p[2], EPSILON, null, p[5]),
        "backward without a saved mean");
  }

  private int train(BatchNormReference.Shape s, float alpha, float beta, Tensor x, Tensor y, Tensor gamma,
      Tensor bias, double factor, Tensor runningMean, Tensor runningVariance, double epsilon, Tensor saveMean,
      Tensor saveInvStd) {
    cudnnTensorDescriptor xd = dnn.tensor(s.n(), s.c(), s.h(), s.w());
    return JCudnn.cudnnBatchNormalizationForwardTraining(dnn.handle(), s.mode(), host(alpha), host(beta), xd,
        address(x), xd, address(y), derived(s), address(gamma), address(bias), factor, address(runningMean),
        address(runningVariance), epsilon, address(saveMean), address(saveInvStd));
  }

  private int backward(BatchNormReference.Shape s, float alphaData, float betaData, float alphaParam,
      float betaParam, Tensor x, Tensor dy, Tensor dx, Tensor gamma, Tensor dGamma, Tensor dBeta, double epsilon,
      Tensor savedMean, Tensor savedInvStd) {
    cudnnTensorDescriptor xd = dnn.tensor(s.n(), s.c(), s.h(), s.w());
    return JCudnn.cudnnBatchNormalizationBackward(dnn.handle(), s.mode(), host(alphaData), host(betaData),
        host(alphaParam), host(betaParam), xd, address(x), xd, address(dy), xd, address(dx), derived(s),
        address(gamma), address(dGamma), address(dBeta), epsilon, address(savedMean), address(savedInvStd));
  }

  /** The parameters' descriptor cuDNN derives from x's for the shape's mode. */
  private cudnnTensorDescriptor derived(BatchNormReference.Shape s) {
    cudnnTensorDescriptor bn = new cudnnTensorDescriptor();
    assertEquals(0, JCudnn.cudnnCreateTensorDescriptor(bn), "cudnnCreateTensorDescriptor");
    assertEquals(0, JCudnn.cudnnDeriveBNTensorDescriptor(bn, dnn.tensor(s.n(), s.c(), s.h(), s.w()), s.mode()),
        "cudnnDeriveBNTensorDescriptor " + s);
    return bn;
  }

  private static int[] dimensions(cudnnTensorDescriptor d) {
    int[] type = {-1};
    int[][] v = new int[8][1];
    assertEquals(0, JCudnn.cudnnGetTensor4dDescriptor(d, type, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]),
        "cudnnGetTensor4dDescriptor");
    return new int[] {v[0][0], v[1][0], v[2][0], v[3][0]};
  }

  private static Pointer host(float value) {
    return Pointer.to(new float[] {value});
  }

  private static Pointer address(Tensor t) {
    return t == null ? null : CudnnAccess.address(t);
  }

  private Tensor upload(float[] values) {
    Tensor t = cuda.allocate(values.length);
    cuda.upload(values, 0, t, 0, values.length);
    return t;
  }

  private float[] download(Tensor t) {
    float[] values = new float[t.size()];
    cuda.download(t, 0, values, 0, values.length);
    return values;
  }

  private static float[] gaussian(Random random, int size, double mean, double deviation) {
    float[] values = new float[size];
    for (int i = 0; i < size; i++) {
      values[i] = (float) (mean + deviation * random.nextGaussian());
    }
    return values;
  }

  private static float[] uniform(Random random, int size, double low, double high) {
    float[] values = new float[size];
    for (int i = 0; i < size; i++) {
      values[i] = (float) (low + (high - low) * random.nextDouble());
    }
    return values;
  }
}
