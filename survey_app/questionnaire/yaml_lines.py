"""YAML -> plain Python values that remember their source lines (no Flask).

yaml.safe_load forgets where things came from; the loader needs "file:line: message".
We compose the node tree with the safe loader and build dicts and lists ourselves,
recording the 1-based line of every mapping, key, value and list item.

Anchors and aliases (&name, *name) are refused: 8,000 aliases of one long label in a
519 KB file expanded to 3.2 GB of JSON. Text that no export can hold (lone surrogates,
control characters, U+FFFE/U+FFFF, written as escapes in quoted strings) is refused too.
"""
import re

import yaml

# Characters that XML (so XLSX) cannot hold and lone surrogates (not UTF-8): refused in
# questionnaire text here and in every request by web/input_guard.py. Tab, LF, CR stay.
BAD_TEXT_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class LineDict(dict):
    """A YAML mapping. `line`: where it starts; key_lines/value_lines: per key; raw: the
    source text of plain scalar values (to say "quote yes" rather than "true")."""

    def __init__(self, line: int):
        super().__init__()
        self.line = line
        self.key_lines = {}
        self.value_lines = {}
        self.raw = {}

    def key_line(self, key) -> int:
        return self.key_lines.get(key, self.line)

    def value_line(self, key) -> int:
        return self.value_lines.get(key, self.line)


class LineList(list):
    """A YAML sequence with the line where it starts and the line of each item."""

    def __init__(self, line: int):
        super().__init__()
        self.line = line
        self.item_lines = []
        self.raw = []

    def item_line(self, index: int) -> int:
        return self.item_lines[index] if 0 <= index < len(self.item_lines) else self.line


class YamlSyntaxError(Exception):
    """The text is not YAML (or not one document); `line` is where the parser stopped."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


def line_of(value, default: int = 1) -> int:
    """The start line of a LineDict/LineList, else `default`."""
    return getattr(value, "line", default)


def _line(node) -> int:
    return node.start_mark.line + 1


def _raw(node):
    return node.value if isinstance(node, yaml.ScalarNode) and node.style is None else None


def parse(text: str):
    """(value, problems): the document as LineDict/LineList/scalars (None when empty)
    and a list of (line, message) for duplicate or odd keys and unreadable values.
    Raises YamlSyntaxError for text that is not YAML."""
    loader = None
    try:
        loader = _NoAliasLoader(text)
        node = loader.get_single_node()
        if node is None:
            return None, []
        builder = _Builder(loader)
        return builder.build(node), builder.problems
    except yaml.reader.ReaderError as exc:  # raised before any line is known
        line = text[:exc.position].count("\n") + 1
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise YamlSyntaxError(line, f"invalid YAML: character U+{code:04X} is not allowed") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        problem = exc.problem or exc.context
        if exc.context and problem.startswith("but "):  # "but found another document" needs its context
            problem = f"{exc.context} {problem}"
        raise YamlSyntaxError(line, f"invalid YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(1, f"invalid YAML: {exc}") from None
    except RecursionError:
        raise YamlSyntaxError(1, "invalid YAML: nested too deeply") from None
    finally:
        if loader is not None:
            loader.dispose()


class _NoAliasLoader(yaml.SafeLoader):
    """The safe loader, refusing anchors and aliases where the composer meets them."""

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            mark = "*" if isinstance(event, yaml.AliasEvent) else "&"
            raise YamlSyntaxError(event.start_mark.line + 1,
                                  f"YAML anchors and aliases ({mark}{event.anchor}) are not allowed:"
                                  " write the text out where it is used")
        return super().compose_node(parent, index)


def bad_text_problem(text):
    """A message when `text` (a str) holds a character that cannot be stored, else None."""
    match = BAD_TEXT_RE.search(text) if isinstance(text, str) else None
    if match is None:
        return None
    return f"the text contains the character U+{ord(match.group()):04X}, which cannot be stored: remove it"


class _Builder:
    def __init__(self, loader):
        self.loader = loader
        self.problems = []
        self.built = {}  # id(node) -> value: aliases share, recursive anchors terminate

    def build(self, node):
        known = self.built.get(id(node))
        if known is not None:
            return known
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node)
        if isinstance(node, yaml.SequenceNode):
            result = self.built[id(node)] = LineList(_line(node))
            for item in node.value:
                result.append(self.build(item))
                result.item_lines.append(_line(item))
                result.raw.append(_raw(item))
            return result
        try:
            value = self.loader.construct_object(node, deep=True)
            problem = bad_text_problem(value)
            if problem:  # the value is kept so that no second, misleading problem follows
                self.problems.append((_line(node), problem))
            return value
        except yaml.constructor.ConstructorError as exc:
            self.problems.append((_line(node), f"invalid YAML value: {exc.problem}"))
        except (ValueError, OverflowError) as exc:  # e.g. a date like 2024-02-30
            self.problems.append((_line(node), f"invalid YAML value '{node.value}': {exc}"))
        return None

    def _mapping(self, node):
        result = self.built[id(node)] = LineDict(_line(node))
        first_lines = {}
        for key_node, _ in node.value:
            if key_node.tag == _MERGE:
                continue
            key = self._key(key_node, report=False)
            if key is _BAD:
                continue
            if key in first_lines:
                self.problems.append((_line(key_node),
                                      f"duplicate key '{key}' (first on line {first_lines[key]})"))
            else:
                first_lines[key] = _line(key_node)
        try:
            self.loader.flatten_mapping(node)  # resolves "<<: *anchor" merge keys
        except yaml.constructor.ConstructorError as exc:
            self.problems.append((_line(node), f"invalid YAML merge: {exc.problem}"))
        for key_node, value_node in node.value:
            key = self._key(key_node)
            if key is _BAD:
                continue
            result[key] = self.build(value_node)
            result.key_lines[key] = _line(key_node)
            result.value_lines[key] = _line(value_node)
            result.raw[key] = _raw(value_node)
        return result

    def _key(self, node, report=True):
        try:
            if not isinstance(node, yaml.ScalarNode):
                raise TypeError
            key = self.loader.construct_object(node, deep=True)
            hash(key)
            if bad_text_problem(key):
                raise TypeError
            return key
        except Exception:  # noqa: BLE001 - any odd key is reported, never a crash
            if report:
                self.problems.append((_line(node), "a key must be plain text"))
            return _BAD


_BAD = object()
_MERGE = "tag:yaml.org,2002:merge"
