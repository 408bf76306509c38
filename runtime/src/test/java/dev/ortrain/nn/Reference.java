package dev.ortrain.nn;

/**
 * Straightforward Java versions of the layers, on row-major arrays in NCHW layout, written from the
 * PyTorch definitions to check the ONNX graphs' values against.
 */
final class Reference {
  private Reference() {}

  /** y[n, o] = Σ_i x[n, i]·w[o, i] + b[o]. */
  static float[] linear(float[] x, int batch, int in, float[] w, float[] b, int out) {
    float[] y = new float[batch * out];
    for (int n = 0; n < batch; n++) {
      for (int o = 0; o < out; o++) {
        double s = b == null ? 0 : b[o];
        for (int i = 0; i < in; i++) {
          s += (double) x[n * in + i] * w[o * in + i];
        }
        y[n * out + o] = (float) s;
      }
    }
    return y;
  }

  /** Geometry of a 2-D window over an NCHW input. */
  record Geometry(int batch, int channels, int height, int width, int kernelH, int kernelW, int strideH,
      int strideW, int padTop, int padLeft, int padBottom, int padRight, int dilationH, int dilationW) {

    int outH() {
      return (height + padTop + padBottom - dilationH * (kernelH - 1) - 1) / strideH + 1;
    }

    int outW() {
      return (width + padLeft + padRight - dilationW * (kernelW - 1) - 1) / strideW + 1;
    }
  }

  static float[] conv2d(float[] x, Geometry g, float[] w, float[] b, int outChannels, int groups) {
    int inPerGroup = g.channels() / groups;
    int outPerGroup = outChannels / groups;
    int oh = g.outH();
    int ow = g.outW();
    float[] y = new float[g.batch() * outChannels * oh * ow];
    for (int n = 0; n < g.batch(); n++) {
      for (int oc = 0; oc < outChannels; oc++) {
        int group = oc / outPerGroup;
        for (int r = 0; r < oh; r++) {
          for (int c = 0; c < ow; c++) {
            double s = b == null ? 0 : b[oc];
            for (int ic = 0; ic < inPerGroup; ic++) {
              for (int kh = 0; kh < g.kernelH(); kh++) {
                for (int kw = 0; kw < g.kernelW(); kw++) {
                  int ih = r * g.strideH() - g.padTop() + kh * g.dilationH();
                  int iw = c * g.strideW() - g.padLeft() + kw * g.dilationW();
                  if (ih >= 0 && ih < g.height() && iw >= 0 && iw < g.width()) {
                    int channel = group * inPerGroup + ic;
                    s += (double) x[((n * g.channels() + channel) * g.height() + ih) * g.width() + iw]
                        * w[((oc * inPerGroup + ic) * g.kernelH() + kh) * g.kernelW() + kw];
                  }
                }
              }
            }
            y[((n * outChannels + oc) * oh + r) * ow + c] = (float) s;
          }
        }
      }
    }
    return y;
  }

  /** Max or average pooling; padding is -∞ for max, and counts in the divisor when countIncludePad. */
  static float[] pool2d(float[] x, Geometry g, boolean max, boolean countIncludePad) {
    int oh = g.outH();
    int ow = g.outW();
    float[] y = new float[g.batch() * g.channels() * oh * ow];
    for (int nc = 0; nc < g.batch() * g.channels(); nc++) {
      for (int r = 0; r < oh; r++) {
        for (int c = 0; c < ow; c++) {
          double best = Double.NEGATIVE_INFINITY;
          double sum = 0;
          int inside = 0;
          for (int kh = 0; kh < g.kernelH(); kh++) {
            for (int kw = 0; kw < g.kernelW(); kw++) {
              int ih = r * g.strideH() - g.padTop() + kh;
              int iw = c * g.strideW() - g.padLeft() + kw;
              if (ih >= 0 && ih < g.height() && iw >= 0 && iw < g.width()) {
                float v = x[(nc * g.height() + ih) * g.width() + iw];
                best = Math.max(best, v);
                sum += v;
                inside++;
              }
            }
          }
          int divisor = countIncludePad ? g.kernelH() * g.kernelW() : inside;
          y[(nc * oh + r) * ow + c] = (float) (max ? best : sum / divisor);
        }
      }
    }
    return y;
  }

  /** Inference batch norm over axis 1 of [N, C, rest...]. */
  static float[] batchNorm(float[] x, int batch, int channels, int rest, float[] w, float[] b, float[] mean,
      float[] var, double eps) {
    float[] y = new float[x.length];
    for (int n = 0; n < batch; n++) {
      for (int c = 0; c < channels; c++) {
        double scale = w[c] / Math.sqrt(var[c] + eps);
        for (int i = 0; i < rest; i++) {
          int at = (n * channels + c) * rest + i;
          y[at] = (float) ((x[at] - mean[c]) * scale + b[c]);
        }
      }
    }
    return y;
  }

  /** Layer norm over consecutive groups of {@code size} elements (the trailing dimensions). */
  static float[] layerNorm(float[] x, int size, float[] w, float[] b, double eps) {
    float[] y = new float[x.length];
    for (int start = 0; start < x.length; start += size) {
      double mean = 0;
      for (int i = 0; i < size; i++) {
        mean += x[start + i];
      }
      mean /= size;
      double var = 0;
      for (int i = 0; i < size; i++) {
        var += (x[start + i] - mean) * (x[start + i] - mean);
      }
      var /= size;
      for (int i = 0; i < size; i++) {
        y[start + i] = (float) ((x[start + i] - mean) / Math.sqrt(var + eps) * w[i] + b[i]);
      }
    }
    return y;
  }

  /** Softmax over the last axis, in groups of {@code size}. */
  static float[] softmaxLast(float[] x, int size) {
    float[] y = new float[x.length];
    for (int start = 0; start < x.length; start += size) {
      double max = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < size; i++) {
        max = Math.max(max, x[start + i]);
      }
      double sum = 0;
      for (int i = 0; i < size; i++) {
        sum += Math.exp(x[start + i] - max);
      }
      for (int i = 0; i < size; i++) {
        y[start + i] = (float) (Math.exp(x[start + i] - max) / sum);
      }
    }
    return y;
  }

  static double gelu(double x) {
    return 0.5 * x * (1 + erf(x / Math.sqrt(2)));
  }

  /** erf by its Maclaurin series (|x| < 3) or continued fraction, accurate to about 1e-12 here. */
  static double erf(double x) {
    double ax = Math.abs(x);
    double result;
    if (ax < 3) {
      double term = ax;
      double sum = ax;
      for (int n = 1; n < 100; n++) {
        term *= -ax * ax / n;
        sum += term / (2 * n + 1);
      }
      result = 2 / Math.sqrt(Math.PI) * sum;
    } else {
      // erfc(x) = exp(-x²)/√π · 1/(x + 1/2/(x + 1/(x + 3/2/(x + ...)))) (Lentz-free backward evaluation)
      double f = ax;
      for (int k = 60; k >= 1; k--) {
        f = ax + (k / 2.0) / f;
      }
      result = 1 - Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
    }
    return Math.signum(x) * result;
  }
}
