"""Property tests of the questionnaire loader: random YAML text and mutated real files.

Every case ends in a Questionnaire or in a QuestionnaireError whose every message reads
`questionnaires/<file>.yaml:<line>: <message>` with a line inside the file; never in
another exception. The profile is deterministic (derandomize, no example database), so
CI sees the same cases every run.
"""
import json
import re
from pathlib import Path

import yaml
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from survey_app.responses.answers import InvalidAnswers, validate_answers
from survey_app.questionnaire.loader import ALL_QUESTION_KEYS, TOP_KEYS, QuestionnaireError, load_text
from survey_app.questionnaire.model import QUESTION_TYPES, Questionnaire

ROOT = Path(__file__).resolve().parents[2]
MAPS = ROOT / "questionnaires" / "maps"
# (name, text): the two shipped questionnaires and test fixtures, named rather than
# globbed so that a fixture added for another test does not change these cases.
FILES = [(path.stem, path.read_text(encoding="utf-8")) for path in (
    ROOT / "questionnaires" / "deti-bezpeci.yaml", ROOT / "questionnaires" / "dospeli-bezpeci.yaml",
    ROOT / "tests" / "fixtures" / "mini.yaml", ROOT / "tests" / "fixtures" / "paged.yaml",
    ROOT / "tests" / "fixtures" / "fuzz-every-type.yaml")]
SMALL_FILES = [(name, text) for name, text in FILES if text.count("\n") < 120]
# Parsed once with libyaml (the loader under test parses with its own, line-tracking code).
PARSED = {name: yaml.load(text, Loader=yaml.CSafeLoader) for name, text in FILES}


def dump(data) -> str:
    return yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False)


def fuzz(max_examples):
    # No shrink phase: cases are drawn from a Random, which shrinks poorly, and a
    # failure is reported at once (with its input) instead of minutes later.
    return settings(max_examples=max_examples, derandomize=True, database=None, deadline=None,
                    phases=[Phase.explicit, Phase.generate],
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def check_load(text: str, name: str):
    """Load `text` as questionnaires/<name>.yaml; assert the outcome is a usable
    Questionnaire or a QuestionnaireError with file:line messages."""
    shown = f"questionnaires/{name}.yaml"
    try:
        questionnaire = load_text(text, shown, expected_id=name, maps_dir=MAPS)
    except QuestionnaireError as exc:
        assert exc.errors, "a QuestionnaireError without errors"
        last_line = text.count("\n") + 2  # a problem may be reported just past the end
        for error in exc.errors:
            assert re.fullmatch(rf"{re.escape(shown)}:\d+: \S.*", str(error), re.S), str(error)
            assert 1 <= error.line <= last_line, (str(error), last_line)
            assert "Traceback" not in error.message and "internal error" not in error.message
        return None
    assert isinstance(questionnaire, Questionnaire)
    json.dumps(questionnaire.to_dict())  # the API can serve whatever loaded
    try:
        validate_answers(questionnaire, {})
    except InvalidAnswers:
        pass
    return questionnaire


# --- random YAML text -------------------------------------------------------------------

YAML_BITS = [":", ": ", "- ", "-", "{", "}", "[", "]", ",", "&a ", "*a", "!!str ", "!!python/object ",
             "? ", "|", ">", "'", '"', "#", "%YAML 1.1", "---", "...", "\t", "  ", "\n", "\n  ",
             "<<: *a", "id", "pages", "questions", "type", "options", "value", "label", "cs",
             "show_if", "yes", "no", "null", "~", "1e400", "-0", "0x1F", "2024-02-30", "\x00",
             "\ufeff", "é", "😀"]

yaml_soup = st.lists(st.sampled_from(YAML_BITS) | st.text(max_size=5), max_size=60).map("".join)

KEY_NAMES = sorted(TOP_KEYS | ALL_QUESTION_KEYS | {"cs", "en", "value", "question"})
SCALARS = [None, True, False, 0, 1, -1, 2, 10**20, 1.5, float("nan"), float("inf"), "", "x", "8-11",
           "children", "adults", "yes", "1", "a b", "Ž", "\x00", "maps/janov.png", "../x"] + list(QUESTION_TYPES)
key_names = st.sampled_from(KEY_NAMES)


def random_value(rng, depth=0):
    """A random YAML-able value, biased to the questionnaire vocabulary. Built with the
    Random hypothesis hands over: recursive hypothesis strategies cost ~50 ms a case."""
    roll = rng.random()
    if depth >= 3 or roll < 0.5:
        return rng.choice(SCALARS) if rng.random() < 0.8 else rng.randint(-10**6, 10**6)
    if roll < 0.7:
        return [random_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    return {rng.choice(KEY_NAMES) if rng.random() < 0.9 else rng.choice(SCALARS[:6]): random_value(rng, depth + 1)
            for _ in range(rng.randint(0, 6))}


yaml_values = st.randoms(use_true_random=False).map(random_value)


@fuzz(3500)
@given(text=st.text(max_size=300) | yaml_soup)
@example(text="a: &a [*a]\nid: x\npages: *a")                       # a recursive anchor
@example(text="a: &a {b: *a}\n<<: *a\nid: x")                      # a recursive merge
@example(text="lol: &l [x, x, x, x, x, x, x, x, x]\nl2: &l2 [*l, *l, *l, *l, *l, *l, *l, *l]\n"
              "l3: &l3 [*l2, *l2, *l2, *l2, *l2, *l2, *l2, *l2]\npages: [*l3, *l3, *l3, *l3]")
@example(text="[" * 5000)                                         # nested too deeply
@example(text="id: x\n---\nid: y\n")                               # two documents
@example(text="!!python/object/apply:os.system ['true']\n")
@example(text="id: fuzz\nversion: 1\ntitle: {cs: X}\naudience: adults\nend: {cs: X}\npages:\n"
              "  - id: p\n    questions:\n      - {id: a, type: [yes_no], label: {cs: A}}\n"
              "      - {id: b, type: yes_no, label: {cs: B}, show_if: {question: a, equals: 'yes'}}\n")  # show_if_checks.py:42
@example(text="id: fuzz\nversion: 1\ntitle: {cs: X}\naudience: adults\nend: {cs: X}\npages:\n"
              "  - id: p\n    questions:\n      - {id: m, type: map, label: {cs: M}, "
              "categories: [{value: [a], label: {cs: A}}], bounds: [[50.58, 13.58], [50.61, 13.62]], "
              "basemap: {type: tiles, url: 'https://t.example/{z}/{x}/{y}.png'}}\n")  # map_config.py:100
def test_load_text__random_text__questionnaire_or_file_line_errors(text):
    check_load(text, "fuzz")


@fuzz(1000)
@given(rng=st.randoms(use_true_random=False), name=st.sampled_from(["fuzz", "x"]))
def test_load_text__random_yaml_structures__questionnaire_or_file_line_errors(rng, name):
    data = {rng.choice(KEY_NAMES): random_value(rng, 1) for _ in range(rng.randint(0, 8))}
    check_load(dump(data), name)


# --- mutated real files ---------------------------------------------------------------

def mutate_lines(lines: list[str], operation: str, index: int, payload: str) -> list[str]:
    if not lines:
        return [payload]
    index %= len(lines)
    line = lines[index]
    if operation == "delete":
        return lines[:index] + lines[index + 1:]
    if operation == "duplicate":  # duplicate keys, duplicate list items
        return lines[:index + 1] + [line] + lines[index + 1:]
    if operation == "swap":
        other = (index + 1) % len(lines)
        lines = list(lines)
        lines[index], lines[other] = lines[other], lines[index]
        return lines
    if operation == "retype":  # replace what follows the first ": " on the line
        head, sep, _ = line.partition(": ")
        return lines[:index] + [head + (sep or ": ") + payload] + lines[index + 1:]
    if operation == "indent":
        return lines[:index] + ["  " + line] + lines[index + 1:]
    if operation == "dedent":
        return lines[:index] + [line.lstrip()] + lines[index + 1:]
    if operation == "insert":
        return lines[:index] + [payload] + lines[index:]
    if operation == "splice":  # random characters inside the line
        cut = len(payload) % (len(line) + 1)
        return lines[:index] + [line[:cut] + payload + line[cut:]] + lines[index + 1:]
    return lines[:index]  # truncate


OPERATIONS = ["delete", "duplicate", "swap", "retype", "indent", "dedent", "insert", "splice", "truncate"]
PAYLOADS = st.sampled_from(["", "yes", "no", "null", "12", "-1", "1.5", "[]", "{}", "[a, b]", "{cs: x}",
                            "single_choise", "maps/../../etc/passwd", "'8-11'", "8-11", "*a", "&a x",
                            "text", "map", "smiley", '"\\u0000"', "1e999"]) | st.text(max_size=8)
mutation = st.tuples(st.sampled_from(OPERATIONS), st.integers(0, 10**6), PAYLOADS)


def check_mutated(file, mutations):
    """`file` (name, text) with each mutation applied to its lines, then loaded."""
    name, text = file
    lines = text.split("\n")
    for operation, index, payload in mutations:
        lines = mutate_lines(lines, operation, index, payload)
    check_load("\n".join(lines), name)


@fuzz(1000)
@given(file=st.sampled_from(SMALL_FILES), mutations=st.lists(mutation, min_size=1, max_size=4))
def test_load_text__mutated_fixture_lines__questionnaire_or_file_line_errors(file, mutations):
    check_mutated(file, mutations)


@fuzz(100)
@given(file=st.sampled_from(FILES), mutations=st.lists(mutation, min_size=1, max_size=3))
def test_load_text__mutated_shipped_lines__questionnaire_or_file_line_errors(file, mutations):
    check_mutated(file, mutations)


def _paths(value, prefix=()):
    """Every path (tuple of keys/indexes) into nested dicts and lists."""
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, prefix + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _paths(child, prefix + (index,))


def mutate_data(data, path, operation, replacement, new_key):
    """Delete, replace (retype), duplicate or rename what `path` points at."""
    if not path:
        return replacement
    parent = data
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    if operation == "delete":
        del parent[last]
    elif operation == "replace":
        parent[last] = replacement
    elif operation == "duplicate" and isinstance(parent, list):
        parent.insert(last, json.loads(json.dumps(parent[last])))
    elif operation == "rename" and isinstance(parent, dict):
        parent[new_key] = parent.pop(last)
    return data


@fuzz(150)
@given(file=st.sampled_from(FILES), choice=st.data())
def test_load_text__mutated_shipped_data__questionnaire_or_file_line_errors(file, choice):
    name, _ = file
    data = json.loads(json.dumps(PARSED[name]))
    if len(data.get("pages") or []) > 1:  # keep cases fast: one page (60 ms for a whole file)
        data["pages"] = [choice.draw(st.sampled_from(data["pages"]))]
    for _ in range(choice.draw(st.integers(1, 3))):
        paths = list(_paths(data))
        path = choice.draw(st.sampled_from(paths))
        data = mutate_data(data, path, choice.draw(st.sampled_from(["delete", "replace", "duplicate", "rename"])),
                           choice.draw(yaml_values), choice.draw(key_names | st.text(max_size=6)))
    check_load(dump(data), name)


def test_mutate_data__rename_and_delete__what_the_fuzzer_relies_on():
    data = {"a": [1, {"b": 2}]}
    assert list(_paths(data)) == [(), ("a",), ("a", 0), ("a", 1), ("a", 1, "b")]
    assert mutate_data(json.loads(json.dumps(data)), ("a", 1, "b"), "rename", None, "c") == {"a": [1, {"c": 2}]}
    assert mutate_data(json.loads(json.dumps(data)), ("a", 0), "delete", None, "") == {"a": [{"b": 2}]}
    assert mutate_data(json.loads(json.dumps(data)), ("a", 0), "duplicate", None, "") == {"a": [1, 1, {"b": 2}]}


def test_check_load__shipped_files__load_cleanly():
    for name, text in FILES:
        assert check_load(text, name) is not None, name


# --- unicode edge cases (issue 13): escapes that cannot be stored are refused with the line --

EDGE_ESCAPES = {"\\ud800": "D800", "\\udfff": "DFFF", "\\ufffe": "FFFE", "\\uffff": "FFFF", "\\x00": "0000",
                "\\x0b": "000B", "\\x1f": "001F", "\\u200f": None, "\\u202e": None, "\\U0001D54F": None}


@fuzz(120)
@given(file_index=st.integers(0, len(SMALL_FILES) - 1), escape=st.sampled_from(sorted(EDGE_ESCAPES)),
       position=st.integers(0, 10_000))
def test_unicode_edge_in_a_quoted_label__refused_on_its_line_or_loaded(file_index, escape, position):
    name, text = SMALL_FILES[file_index]
    lines = text.split("\n")
    candidates = [i for i, line in enumerate(lines) if re.search(r"\bcs: [^\"'{\[]", line)]
    index = candidates[position % len(candidates)]
    lines[index] = re.sub(r"\bcs: ([^,}\n]+)", lambda m: f'cs: "{escape}{m.group(1).strip()}"', lines[index], count=1)
    mutated = "\n".join(lines)
    code = EDGE_ESCAPES[escape]
    try:
        load_text(mutated, f"questionnaires/{name}.yaml", expected_id=name, maps_dir=MAPS)
    except QuestionnaireError as exc:
        messages = [str(e) for e in exc.errors]
        assert code is not None, messages
        assert (f"questionnaires/{name}.yaml:{index + 1}: the text contains the character U+{code},"
                " which cannot be stored: remove it") in messages
        return
    assert code is None, (escape, lines[index])
