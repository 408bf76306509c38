"""Times PyTorch's matrix products at the shapes of the unrolled LSTM's products (hidden 128, batch 128, 28 steps).

Run by dev.ortrain.benchmarks.diagnostics.RecurrentGemmShapes after it timed ONNX Runtime's Gemm at the same
shapes; prints one line per shape: name, microseconds per product (median of 5 blocks).
Usage: python recurrent_gemm_shapes.py THREADS M,K,N,TRANSB [M,K,N,TRANSB ...]
"""
import statistics
import sys
import time

import torch


def time_product(m, k, n, trans_b):
    a = torch.rand(m, k)
    b = torch.rand(n, k) if trans_b else torch.rand(k, n)
    product = (lambda: torch.mm(a, b.t())) if trans_b else (lambda: torch.mm(a, b))
    for _ in range(20):
        product()
    reps = max(5, int(2e9 / (2 * m * k * n)))  # about 20 ms of products per block at 100 GFLOPS
    blocks = []
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(reps):
            product()
        blocks.append((time.perf_counter() - start) / reps)
    return statistics.median(blocks)


def main():
    torch.set_num_threads(int(sys.argv[1]))
    for spec in sys.argv[2:]:
        m, k, n, trans_b = (int(v) for v in spec.split(","))
        print(f"{spec} {time_product(m, k, n, trans_b == 1) * 1e6:.2f}", flush=True)


if __name__ == "__main__":
    main()
