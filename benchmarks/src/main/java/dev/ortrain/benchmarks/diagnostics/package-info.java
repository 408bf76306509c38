/**
 * One-off measurement tools, each a {@code main} run with {@code mvn -pl benchmarks exec:java
 * -Dexec.mainClass=dev.ortrain.benchmarks.diagnostics.<Tool>}: A/B comparisons of generated graphs, per-node
 * profiles, the framework's overhead in one session, accuracy runs. The benchmark suite itself
 * ({@code dev.ortrain.benchmarks.Suite}, {@code benchmarks/run.sh}) and its harness and workers are outside this
 * package; the findings these tools gave are in docs/performance-notes.md and docs/measurements.md.
 */
package dev.ortrain.benchmarks.diagnostics;
