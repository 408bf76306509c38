/**
 * The examples' models written with ortrain's Java model API ({@link dev.ortrain.nn.Module}), with PyTorch's
 * parameter names so that the PyTorch peers in {@code benchmarks/python/java_models_peer.py} are the same
 * models: a small ResNet, a vision transformer and an LSTM reading images row by row.
 */
package dev.ortrain.examples.models;
