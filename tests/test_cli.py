"""The command line: help lists the commands; user mistakes give one line, no traceback."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest


def run(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "policyparse.cli", *args], capture_output=True,
                          text=True, cwd=cwd)


def test_help_lists_commands():
    # Each command must be a line of its own in the command list: a bare ``"parse" in out`` held
    # for any text, since the usage line says ``policyparse`` (issue 16 #12).
    proc = run("--help")
    assert proc.returncode == 0
    listed = re.findall(r"^    (\w+)\b", proc.stdout, flags=re.MULTILINE)
    assert listed == ["parse", "normalize", "schema", "batch", "ledger", "compare", "reference", "family"]


def _empty_file(tmp):
    path = tmp / "empty.txt"
    path.write_bytes(b"")
    return path


@pytest.mark.parametrize("make_input, problem", [
    (lambda tmp: tmp / "missing.txt", "no such file"),
    (lambda tmp: tmp, "directory"),
    (_empty_file, "empty"),
])
def test_bad_input_is_one_line_naming_the_file(tmp_path, make_input, problem):
    target = make_input(tmp_path)
    proc = run("parse", str(target))
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert str(target) in lines[0] and problem in lines[0]
