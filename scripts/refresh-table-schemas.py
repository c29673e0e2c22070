#!/usr/bin/env python3
"""Refresh the table, ASIM and parser schemas under data/tables/ from the team's reference folder.

Usage: scripts/refresh-table-schemas.py path/to/reference

Reads `sentinelninja/la_table_schemas.csv`, `sentinelninja/asim_*.csv`, `sentinelninja/parsers.csv`
and `tables/*.json` (the Azure Monitor reference merged with the Defender XDR view), trims them to
the fields the linter uses (names and types, no descriptions) and writes them under data/tables/.
Then it runs the Rust generator, which merges them into data/tables/schemas.tsv, the file the
binary embeds. Kept apart from refresh-reference-data.py so either can run alone.
"""

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "tables"


def write_csv(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def log_analytics(reference):
    rows = []
    with open(reference / "sentinelninja" / "la_table_schemas.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            rows.append((row["table_name"], row["column_name"], row["column_type"]))
    write_csv(OUT / "la_table_schemas.csv", ["table_name", "column_name", "column_type"], rows)


def azure_monitor_reference(reference):
    rows, open_tables = [], []
    for path in sorted((reference / "tables").glob("*.json")):
        if path.name.startswith("_"):
            continue
        table = json.loads(path.read_text(encoding="utf-8"))
        for column in table.get("columns", []):
            rows.append((table["name"], column["name"], column["type"]))
        if table.get("open_schema"):
            open_tables.append((table["name"], table["open_schema"]))
    write_csv(OUT / "azure_monitor_reference.csv", ["table_name", "column_name", "column_type"], rows)
    write_csv(OUT / "open_tables.csv", ["table_name", "reason"], open_tables)
    standard = json.loads((reference / "tables" / "_standard_columns.json").read_text("utf-8"))
    write_csv(
        OUT / "standard_columns.csv",
        ["column_name", "column_type"],
        [(c["name"], c["type"]) for c in standard["columns"]],
    )


def asim(reference):
    fields = []
    with open(reference / "sentinelninja" / "asim_fields.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["schema"] and row["field_name"]:
                fields.append((row["schema"], row["field_name"], row["physical_type"]))
    write_csv(OUT / "asim_fields.csv", ["schema", "field_name", "physical_type"], fields)
    keep = ["parser_name", "equivalent_builtin", "filtering_parser_name",
            "filtering_equivalent_builtin", "schema", "parser_params"]
    with open(reference / "sentinelninja" / "asim_parsers.csv", encoding="utf-8") as handle:
        parsers = [[row[k] for k in keep] for row in csv.DictReader(handle)]
    write_csv(OUT / "asim_parsers.csv", keep, parsers)
    with open(reference / "sentinelninja" / "parsers.csv", encoding="utf-8") as handle:
        names = sorted({row["parser_name"] for row in csv.DictReader(handle)
                        if row["parser_name"].isidentifier()})
    write_csv(OUT / "parsers.csv", ["parser_name"], [(n,) for n in names])


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    reference = Path(sys.argv[1])
    OUT.mkdir(parents=True, exist_ok=True)
    log_analytics(reference)
    azure_monitor_reference(reference)
    asim(reference)
    shutil.copyfile(reference / "sentinelninja" / "LICENSE.source", OUT / "LICENSE-sentinelninja.txt")
    subprocess.run(
        ["cargo", "test", "--lib", "catalog::tables_generate"],
        cwd=ROOT,
        env={**__import__("os").environ, "UPDATE_CATALOG": "1"},
        check=True,
    )


if __name__ == "__main__":
    main()
