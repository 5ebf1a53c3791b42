"""``policyparse normalize``: plain text by default, the edits with --explain (issue 12)."""

from __future__ import annotations

import importlib

from policyparse.cli import main

# The package, not the function policyparse exports under the same name.
normalize_package = importlib.import_module("policyparse.normalize")

NOTICE = "青政〔2017〕47號(hào)《青海省人民政府關(guān)於加強(qiáng)政務(wù)誠(chéng)信建設(shè)的實(shí)施意見(jiàn)》\n"


def _run(tmp_path, capsys, *options):
    path = tmp_path / "notice.txt"
    path.write_text(NOTICE, encoding="utf-8")
    assert main(["normalize", str(path), *options]) == 0
    return capsys.readouterr().out


def test_plain_output_is_the_repaired_text(tmp_path, capsys):
    out = _run(tmp_path, capsys)
    assert out.strip() == "青政〔2017〕47号《青海省人民政府关于加强政务诚信建设的实施意见》"


def test_explain_lists_each_edit_with_rule_and_offsets(tmp_path, capsys):
    out = _run(tmp_path, capsys, "--explain")
    assert "strip_ruby_pinyin: '(hào)' -> ''" in out and "to_simplified: '號' -> '号'" in out
    assert out.splitlines()[-1].startswith("# ") and out.splitlines()[-1].endswith(" edits")


def test_explanations_are_recorded_only_when_asked(tmp_path, capsys, monkeypatch):
    asked = []
    real = normalize_package.normalize

    def spy(source, config=None, explain=True):
        asked.append(explain)
        return real(source, config, explain=explain)

    monkeypatch.setattr(normalize_package, "normalize", spy)
    _run(tmp_path, capsys)
    _run(tmp_path, capsys, "--explain")
    assert asked == [False, True]
