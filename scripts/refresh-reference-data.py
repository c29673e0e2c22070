#!/usr/bin/env python3
"""Refresh the reference data embedded in sentinelctl, then regenerate the Rust tables.

Usage:
    scripts/refresh-reference-data.py REFERENCE_DIR [--no-regenerate]

REFERENCE_DIR is a folder laid out like the team's shared reference folder:

    attack/{enterprise,ics,mobile,sentinel-tactics}.json, LICENSE-ATTACK.txt, README.md
    sentinelninja/connectors.csv, solutions_connectors_tables_mapping_simplified.csv,
                  LICENSE.source
    sentinel/ValidConnectorIds.json, sentinel/derived/validator-model.json

The script copies what the linter needs into `data/` (trimming the connector catalogue to
the columns the linter reads, and extracting the entity identifiers from the validator
model), then runs `UPDATE_CATALOG=1 cargo test --lib catalog` so `src/catalog/*_table.rs`
match the new data. A new ATT&CK release is therefore: convert it into REFERENCE_DIR/attack,
run this script, review `git diff`, commit.

Only the standard library is used, so the script runs on any machine with Python 3.8+.
"""

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"

ATTACK_FILES = [
    "enterprise.json",
    "ics.json",
    "mobile.json",
    "sentinel-tactics.json",
    "LICENSE-ATTACK.txt",
    "README.md",
]

# Columns of sentinelninja's connectors.csv the linter reads; the rest (descriptions,
# instruction steps, ...) is 3 MB the binary never needs.
CONNECTOR_COLUMNS = [
    "connector_id",
    "connector_title",
    "connector_publisher",
    "solution_name",
    "is_deprecated",
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reference_dir", type=Path, help="folder holding attack/, sentinelninja/, sentinel/")
    parser.add_argument(
        "--no-regenerate",
        action="store_true",
        help="only copy the data; do not run cargo to regenerate src/catalog/*_table.rs",
    )
    args = parser.parse_args()
    source = args.reference_dir.resolve()
    if not source.is_dir():
        print(f"error: {source} is not a folder", file=sys.stderr)
        return 2

    copy_attack(source / "attack", DATA / "attack")
    copy_connectors(source, DATA / "connectors")
    write_entity_identifiers(
        source / "sentinel" / "derived" / "validator-model.json",
        DATA / "sentinel" / "entity-identifiers.json",
    )

    if args.no_regenerate:
        return 0
    env = dict(os.environ, UPDATE_CATALOG="1")
    command = ["cargo", "test", "--lib", "catalog", "--quiet"]
    print("+ UPDATE_CATALOG=1 " + " ".join(command))
    return subprocess.call(command, cwd=REPO, env=env)


def copy_attack(source: Path, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for name in ATTACK_FILES:
        shutil.copyfile(source / name, target / name)
    version = json.loads((source / "enterprise.json").read_text(encoding="utf-8"))["attack_version"]
    print(f"ATT&CK v{version} copied to {target.relative_to(REPO)}")


def copy_connectors(source: Path, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    ninja = source / "sentinelninja"

    with open(ninja / "connectors.csv", newline="", encoding="utf-8") as src:
        rows = list(csv.DictReader(src))
    rows.sort(key=lambda row: row["connector_id"])
    with open(target / "connectors.csv", "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CONNECTOR_COLUMNS)
        for row in rows:
            # Titles and names are single-line in the catalogue; keep them so.
            writer.writerow([" ".join(row[column].split()) for column in CONNECTOR_COLUMNS])

    shutil.copyfile(
        ninja / "solutions_connectors_tables_mapping_simplified.csv",
        target / "connector-tables.csv",
    )
    shutil.copyfile(ninja / "LICENSE.source", target / "LICENSE-sentinelninja.txt")
    shutil.copyfile(source / "sentinel" / "ValidConnectorIds.json", target / "ValidConnectorIds.json")
    print(f"{len(rows)} connectors copied to {target.relative_to(REPO)}")


def write_entity_identifiers(model_path: Path, target: Path) -> None:
    model = json.loads(model_path.read_text(encoding="utf-8"))
    identifiers = dict(model["entity_identifiers"])
    source = identifiers.pop("source")
    document = {
        "source": f"Azure/Azure-Sentinel {source}",
        "derived_from": "validator-model.json entity_identifiers (transcribed by hand from the C# model)",
        "entity_types": {
            name: {
                "identifiers": spec["identifiers"],
                "required_any_of": spec["required_any_of"],
            }
            for name, spec in identifiers.items()
        },
    }
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    print(f"{len(identifiers)} entity types written to {target.relative_to(REPO)}")


if __name__ == "__main__":
    sys.exit(main())
