#!/usr/bin/env python3
"""Insert `uk:` next to each `cs:` of a questionnaire file, keeping comments and layout.

    .venv/bin/python scripts/add_uk_labels.py questionnaires/deti-bezpeci.yaml [...]
        [--texts scripts/uk/questionnaire_texts.yaml] [--check]

The Ukrainian comes from the mapping file (Czech text -> Ukrainian text). An inline
`{cs: ..., en: ...}` gets `, uk: "..."` right after its Czech value; a block `cs:` (one
line or a folded `>-` text) gets a `uk: "..."` line after it, at the same indent. A text
that already has `uk` is left alone, so running it twice changes nothing. A Czech text
missing from the mapping is reported as `file:line: no Ukrainian for '...'` (exit 1,
the file is not changed). --check only reports what is missing.
"""
import argparse
import json
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_TEXTS = ROOT / "scripts" / "uk" / "questionnaire_texts.yaml"
BLOCK = re.compile(r"^(?P<indent>\s*)(?P<dash>- )?cs:(?P<rest>.*)$")
INLINE = re.compile(r"(?<![\w-])cs:\s*")


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _scalar_end(line: str, start: int) -> int:
    """Where the flow scalar starting at `start` ends (quoted, or plain up to , or })."""
    if line[start] in "\"'":
        quote, at = line[start], start + 1
        while at < len(line):
            if quote == '"' and line[at] == "\\":
                at += 2
                continue
            if line[at] == quote:
                if quote == "'" and line[at + 1:at + 2] == "'":
                    at += 2
                    continue
                return at + 1
            at += 1
        raise ValueError("unterminated quoted text")
    at = start
    while at < len(line) and line[at] not in ",}":
        at += 1
    while at > start and line[at - 1] == " ":
        at -= 1
    return at


def _inline(line, number, texts, problems):
    """The line with `, uk: ...` after each inline cs value that has no uk yet."""
    out, pos = [], 0
    for match in INLINE.finditer(line):
        if match.start() < pos:
            continue
        start = match.end()
        end = _scalar_end(line, start)
        czech = yaml.safe_load("x: " + line[start:end])["x"]
        closing = line.find("}", end)
        if "uk:" in line[end:closing if closing >= 0 else len(line)]:
            continue
        out.append(line[pos:end])
        if czech in texts:
            out.append(f", uk: {_quote(texts[czech])}")
        else:
            problems.append(f"{number}: no Ukrainian for {czech!r}")
        pos = end
    out.append(line[pos:])
    return "".join(out)


def add_labels(source: str, texts: dict) -> tuple[str, list]:
    """(new text, problems) for the YAML text `source`."""
    lines, out, problems, i = source.split("\n"), [], [], 0
    while i < len(lines):
        line = lines[i]
        block = BLOCK.match(line)
        if block and not line.lstrip().startswith("#") and "{" not in line.split("cs:")[0]:
            indent = block["indent"] + ("  " if block["dash"] else "")
            j = i + 1
            while j < len(lines) and lines[j].strip() and len(lines[j]) - len(lines[j].lstrip()) > len(indent):
                j += 1
            chunk = "\n".join([indent + "cs:" + block["rest"]] + lines[i + 1:j])
            czech = yaml.safe_load(chunk.replace(indent, "", 1) if indent else chunk)
            czech = czech["cs"] if isinstance(czech, dict) else None
            sibling = j
            while sibling < len(lines) and lines[sibling].startswith(indent) and not lines[sibling].startswith(indent + " ") \
                    and not lines[sibling][len(indent):].startswith("- "):
                if lines[sibling][len(indent):].startswith("uk:"):
                    break
                sibling += 1
            has_uk = sibling < len(lines) and lines[sibling].startswith(indent + "uk:")
            out.extend(lines[i:j])
            if isinstance(czech, str) and not has_uk:
                if czech.strip() in texts:
                    out.append(f"{indent}uk: {_quote(texts[czech.strip()])}")
                else:
                    problems.append(f"{i + 1}: no Ukrainian for {czech!r}")
            i = j
            continue
        out.append(_inline(line, i + 1, texts, problems) if "cs:" in line and not line.lstrip().startswith("#")
                   else line)
        i += 1
    return "\n".join(out), problems


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--texts", type=Path, default=DEFAULT_TEXTS)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    texts = {k.strip(): v for k, v in yaml.safe_load(args.texts.read_text(encoding="utf-8")).items()}
    status = 0
    for path in args.files:
        new, problems = add_labels(path.read_text(encoding="utf-8"), texts)
        for problem in problems:
            print(f"{path}:{problem}", file=sys.stderr)
        if problems:
            status = 1
        elif not args.check:
            path.write_text(new, encoding="utf-8")
    return status


if __name__ == "__main__":
    sys.exit(main())
