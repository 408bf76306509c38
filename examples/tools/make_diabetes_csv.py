#!/usr/bin/env python3
"""Writes the diabetes regression data shipped with the examples as one CSV file with a header.

Source: the diabetes data set of Efron, Hastie, Johnstone and Tibshirani (2004), "Least Angle Regression",
Annals of Statistics 32(2), as shipped unscaled by Debian's python3-sklearn (BSD-3-Clause) in
sklearn/datasets/data/diabetes_data_raw.csv.gz and diabetes_target.csv.gz: 442 patients, ten baseline
variables, and a measure of disease progression one year later. Run from the repository root after
`apt-get download python3-sklearn && dpkg -x python3-sklearn_*.deb x`:
    python3 examples/tools/make_diabetes_csv.py x/usr/lib/python3/dist-packages/sklearn/datasets/data
"""
import gzip
import sys
from pathlib import Path

COLUMNS = ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6", "progression"]


def main(source):
    src = Path(source)
    rows = gzip.open(src / "diabetes_data_raw.csv.gz", "rt").read().split("\n")
    targets = gzip.open(src / "diabetes_target.csv.gz", "rt").read().split("\n")
    rows = [r.split() for r in rows if r.strip()]
    targets = [float(t) for t in targets if t.strip()]
    assert len(rows) == len(targets) == 442
    out = Path("examples/src/main/resources/diabetes/diabetes.csv")
    with open(out, "w") as f:
        f.write(",".join(COLUMNS) + "\n")
        for r, t in zip(rows, targets):
            f.write(",".join(r) + "," + ("%g" % t) + "\n")
    print("wrote", out, file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1])
