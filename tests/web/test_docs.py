"""The manual (README.md plus docs/*.md) documents every question type, questionnaire
key, CLI command and setting: adding one without documenting it fails here. The README
stays short: its Quick start has exactly the two commands."""
import re
from pathlib import Path

from survey_app.web.config import ENV_SETTINGS
from survey_app.questionnaire.loader import ALL_QUESTION_KEYS, PAGE_KEYS, TOP_KEYS
from survey_app.questionnaire.model import QUESTION_TYPES

PROJECT = Path(__file__).resolve().parents[2]
README = (PROJECT / "README.md").read_text(encoding="utf-8")
FORMAT = (PROJECT / "docs" / "questionnaire-format.md").read_text(encoding="utf-8")
MANUAL = "\n".join([README] + [page.read_text(encoding="utf-8")
                               for page in sorted((PROJECT / "docs").glob("*.md"))])


def _documented(name):
    return f"`{name}`" in MANUAL


def test_manual__documents_every_question_type():
    assert [t for t in QUESTION_TYPES if not _documented(t)] == []


def test_manual__documents_every_questionnaire_key():
    keys = set(TOP_KEYS) | set(PAGE_KEYS) | set(ALL_QUESTION_KEYS)
    assert sorted(k for k in keys if not _documented(k)) == []


def test_questionnaire_format__example_uses_every_question_type():
    example = FORMAT.split("## Example", 1)[1].split("```", 2)[1]
    used = set(re.findall(r"type: (\w+)", example))
    assert sorted(set(QUESTION_TYPES) - used - {"map"}) == []  # map has its own example
    assert "type: map" in FORMAT


def test_manual__documents_every_setting():
    assert [name for name in ENV_SETTINGS if not _documented(name)] == []


def test_manual__documents_every_cli_command(app):
    missing = []
    for name, command in app.cli.commands.items():
        subcommands = getattr(command, "commands", None)
        if subcommands:
            missing += [f"{name} {sub}" for sub in subcommands if f"`{name} {sub}" not in MANUAL]
        elif f"`{name}" not in MANUAL:
            missing.append(name)
    assert missing == []


def test_readme__quick_start_has_exactly_two_commands():
    quick_start = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```sh\n(.*?)```", quick_start, flags=re.S)
    assert [c.strip() for c in commands] == ["make run", "make test"]


def test_questionnaire_format__example_questionnaire_is_valid(tmp_path):
    from survey_app.questionnaire.loader import load_text
    example = FORMAT.split("## Example", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    questionnaire = load_text(example, str(tmp_path / "priklad.yaml"), expected_id="priklad")
    assert [q.type for q in questionnaire.questions][:3] == ["age_band", "smiley", "single_choice"]


def test_readme__links_every_docs_page():
    pages = sorted(p.name for p in (PROJECT / "docs").glob("*.md"))
    assert [name for name in pages if f"(docs/{name})" not in README] == []


def test_readme__short():
    assert len(README.splitlines()) <= 80
