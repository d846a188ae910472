"""The catalogue of coded messages (pipeline/errors.py): every code used in pipeline/ is
defined there, once, and every definition is used; messages carry their code."""

from __future__ import annotations

import ast
import re
import string
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline import errors
from pipeline.cli import app
from pipeline.errors import CODE, Errors
from tests.conftest import ROOT

PACKAGE = ROOT / "pipeline"
CODE_IN_TEXT = re.compile(r"\b[ESW]\d{3}\b")


def _catalogue() -> tuple[list[str], tuple[int, int]]:
    """The names assigned in the body of class Errors, in order (duplicates kept: Python
    would silently keep the last), and the class's first and last line."""
    tree = ast.parse((PACKAGE / "errors.py").read_text(encoding="utf-8"))
    cls = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Errors")
    names = [
        target.id
        for node in cls.body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    ]
    assert cls.end_lineno is not None
    return names, (cls.lineno, cls.end_lineno)


def _aliases() -> dict[str, str]:
    """The module-level names errors.py gives codes (EMPTY = "E101"): name -> code."""
    tree = ast.parse((PACKAGE / "errors.py").read_text(encoding="utf-8"))
    return {
        node.targets[0].id: node.value.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        and isinstance(node.targets[0], ast.Name)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
        and CODE.fullmatch(node.value.value)
    }


def _uses() -> dict[str, set[str]]:
    """code -> files of pipeline/ that mention it, or one of its alias names, outside
    errors.py (where the catalogue defines the codes and names them)."""
    aliases = _aliases()
    alias_use = re.compile(r"\b(" + "|".join(map(re.escape, aliases)) + r")\b")
    found: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == PACKAGE / "errors.py":
            continue
        text = path.read_text(encoding="utf-8")
        codes = CODE_IN_TEXT.findall(text) + [aliases[n] for n in alias_use.findall(text)]
        for code in codes:
            found.setdefault(code, set()).add(str(path.relative_to(ROOT)))
    return found


def test_errors_every_code_used_is_defined() -> None:
    uses = _uses()
    assert "E001" in uses and "E108" in uses  # the scan finds codes at all
    defined = set(_catalogue()[0])
    assert {code: files for code, files in uses.items() if code not in defined} == {}


def test_errors_each_code_defined_once() -> None:
    names, _ = _catalogue()
    assert len(names) > 30
    assert [name for name, n in Counter(names).items() if n > 1] == []
    assert [name for name in names if not CODE.fullmatch(name)] == []


def test_errors_every_definition_is_used() -> None:
    names, _ = _catalogue()
    uses = _uses()
    assert [name for name in names if name not in uses] == []


@pytest.mark.parametrize("code", _catalogue()[0])
def test_errors_message_starts_with_its_code_and_formats(code: str) -> None:
    template = getattr(Errors, code)
    fields = {name for _, name, _, _ in string.Formatter().parse(template) if name}
    message = template.format(**dict.fromkeys(fields, "x"))
    assert message.startswith(f"[{code}] ") and len(message) > len(code) + 3


@pytest.mark.parametrize("name", sorted(_aliases()))
def test_errors_reason_names_are_catalogue_codes(name: str) -> None:
    assert getattr(errors, name) in _catalogue()[0]


@pytest.mark.parametrize(
    "args,code",
    [
        (["run", "/nonexistent/folder"], "E001"),
        (["extract", "/nonexistent/file.txt"], "E001"),
        (["eval", "/nonexistent/gold"], "E003"),
        (["export", "--db", "/nonexistent/briefing.sqlite"], "E002"),
        (["run", str(ROOT / "corpora" / "devset"), "--executor", "spark"], "E022"),
        (["run", str(ROOT / "corpora" / "devset"), "--workers", "0"], "E024"),
        (["run", str(ROOT / "corpora" / "devset"), "--scheduler", "tcp://127.0.0.1:1"], "E025"),
    ],
)
def test_errors_cli_usage_errors_carry_their_code(
    args: list[str], code: str, tmp_path: Path
) -> None:
    if args[0] == "run":
        args = [*args, "--out", str(tmp_path)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert re.findall(r"\[([ES]\d{3})\]", result.output) == [code]


@pytest.mark.parametrize(
    "toml,code",
    [("[nope]\nx = 1\n", "E010"), ("nlp = 3\n", "E011"), ("[nlp]\nbatch_size = 'x'\n", "E012")],
)
def test_errors_config_errors_carry_their_code(toml: str, code: str, tmp_path: Path) -> None:
    from pipeline.config import load_config
    from pipeline.errors import ConfigError

    path = tmp_path / "bad.toml"
    path.write_text(toml, encoding="utf-8")
    with pytest.raises(ConfigError, match=rf"^\[{code}\] "):
        load_config(path)


def test_errors_no_message_writes_its_code_inline() -> None:
    """Messages come from the catalogue: no string in pipeline/ outside errors.py spells a
    bracketed code ("[E001] ..."), which would be a second, drifting copy of a message."""
    inline = re.compile(r"\[[ESW]\d{3}\]")
    found = []
    files = sorted(p for p in PACKAGE.rglob("*.py") if p != PACKAGE / "errors.py")
    assert len(files) > 40
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            text = node.value if isinstance(node, ast.Constant) else None
            if isinstance(text, str) and inline.search(text):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert found == []
