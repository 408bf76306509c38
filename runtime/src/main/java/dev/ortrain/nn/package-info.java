/**
 * Typed model definitions that build ONNX inference graphs with seeded parameters, ready for
 * {@link dev.ortrain.artifacts.ArtifactBuilder}.
 *
 * <pre>{@code
 * Sequential model = Sequential.of(
 *     new Conv2d(1, 32, 3).padding(1), new ReLU(), new MaxPool2d(2),
 *     new Conv2d(32, 64, 3).padding(1), new ReLU(), new MaxPool2d(2),
 *     new Flatten(), new Linear(3136, 128).named("fc"), new ReLU(), new Linear(128, 10));
 * System.out.print(model.summary(Shape.batched(1, 28, 28)));
 * ForwardModel forward = model.build(Shape.batched(1, 28, 28), 42L);
 * }</pre>
 *
 * <p>Layers follow PyTorch: parameter names ({@code 0.weight}, {@code fc.bias}, {@code block.1.weight}),
 * weight layouts, default initialization and hyper-parameter conventions (batch-norm momentum,
 * count_include_pad). The data input is {@code input} and the prediction {@code output}; every intermediate
 * value carries its shape in the graph, which the gradient builder relies on.
 */
package dev.ortrain.nn;
