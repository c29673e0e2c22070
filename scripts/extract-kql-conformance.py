#!/usr/bin/env python3
"""Build the KQL conformance data set from a corpus folder and Kusto.Language's verdicts.

Usage: extract-kql-conformance.py CORPUS_DIR [OUT_DIR] [--script-verdicts FILE]

CORPUS_DIR holds `<owner>__<repo>/...` source folders (each with a `LICENSE.source`), a
`MANIFEST.tsv` and `oracle-syntax.jsonl`: one JSON line per file with Microsoft's parser verdict
on the file read as one query. OUT_DIR defaults to the repository's `tests/kql-conformance`.

For every file the script writes the query text exactly as the reference parser saw it (the
top-level `query` value of a rule YAML, or the whole file minus a BOM) together with the verdict:
`ok`, and for rejected queries the first error's byte offset and byte length. One JSON-lines
file per source repository, with that repository's licence copied next to it, so the Rust test
needs neither node nor the corpus folder.

`--script-verdicts FILE` adds the reference's verdict in script mode (the output of
`kql-oracle.js --script` over the same files: the text split into blank-line separated blocks,
each parsed on its own) as `script_ok` and, when rejected, `script_error_start`/`_len`.
"""

import json
import re
import shutil
import sys
from pathlib import Path

import yaml


def fallback_yaml_query(text):
    """The plain `query: |` reader the reference uses when strict YAML rejects a rule file."""
    lines = re.split(r"\r?\n", text)
    for i, line in enumerate(lines):
        m = re.match(r"^(query|Query)\s*:\s*(.*)$", line)
        if not m:
            continue
        rest = m.group(2).strip()
        if re.match(r"^[|>]", rest):
            body, indent = [], None
            for later in lines[i + 1:]:
                if later.strip() == "":
                    body.append("")
                    continue
                ind = len(later) - len(later.lstrip(" "))
                if indent is None:
                    indent = ind
                if ind < indent or ind == 0:
                    break
                body.append(later[indent:])
            return re.sub(r"\n+$", "\n", "\n".join(body))
        return re.sub(r"^['\"]|['\"]$", "", rest)
    return None


def yaml_query(text):
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError:
        return fallback_yaml_query(text)
    if isinstance(doc, dict):
        for key, value in doc.items():
            if str(key).lower() == "query":
                return None if value is None else str(value)
    return None


def query_text(path):
    raw = path.read_bytes().decode("utf-8", errors="replace")
    if raw.startswith("\ufeff"):
        raw = raw[1:]
    if path.suffix.lower() in (".yaml", ".yml"):
        return yaml_query(raw)
    return raw


def utf16_len(text):
    return len(text.encode("utf-16-le")) // 2


def utf16_to_byte(text, units):
    """Byte offset of the UTF-16 offset `units` in `text`."""
    count = 0
    for index, ch in enumerate(text):
        if count >= units:
            return len(text[:index].encode("utf-8"))
        count += 2 if ord(ch) > 0xFFFF else 1
    return len(text.encode("utf-8"))


def first_error(text, verdict):
    """Byte offset and byte length of the first diagnostic of a verdict."""
    first = verdict["diagnostics"][0]
    start = utf16_to_byte(text, first["start"])
    end = utf16_to_byte(text, first["start"] + first["length"])
    return start, end - start


def load_script_verdicts(args):
    if "--script-verdicts" not in args:
        return {}
    index = args.index("--script-verdicts")
    path = Path(args[index + 1])
    del args[index:index + 2]
    verdicts = {}
    for line in path.open(encoding="utf-8"):
        verdict = json.loads(line)
        # The script-mode run may use absolute paths; key on the path inside the corpus.
        verdicts[verdict["file"].split("/corpus/", 1)[-1]] = verdict
    return verdicts


def main():
    args = sys.argv[1:]
    script_verdicts = load_script_verdicts(args)
    if not args:
        sys.exit(__doc__)
    corpus = Path(args[0])
    default_out = Path(__file__).resolve().parent.parent / "tests" / "kql-conformance"
    out = Path(args[1]) if len(args) > 1 else default_out
    out.mkdir(parents=True, exist_ok=True)

    per_source, skipped, mismatched = {}, 0, 0
    for line in (corpus / "oracle-syntax.jsonl").open(encoding="utf-8"):
        verdict = json.loads(line)
        if verdict.get("ok") is None:
            skipped += 1
            continue
        text = query_text(corpus / verdict["file"])
        if text is not None and utf16_len(text) + 1 == verdict["chars"] and not text.endswith("\n"):
            # js-yaml keeps the final line break of a `|` block scalar that ends the document;
            # PyYAML drops it.
            text += "\n"
        if text is None or utf16_len(text) != verdict["chars"]:
            # Our YAML reading must give exactly the text the reference parsed.
            mismatched += 1
            continue
        record = {"file": verdict["file"], "ok": verdict["ok"]}
        if not verdict["ok"]:
            start, length = first_error(text, verdict)
            first = verdict["diagnostics"][0]
            record.update(error_start=start, error_len=length,
                          code=first["code"], message=first["message"])
        script = script_verdicts.get(verdict["file"])
        if script is not None and script.get("ok") is not None:
            record["script_ok"] = script["ok"]
            if not script["ok"]:
                start, length = first_error(text, script)
                record.update(script_error_start=start, script_error_len=length)
        record["text"] = text
        source = verdict["file"].split("/", 1)[0]
        per_source.setdefault(source, []).append(record)

    for source, records in sorted(per_source.items()):
        folder = out / source
        folder.mkdir(parents=True, exist_ok=True)
        with (folder / "queries.jsonl").open("w", encoding="utf-8", newline="\n") as f:
            for record in records:
                f.write(json.dumps(record, ensure_ascii=False) + "\n")
        licence = corpus / source / "LICENSE.source"
        if licence.exists():
            shutil.copyfile(licence, folder / "LICENSE.source")

    total = sum(len(r) for r in per_source.values())
    print(f"{total} queries from {len(per_source)} sources; "
          f"{skipped} without a query, {mismatched} whose text did not match the reference")


if __name__ == "__main__":
    main()
