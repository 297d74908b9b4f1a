"""The house rules, read from the package's own source (ast), in the spirit of
test_role_matrix: a module added later is covered without anyone listing it here.

- Flask (flask, flask_*, werkzeug) is imported only in survey_app/web/, survey_app/cli/
  and survey_app/__init__.py (the factory).
- Only survey_app/storage/ opens files for writing (open/Path.open with a write mode,
  write_text/write_bytes, os.open with write flags, os.fdopen for writing, shutil
  copies and moves, tempfile, os.replace/rename, mkdir/unlink/chmod, and the
  storage room's own low-level primitives such as atomic_write and FileLock).
- No module-level import cycle inside the package.
- No source file passes 400 lines.
"""
import ast
from functools import lru_cache
from pathlib import Path

import pytest

PACKAGE = "survey_app"
ROOT = Path(__file__).resolve().parents[1] / PACKAGE
MAX_LINES = 400

FLASK_ROOTS = ("flask", "werkzeug")
FLASK_ALLOWED = ("survey_app/web/", "survey_app/cli/", "survey_app/__init__.py")
WRITE_ALLOWED = ("survey_app/storage/",)

# Known offenders, to be fixed in their files: every entry would be a rule broken today,
# not an exception; the list only shrinks (test_architecture__known_offenders__still_offend).
KNOWN_OFFENDERS = {
    # (rule, file): why it is listed. Empty: every rule holds on the whole package.
}

# Attribute calls that change the file system whatever object they are called on.
PATH_WRITES = {"write_text", "write_bytes", "mkdir", "unlink", "rmdir", "touch", "symlink_to",
               "hardlink_to"}
# module.function calls that change the file system.
MODULE_WRITES = {
    "os": {"replace", "rename", "renames", "remove", "unlink", "mkdir", "makedirs", "rmdir",
           "chmod", "symlink", "link", "truncate", "ftruncate", "write", "mkfifo"},
    "shutil": {"copy", "copy2", "copyfile", "copytree", "move", "rmtree", "copyfileobj"},
    "tempfile": None,  # any use: temporary files are written somewhere
}
# The storage room's low-level primitives: whoever calls them decides what goes where
# in the data dir, so they are for storage's own modules only.
STORAGE_PRIMITIVES = {"atomic_write", "FileLock", "write_all", "fsync_dir", "temp_path", "Journal"}
WRITE_FLAGS = {"O_WRONLY", "O_RDWR", "O_CREAT", "O_APPEND", "O_TRUNC"}


def rel(path: Path) -> str:
    return path.relative_to(ROOT.parent).as_posix()


def source_files(suffixes=(".py",)):
    return sorted(p for p in ROOT.rglob("*") if p.suffix in suffixes and p.is_file()
                  and "vendor" not in p.parts and "__pycache__" not in p.parts)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@lru_cache(maxsize=None)
def parse(path: Path) -> ast.Module:
    # Cached: every rule walks the same files (the trees are only read).
    return ast.parse(path.read_text(encoding="utf-8"), str(path))


def absolute(module: str, path: Path, node: ast.ImportFrom) -> str:
    """The absolute module name of a `from ... import` (relative ones resolved)."""
    if not node.level:
        return node.module or ""
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    base = package[:len(package) - node.level + 1]
    return ".".join(base + ([node.module] if node.module else []))


def imported_names(path: Path, tree=None):
    """[(lineno, absolute module name)] of every import anywhere in the file."""
    module, found = module_name(path), []
    for node in ast.walk(tree or parse(path)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            found.append((node.lineno, absolute(module, path, node)))
    return found


# -- Flask only in web and cli ----------------------------------------------------------

@lru_cache(maxsize=None)
def flask_imports():
    found = []
    for path in source_files():
        if rel(path).startswith(FLASK_ALLOWED):
            continue
        for line, name in imported_names(path):
            root = name.split(".")[0]
            if root in FLASK_ROOTS or root.startswith("flask_"):
                found.append((rel(path), f"{rel(path)}:{line}: imports {name}"))
    return found


def test_architecture__flask_outside_web_and_cli__none():
    known = {file for rule, file in KNOWN_OFFENDERS if rule == "flask"}
    assert [line for file, line in flask_imports() if file not in known] == []


# -- only storage writes files -----------------------------------------------------------

def _const(node):
    return node.value if isinstance(node, ast.Constant) else None


def _mode_writes(call: ast.Call, position: int) -> bool:
    mode = next((kw.value for kw in call.keywords if kw.arg == "mode"), None)
    if mode is None and len(call.args) > position:
        mode = call.args[position]
    if mode is None:
        return False  # default "r"
    value = _const(mode)
    return not isinstance(value, str) or any(c in value for c in "wax+")


def _path_open_writes(call: ast.Call) -> bool:
    """Path.open(mode): only a literal mode counts, so Image.open(stream) or
    tarfile.open(name) with a variable first argument are not taken for writes."""
    mode = next((kw.value for kw in call.keywords if kw.arg == "mode"), None)
    if mode is None and call.args:
        mode = call.args[0]
    value = _const(mode) if mode is not None else None
    return isinstance(value, str) and any(c in value for c in "wax+")


def _flag_names(node):
    return {n.attr for n in ast.walk(node) if isinstance(n, ast.Attribute)} | \
           {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def _write_call(call: ast.Call, aliases: dict) -> str | None:
    """Why this call writes to the file system, or None."""
    func = call.func
    if isinstance(func, ast.Name):
        origin = aliases.get(func.id, func.id)
        if func.id == "open" and _mode_writes(call, 1):
            return "open() for writing"
        if origin in STORAGE_PRIMITIVES or origin.split(".")[-1] in STORAGE_PRIMITIVES and \
                origin.startswith(f"{PACKAGE}.storage"):
            return f"storage primitive {func.id}()"
        module, _, name = origin.rpartition(".")
        if module in MODULE_WRITES and (MODULE_WRITES[module] is None or name in MODULE_WRITES[module]):
            return f"{origin}()"
        return None
    if not isinstance(func, ast.Attribute):
        return None
    owner = func.value.id if isinstance(func.value, ast.Name) else None
    owner = aliases.get(owner, owner)
    if owner in MODULE_WRITES:
        names = MODULE_WRITES[owner]
        if names is None or func.attr in names:
            return f"{owner}.{func.attr}()"
        if owner == "os" and func.attr == "open" and WRITE_FLAGS & _flag_names(call):
            return "os.open() with write flags"
        if owner == "os" and func.attr == "fdopen" and _mode_writes(call, 1):
            return "os.fdopen() for writing"
        return None
    if owner and owner.startswith(f"{PACKAGE}.storage") and func.attr in STORAGE_PRIMITIVES:
        return f"storage primitive {func.attr}()"
    if func.attr in PATH_WRITES:
        return f".{func.attr}()"
    if func.attr == "open" and _path_open_writes(call):
        return ".open() for writing"
    return None


def _aliases(path: Path, tree) -> dict:
    """Local name -> what it stands for: `import os as o` -> {o: os},
    `from shutil import move` -> {move: shutil.move}, storage imports -> full name."""
    module, names = module_name(path), {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                names[alias.asname or alias.name] = alias.name
        elif isinstance(node, ast.ImportFrom):
            source = absolute(module, path, node)
            for alias in node.names:
                names[alias.asname or alias.name] = f"{source}.{alias.name}"
    return names


@lru_cache(maxsize=None)
def file_writes():
    found = []
    for path in source_files():
        if rel(path).startswith(WRITE_ALLOWED):
            continue
        tree = parse(path)
        aliases = _aliases(path, tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                why = _write_call(node, aliases)
                if why:
                    found.append((rel(path), f"{rel(path)}:{node.lineno}: {why}"))
    return found


def test_architecture__file_writes_outside_storage__none():
    known = {file for rule, file in KNOWN_OFFENDERS if rule == "writes"}
    assert [line for file, line in file_writes() if file not in known] == []


# -- no module-level import cycle --------------------------------------------------------

def _module_level(tree):
    """Statements run at import time: the module body, into if/try/with blocks, but not
    into functions, classes' methods or `if TYPE_CHECKING:`."""
    stack = list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        elif isinstance(node, ast.If):
            test = ast.unparse(node.test)
            if "TYPE_CHECKING" not in test:
                stack += node.body + node.orelse
        elif isinstance(node, (ast.Try, ast.With)):
            stack += node.body + getattr(node, "orelse", []) + getattr(node, "finalbody", [])
            for handler in getattr(node, "handlers", []):
                stack += handler.body
        elif isinstance(node, ast.ClassDef):
            stack += [n for n in node.body if not isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]


def import_graph():
    """{module: {modules of the package it imports at module level}}."""
    paths = {module_name(p): p for p in source_files()}
    graph = {}
    for module, path in paths.items():
        edges = set()
        for node in _module_level(parse(path)):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                source = absolute(module, path, node)
                # `from pkg import sub` imports the submodule when there is one.
                targets = [f"{source}.{a.name}" if f"{source}.{a.name}" in paths else source
                           for a in node.names]
            edges |= {t for t in targets if t in paths and t != module}
        graph[module] = edges
    return graph


def cycles(graph):
    """Every strongly connected component with more than one module (Tarjan)."""
    index, low, on_stack, stack, found, counter = {}, {}, set(), [], [], [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def test_architecture__cycles__finds_a_planted_one():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_architecture__module_level_import_cycles__none():
    assert cycles(import_graph()) == []


# -- one vocabulary ----------------------------------------------------------------------

VOCABULARY = f"{PACKAGE}/vocabulary.py"
# Names whose definition belongs to vocabulary.py alone: other modules import them.
# (ALL, NO_WAVE, OTHER, UNKNOWN join once analysis/breakdowns.py imports them.)
VOCABULARY_NAMES = {"N_", "DEFAULT_LANG", "LANGUAGE_NAMES", "QUESTIONNAIRE_ID_RE", "STORED_ID_RE",
                    "WAVE_RE", "VIEWER_AUDIENCES", "RESPONDENT_AUDIENCES", "Catalogue", "CodedError",
                    "ALL", "NO_WAVE", "OTHER", "UNKNOWN"}


def own_definitions():
    """[file:line: name] of module-level defs and assignments of VOCABULARY_NAMES
    outside vocabulary.py (an `import ... as` of them is fine)."""
    found = []
    for path in source_files():
        if rel(path) == VOCABULARY:
            continue
        for node in parse(path).body:
            names = []
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                names = [node.name]
            elif isinstance(node, ast.Assign):
                names = [t.id for target in node.targets for t in ast.walk(target) if isinstance(t, ast.Name)]
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                names = [node.target.id]
            found += [f"{rel(path)}:{node.lineno}: defines {n}" for n in names if n in VOCABULARY_NAMES]
    return found


def test_architecture__vocabulary_words__defined_only_in_vocabulary():
    assert own_definitions() == []


# -- file size ---------------------------------------------------------------------------

@lru_cache(maxsize=None)
def long_files():
    found = []
    for path in source_files((".py", ".html", ".js")):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES:
            found.append((rel(path), f"{rel(path)}: {lines} lines (at most {MAX_LINES})"))
    return found


def test_architecture__files_over_400_lines__none():
    known = {file for rule, file in KNOWN_OFFENDERS if rule == "lines"}
    assert [line for file, line in long_files() if file not in known] == []


def test_architecture__known_offenders__still_offend():
    """An entry that no longer offends must leave the allow-list (it only shrinks)."""
    offending = ({("lines", f) for f, _ in long_files()} | {("writes", f) for f, _ in file_writes()}
                 | {("flask", f) for f, _ in flask_imports()})
    assert sorted(set(KNOWN_OFFENDERS) - offending) == []


# -- the checks themselves catch what they are for -----------------------------------------

@pytest.mark.parametrize("code", [
    "open(p, 'w')", "open(p, mode='ab')", "p.open('x')", "p.write_text('a')", "p.write_bytes(b'')",
    "import os\nos.open(p, os.O_WRONLY | os.O_CREAT)", "import os\nos.replace(a, b)",
    "import shutil\nshutil.copy(a, b)", "import tempfile\ntempfile.mkstemp()",
    "from tempfile import mkstemp\nmkstemp()", "p.mkdir(parents=True)",
    "import os\nwith os.fdopen(fd, 'wb') as f: pass",
    "from survey_app.storage.journal import atomic_write\natomic_write(p, b'')",
])
def test_architecture__write_detector__flags(code, tmp_path):
    planted = ROOT / "_planted_check.py"
    tree = ast.parse(code)
    aliases = _aliases(planted, tree)
    assert [_write_call(n, aliases) for n in ast.walk(tree) if isinstance(n, ast.Call)
            and _write_call(n, aliases)] != []


@pytest.mark.parametrize("code", [
    "open(p)", "open(p, 'rb')", "p.open()", "p.read_text()", "import os\nos.open(p, os.O_RDONLY)",
    "s.replace('a', 'b')", "Image.open(io.BytesIO(data))", "df.rename(columns={})",
    "tarfile.open(archive, 'r:gz')", "import os\nos.fdopen(fd, 'rb')",
])
def test_architecture__write_detector__passes_reads(code):
    planted = ROOT / "_planted_check.py"
    tree = ast.parse(code)
    aliases = _aliases(planted, tree)
    assert [_write_call(n, aliases) for n in ast.walk(tree) if isinstance(n, ast.Call)
            and _write_call(n, aliases)] == []
