#!/usr/bin/env python3
"""Record Kusto.Language's unknown-name findings on the conformance queries, given the same
schemas sentinelctl uses, for the agreement test in `src/kql/semantic/agreement.rs`.

Usage:
  scripts/semantic-agreement.py --modules NODE_MODULES [--node node] \
      [--out tests/fixtures/semantic-agreement/oracle.tsv]

NODE_MODULES is a folder holding Microsoft's `@kusto/language-service-next` package (the
Bridge.NET build of Kusto.Language; `npm install @kusto/language-service-next` in a scratch
folder). The queries are the ones in `tests/kql-conformance/*/queries.jsonl` that
Kusto.Language parses without a syntax error, read as one query each.

What Kusto.Language is given, from the project's own catalogue (`data/tables/schemas.tsv` and
`src/catalog/functions_table.rs`):
- every built-in table with its columns (the standard columns included); `open` tables such
  as `AzureDiagnostics` as open tables (any column name resolves);
- every ASIM and solution parser as a function returning an open table with its ASIM fields
  (parsers add vendor fields), with the ASIM filtering parameters as optional arguments;
- the Sentinel and Defender tabular built-ins (`_GetWatchlist`, `FileProfile`, ...) as
  functions with their argument counts, returning open tables (`_GetWatchlist` with its
  fixed columns);
- a table neither side knows (a custom `_CL` table without a schema, a typo) is reported
  once as unknown; its columns are then unknown, not wrong, as in sentinelctl: the query is
  analysed again with that name declared as an open table, and the unknown-table names of
  the first pass are kept with every other finding of the second.

The output has one line per query, `file<TAB>names`: the names Kusto.Language reports as
unknown (KS142 unknown name, KS204/KS205 unknown table, KS211 unknown function), sorted and
space-separated.
"""

import argparse
import json
import re
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFORMANCE = ROOT / "tests" / "kql-conformance"
DEFAULT_OUT = ROOT / "tests" / "fixtures" / "semantic-agreement" / "oracle.tsv"

# The filtering parameters ASIM parsers take (learn.microsoft.com/azure/sentinel/normalization-
# about-parsers); all optional.
ASIM_PARAMETERS = [
    "starttime", "endtime", "disabled", "pack", "srcipaddr_has_any_prefix",
    "dstipaddr_has_any_prefix", "ipaddr_has_any_prefix", "dstportnumber", "hostname_has_any",
    "dvcaction", "eventresult", "eventresultdetails_in", "eventtype_in", "domain_has_any",
    "responsecodename", "response_has_ipv4", "response_has_any_prefix", "url_has_any",
    "httpuseragent_has_any", "httpstatuscode_has_any", "fileextension_in", "srchostname_has_any",
    "dsthostname_has_any", "username_has_any", "targetusername_has_any", "actorusername_has_any",
    "targetappname_has_any", "srcusername_has_any", "dstusername_has_any", "commandline_has_any",
    "commandline_has_all", "commandline_has_any_ip_prefix", "actingprocess_has_any",
    "targetprocess_has_any", "parentprocess_has_any", "dvcipaddr_has_any_prefix",
    "dvchostname_has_any", "operation_has_any", "object_has_any", "newvalue_has_any",
    "srcusername", "dstusername", "targetusername", "actorusername", "ipaddr", "dnsquery",
]

# Runs in node: builds Kusto.Language's global state from the catalogue and analyses each query.
DRIVER = r"""
"use strict";
const fs = require("fs");
const [modules, catalogFile, queriesFile] = process.argv.slice(2);
require(modules + "/@kusto/language-service-next/bridge.min.js");
require(modules + "/@kusto/language-service-next/Kusto.Language.Bridge.min.js");
const L = Kusto.Language, S = L.Symbols;
const TYPES = { string: "String", int: "Int", long: "Long", real: "Real", decimal: "Decimal",
  bool: "Bool", datetime: "DateTime", timespan: "TimeSpan", guid: "Guid", dynamic: "Dynamic" };
const scalar = t => S.ScalarTypes[TYPES[t] || "Dynamic"];
const table = (name, columns, open) => {
  const t = new S.TableSymbol.$ctor4(name,
    columns.map(([c, ty]) => new S.ColumnSymbol(c, scalar(ty), null, null, null, null)));
  return open ? t.WithIsOpen(true) : t;
};
const param = (name, kind) => new S.Parameter.$ctor3(name, S.ScalarTypes.Dynamic, kind, null, null,
  false, null, 0, 1, null, null);
const rows = new S.Parameter.ctor("rows", S.ParameterTypeKind.Tabular, S.ArgumentKind.Expression,
  null, null, false, null, 0, 1, null, null);
// A function returning an open table; `invoke` passes the rows before it as the first
// argument, and the other arguments name columns of those rows (`invoke FileProfile(SHA1)`).
const invokable = (name, columns, count) => {
  const params = [rows];
  for (let i = 0; i < count; i++) params.push(param("arg" + i, S.ArgumentKind.Column_Parameter0));
  const result = table("", columns, true);
  return new S.FunctionSymbol.ctor(name, () => result, S.Tabularity.Tabular, params);
};
const catalog = JSON.parse(fs.readFileSync(catalogFile, "utf8"));
const members = catalog.tables.map(t => table(t.name, t.columns, t.open));
for (const f of catalog.parsers) {
  const params = f.parameters.map(p => param(p, S.ArgumentKind.Expression));
  members.push(new S.FunctionSymbol.$ctor5(f.name, table("", f.columns, true), params));
}
for (const f of catalog.functions) members.push(invokable(f.name, f.columns, f.parameters));
const CODES = new Set(["KS142", "KS204", "KS205", "KS211"]);
const NAME = /name '([^']*)'/;
const UNKNOWN_TABLE = /does not refer to any known table, tabular variable or function/;
const UNKNOWN_FUNCTION = /does not refer to any known function/;
const globalsWith = extra =>
  L.GlobalState.Default.WithDatabase(new S.DatabaseSymbol("Sentinel", members.concat(extra)));
const base = globalsWith([]);
const list = x => { const a = []; for (let i = 0; i < x.Count; i++) a.push(x.getItem(i)); return a; };
const findings = (text, globals) => list(L.KustoCode.ParseAndAnalyze(text, globals).GetDiagnostics())
  .filter(d => CODES.has(d.Code) && NAME.test(d.Message)).map(d => d.Message);
const named = (found, pattern) => [...new Set(found.filter(m => pattern.test(m)).map(m => NAME.exec(m)[1]))];
const out = [];
for (const line of fs.readFileSync(queriesFile, "utf8").split("\n")) {
  if (!line) continue;
  const q = JSON.parse(line);
  let found = findings(q.text, base);
  // Unknown sources: reported once, their rows then have unknown (open) columns.
  const tables = named(found, UNKNOWN_TABLE), functions = named(found, UNKNOWN_FUNCTION);
  if (tables.length || functions.length) {
    const extra = tables.map(t => table(t, [], true)).concat(functions.map(f => invokable(f, [], 10)));
    found = findings(q.text, globalsWith(extra));
  }
  const names = new Set(tables.concat(functions));
  for (const m of found) names.add(NAME.exec(m)[1]);
  out.push(q.file + "\t" + [...names].sort().join(" "));
}
process.stdout.write(out.join("\n") + "\n");
"""


def columns(text):
    return [c.rsplit(":", 1) for c in text.split(" ") if ":" in c]


def catalog():
    """The tables and tabular functions sentinelctl knows, as the driver wants them."""
    standard, tables, asim, parsers = [], [], {}, []
    for line in open(ROOT / "data" / "tables" / "schemas.tsv", encoding="utf-8"):
        if line.startswith("#"):
            continue
        kind, name, rest = (line.rstrip("\n").split("\t", 2) + [""])[:3]
        if kind == "standard":
            standard = columns(rest)
        elif kind in ("table", "open"):
            own = columns(rest)
            known = {c[0] for c in own}
            own += [c for c in standard if c[0] not in known]
            tables.append({"name": name, "columns": own, "open": kind == "open"})
        elif kind == "asim":
            asim[name] = columns(rest)
        elif kind == "parser":
            parsers.append((name, rest))
    functions, seen, parser_functions = [], set(), []
    for name, schema in parsers:
        if name not in seen:
            seen.add(name)
            parser_functions.append(
                {"name": name, "columns": asim.get(schema, []), "parameters": ASIM_PARAMETERS}
            )
    table = (ROOT / "src" / "catalog" / "functions_table.rs").read_text(encoding="utf-8")
    watchlist = [["SearchKey", "string"], ["_DTItemId", "string"],
                 ["LastUpdatedTimeUTC", "datetime"], ["WatchlistItem", "dynamic"]]
    for name, _, most in re.findall(r'f\("(\w+)", T, (\d+), (\d+),', table):
        if name not in seen:
            seen.add(name)
            cols = watchlist if name == "_GetWatchlist" else []
            functions.append({"name": name, "columns": cols, "parameters": int(most)})
    return {"tables": tables, "parsers": parser_functions, "functions": functions}


def queries():
    """Every conformance query Kusto.Language parses without a syntax error."""
    for path in sorted(CONFORMANCE.glob("*/queries.jsonl")):
        for line in open(path, encoding="utf-8"):
            record = json.loads(line)
            if record.get("ok") is True:
                yield {"file": record["file"], "text": record["text"]}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--modules", required=True)
    parser.add_argument("--node", default="node")
    parser.add_argument("--out", default=str(DEFAULT_OUT))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        (scratch / "driver.js").write_text(DRIVER, encoding="utf-8")
        (scratch / "catalog.json").write_text(json.dumps(catalog()), encoding="utf-8")
        with open(scratch / "queries.jsonl", "w", encoding="utf-8") as handle:
            for query in queries():
                handle.write(json.dumps(query) + "\n")
        result = subprocess.run(
            [args.node, str(scratch / "driver.js"), str(Path(args.modules).resolve()),
             str(scratch / "catalog.json"), str(scratch / "queries.jsonl")],
            check=True, capture_output=True, text=True,
        )
    lines = sorted(result.stdout.splitlines())
    header = "# Kusto.Language's unknown names per conformance query; written by " \
             "scripts/semantic-agreement.py, do not edit.\n"
    Path(args.out).write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} queries written to {args.out}")


if __name__ == "__main__":
    main()
