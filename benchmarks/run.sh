#!/usr/bin/env bash
# Runs every benchmark of the suite (training, epoch, evaluation, start-up, checkpoint, memory, profiles; ortrain
# against a hand-written ONNX Runtime loop, PyTorch 2.13, Lightning 2.6 and Deeplearning4j 1.0.0-M2.1 on the MLP
# and CNN; against the raw loop and PyTorch on the ResNet, transformer and LSTM, which the PyTorch peer exports for
# ortrain to import) and rewrites docs/benchmarks.md and docs/benchmarks.json. Options go to the suite:
# benchmarks/run.sh --help. Takes about 40 minutes on 2 cores; --quick checks that everything runs in a few minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}

suite() {
  exec java -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" dev.ortrain.benchmarks.Suite "$@"
}

# --help prints the suite's options without installing Python packages or building Deeplearning4j; it builds the
# suite's own classes only when they are missing.
for argument in "$@"; do
  if [[ "$argument" == "--help" || "$argument" == "-h" ]]; then
    if [[ ! -f benchmarks/target/classpath.txt || ! -d benchmarks/target/classes ]]; then
      mvn -B -q install -DskipTests -Djacoco.skip=true -pl benchmarks -am
      mvn -B -q -pl benchmarks dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
    fi
    suite --help
  fi
done

# The Python peers, installed when missing (both wheels install offline on the project's machines).
if ! "$PYTHON" -c 'import torch, sys; sys.exit(0 if torch.__version__.startswith("2.13.") else 1)' 2>/dev/null; then
  "$PYTHON" -m pip install -q torch==2.13.0
fi
# Lightning is one contender among several: when pip cannot install it (an offline index without one of its
# dependencies), the suite runs without the Lightning contenders instead of stopping.
if ! "$PYTHON" -c 'import lightning, sys; sys.exit(0 if lightning.__version__.startswith("2.6.") else 1)' 2>/dev/null; then
  if ! "$PYTHON" -m pip install -q lightning==2.6.6; then
    echo "Lightning 2.6.6 could not be installed with $PYTHON -m pip; the suite runs without the Lightning" \
      "contenders. Install it (pip install lightning==2.6.6) and rerun to compare against it." >&2
    contenders_given=false
    for argument in "$@"; do
      [[ "$argument" == --contenders* ]] && contenders_given=true
    done
    if [[ "$contenders_given" == false ]]; then
      set -- --contenders ortrain,raw-ort,pytorch,dl4j,ortrain+logging "$@"
    fi
  fi
fi

# ortrain and the benchmark workers; then Deeplearning4j, which only this profile downloads.
mvn -B -q install -DskipTests -Djacoco.skip=true
if ! mvn -B -q -Pdl4j -pl benchmarks-dl4j package -DskipTests; then
  echo "Deeplearning4j could not be built; the suite runs without it." >&2
  rm -f benchmarks-dl4j/target/classpath.txt
fi
mvn -B -q -pl benchmarks dependency:build-classpath -Dmdep.outputFile=target/classpath.txt

suite --python "$PYTHON" "$@"
