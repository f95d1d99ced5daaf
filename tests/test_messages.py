"""One translation mechanism below the UI: messages are a catalogue key plus parameters.

Qt's ``tr()`` translates the UI; vocabulary labels carry both languages in their data; everything
else a lower layer says is a ``Message`` (``domain/messages.py``), rendered in the user's language
when shown. These checks read the source: a converted module neither picks between two inline
texts (``pick(zh, en)``) nor builds an error from two texts (``GridkeeperError(zh, en)``); every
key used exists and gets exactly the parameters its templates name; every key is used.
"""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from gridkeeper.domain import lang
from gridkeeper.domain.errors import GridkeeperError, ValidationError, FieldProblem
from gridkeeper.domain.message_catalogue import CATALOGUE
from gridkeeper.domain.messages import M, Message

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "gridkeeper"

# Modules that still write their two texts inline. Convert one, take it off; the set only shrinks.
# (none left: every module renders its texts through Qt's tr() or the catalogue, issue #16.)
PENDING: set[str] = set()

# What builds a user-facing text from two inline languages.
TWO_TEXT_CALLS = {"pick"}
# Calls whose Chinese text beside a non-Chinese one is data: an export column's header and its SQL.
DATA_CALLS = {"Col"}


def _is_text(node) -> bool:
    return (isinstance(node, ast.Constant) and isinstance(node.value, str)) or isinstance(node, (ast.JoinedStr,
                                                                                               ast.BinOp))


def _has_chinese(node) -> bool:
    texts = [n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    return any("\u4e00" <= ch <= "\u9fff" for t in texts for ch in t)


def _name(func) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def two_text_calls(source: str) -> list[int]:
    """Lines where a user-facing text is chosen between two inline languages."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node.func)
        if name in TWO_TEXT_CALLS:
            # a vocabulary label picking between its own two fields is data, not a message
            if not all(isinstance(a, ast.Attribute) and isinstance(a.value, ast.Name) and a.value.id == "self"
                       for a in node.args):
                lines.append(node.lineno)
        elif name not in DATA_CALLS and len(node.args) >= 2 and all(_is_text(a) for a in node.args[-2:]) \
                and _has_chinese(node.args[-2]) and not _has_chinese(node.args[-1]):
            lines.append(node.lineno)  # an error, a problem or a helper built from a Chinese and an English text
    return lines


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path.relative_to(PACKAGE).as_posix(), path


# Labels in data: a table's and a field's two names are vocabulary, not messages.
LABEL_DATA = {"domain/lang.py", "domain/records.py"}


def test_converted_modules_carry_messages_not_inline_texts():
    offenders = {}
    for rel, path in _modules():
        if rel in LABEL_DATA:
            continue
        found = two_text_calls(path.read_text(encoding="utf-8"))
        if found:
            offenders[rel] = found
    assert {m: v for m, v in offenders.items() if m not in PENDING} == {}
    done = PENDING - set(offenders)
    assert not done, f"converted: take {sorted(done)} off PENDING in tests/test_messages.py"


def _message_calls():
    for rel, path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and _name(node.func) in ("M", "Message") and node.args \
                    and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                yield rel, node


def _fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


def test_every_message_used_exists_and_gets_the_parameters_it_names():
    bad = []
    for rel, node in _message_calls():
        key = node.args[0].value
        if key not in CATALOGUE:
            bad.append(f"{rel}:{node.lineno} unknown key {key}")
            continue
        zh, en = CATALOGUE[key]
        wanted = _fields(zh) | _fields(en)
        given = {k.arg for k in node.keywords}
        if None in given:  # **params: cannot check statically
            continue
        if given != wanted:
            bad.append(f"{rel}:{node.lineno} {key}: gives {sorted(given)}, templates name {sorted(wanted)}")
    assert bad == []


def test_every_catalogue_entry_is_used():
    used = {node.args[0].value for _, node in _message_calls()}
    assert sorted(set(CATALOGUE) - used) == []


def keys_defined_twice(source: str) -> list[str]:
    """Catalogue keys written more than once: a later entry silently replaces an earlier one
    (several people add sections to the catalogue at the same time)."""
    seen, twice = set(), []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Dict):
            for k in node.keys:
                if isinstance(k, ast.Constant) and isinstance(k.value, str):
                    if k.value in seen:
                        twice.append(k.value)
                    seen.add(k.value)
    return twice


def test_no_catalogue_key_is_defined_twice():
    source = (PACKAGE / "domain" / "message_catalogue.py").read_text(encoding="utf-8")
    assert keys_defined_twice(source) == []
    assert keys_defined_twice("A.update({'a': ('x', 'y'), 'b': ('x', 'y')})\nA.update({'a': ('z', 'w')})") == ["a"]


def test_a_message_renders_in_the_language_asked_for_or_the_current_one():
    m = M("no_device", device_id="ab12")
    assert m.render("zh") == "没有这台设备：ab12" and m.render("en") == "no such device: ab12"
    lang.set_language("en")
    try:
        assert str(m) == "no such device: ab12"
        err = GridkeeperError(m, code="no_device")
        assert str(err) == "no such device: ab12" and err.zh == "没有这台设备：ab12" and err.code == "no_device"
    finally:
        lang.set_language("zh")
    assert str(GridkeeperError(m)) == "没有这台设备：ab12"
    assert m == Message("no_device", device_id="ab12") and m != M("no_device", device_id="x")


def test_an_error_renders_when_shown_not_when_raised():
    err = ValidationError([FieldProblem("name", M("is_required", f_zh="姓名", f_en="name")),
                           FieldProblem("until", M("until_is_before_since"))])
    assert str(err) == "姓名不能为空；退出日期早于纳入日期"
    lang.set_language("en")
    try:
        assert str(err) == "name is required; 'until' is before 'since'"
    finally:
        lang.set_language("zh")


def test_an_unknown_key_fails_at_once():
    with pytest.raises(KeyError):
        M("no_such_message")


def test_the_checker_sees_inline_texts():
    src = ('raise GridkeeperError("中文", f"english {x}", code="c")\n'
           'label = pick(self.zh, self.en)\n'
           'text = pick("是", "yes")\n'
           'raise GridkeeperError(M("no_device", device_id=x), code="no_device")\n'
           'raise _bad_card("类型不符", "kind does not match")\n'
           'raise BundleError("bad_format", "payload is not a change set")\n')
    assert two_text_calls(src) == [1, 3, 5]
