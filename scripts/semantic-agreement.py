#!/usr/bin/env python3
"""Compare sentinelctl's unknown-name findings with Kusto.Language's on a query corpus.

Usage:
  scripts/semantic-agreement.py --root CORPUS --ours ours.jsonl --oracle oracle.jsonl \
      [--verdicts tests/fixtures/semantic-agreement/verdicts.tsv]

`ours.jsonl` comes from the ignored test `kql::semantic::agreement` (see its module docs),
`oracle.jsonl` from `kql-oracle.js --analyze --schema schema.csv` with the schema CSV this
script can write from data/tables/schemas.tsv (`--write-schema schema.csv`), so both sides
know the same tables. Only queries that both sides parse without a syntax error are compared.

Names compared: ours = unknown column, table and function findings; Kusto = KS142 (unknown
name), KS204/KS205 (unknown table) and KS211 (unknown function). A query agrees when both
sets of names are equal. Differences that come from knowledge the oracle was not given
(parsers, `_GetWatchlist`, custom `_CL` tables, deprecated function spellings) are counted
separately as "explained". File paths in the verdicts are relative to the corpus root.
"""

import argparse
import csv
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAME = re.compile(r"name '([^']*)'")
ORACLE_CODES = {"KS142", "KS204", "KS205", "KS211"}


def write_schema(path):
    standard = []
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["table_name", "column_name", "column_type"])
        for line in open(ROOT / "data" / "tables" / "schemas.tsv", encoding="utf-8"):
            if line.startswith("#"):
                continue
            kind, name, rest = line.rstrip("\n").split("\t", 2)
            columns = [c.rsplit(":", 1) for c in rest.split(" ") if c]
            if kind == "standard":
                standard = columns
            elif kind in ("table", "open"):
                known = {c[0] for c in columns}
                for column, ty in columns + [s for s in standard if s[0] not in known]:
                    writer.writerow([name, column, ty or "string"])


def load(path):
    return {r["file"]: r for r in map(json.loads, open(path, encoding="utf-8"))}


def oracle_names(record):
    names = set()
    for diagnostic in record.get("semantic") or []:
        if diagnostic["code"] in ORACLE_CODES:
            match = NAME.search(diagnostic["message"])
            if match:
                names.add(match.group(1))
    return names


def sentinelctl_only_names():
    """Tabular names only sentinelctl was given: parsers and Sentinel/Defender functions."""
    names = set()
    for line in open(ROOT / "data" / "tables" / "schemas.tsv", encoding="utf-8"):
        if line.startswith("parser\t"):
            names.add(line.split("\t")[1])
    table = (ROOT / "src" / "catalog" / "functions_table.rs").read_text(encoding="utf-8")
    names.update(re.findall(r'f\("(\w+)", T,', table))
    return names


KNOWN_ONLY_TO_US = sentinelctl_only_names()


def is_explained(only_ours, only_theirs, theirs, ours_record, theirs_record):
    """Whether a difference is one sentinelctl makes on purpose:
    - a name only sentinelctl knows (parsers, `_GetWatchlist`, `FileProfile`); the oracle then
      also reports the columns after it;
    - a custom `_CL` table, not reported without user schemas;
    - after an unknown table or function both report, the oracle reports every column used
      later, sentinelctl stays silent (the schema is unknown, not wrong);
    - `AzureDiagnostics` is open: its columns depend on the resources sending logs."""
    if only_ours:
        return False
    if any(name in KNOWN_ONLY_TO_US for name in theirs):
        return True
    if all(name.endswith("_CL") for name in only_theirs):
        return True
    if any(f["kind"] in ("table", "function") for f in ours_record["findings"]):
        return True
    return "AzureDiagnostics" in (theirs_record.get("tables") or {})


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--root")
    parser.add_argument("--ours")
    parser.add_argument("--oracle")
    parser.add_argument("--verdicts")
    parser.add_argument("--write-schema")
    args = parser.parse_args()
    if args.write_schema:
        write_schema(args.write_schema)
        return
    ours, oracle = load(args.ours), load(args.oracle)
    rows, counts = [], {"agree": 0, "explained": 0, "differ": 0}
    for file, mine in sorted(ours.items()):
        theirs = oracle.get(file)
        if not theirs or not mine["syntax_ok"] or theirs.get("ok") is not True:
            continue
        our_names = {f["name"] for f in mine["findings"] if f["kind"] != "arity"}
        their_names = oracle_names(theirs)
        if our_names == their_names:
            verdict = "agree"
        else:
            only_ours = our_names - their_names
            only_theirs = their_names - our_names
            fine = is_explained(only_ours, only_theirs, their_names, mine, theirs)
            verdict = "explained" if fine else "differ"
        counts[verdict] += 1
        relative = str(Path(file).relative_to(args.root)) if args.root else file
        rows.append((relative, verdict, " ".join(sorted(our_names)), " ".join(sorted(their_names))))
    total = sum(counts.values())
    for verdict, count in counts.items():
        print(f"{verdict:10} {count:5}  {100 * count / max(total, 1):5.1f} %")
    print(f"{'compared':10} {total:5}")
    if args.verdicts:
        with open(args.verdicts, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
            writer.writerow(["file", "verdict", "sentinelctl", "kusto_language"])
            writer.writerows(rows)


if __name__ == "__main__":
    main()
