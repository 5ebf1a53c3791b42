"""What a fresh process pays before it parses anything (issue 13): ``import policyparse`` loads no
NLP library, and ``policyparse --help`` imports none of the stages. Timings live in
``scripts/bench.py --startup``; these tests check the structure that makes them fast."""

from __future__ import annotations

import argparse
import subprocess
import sys

import pytest

from policyparse import cli

HEAVY = ("jieba", "spacy", "thinc", "opencc", "pydantic", "pdfplumber", "docx", "openpyxl", "xlsxwriter", "lxml",
         "numpy", "pandas")


def _modules_after(code: str) -> set[str]:
    probe = f"import sys\n{code}\nprint('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    return set(out.split())


def _heavy(modules: set[str]) -> list[str]:
    return sorted(name for name in HEAVY if name in modules)


def test_import_policyparse_loads_no_nlp_library():
    assert _heavy(_modules_after("import policyparse")) == []


def test_help_imports_no_stage():
    modules = _modules_after("from policyparse.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass")
    assert _heavy(modules) == []
    assert not {m for m in modules if m.startswith(("policyparse.batch", "policyparse.compare", "policyparse.export",
                                                     "policyparse.extract", "policyparse.segment"))}


def test_public_names_load_on_first_use():
    import policyparse

    assert callable(policyparse.parse) and policyparse.ParseResult.__name__ == "ParseResult"
    assert set(policyparse.__all__) <= set(dir(policyparse))
    with pytest.raises(AttributeError):
        policyparse.no_such_name  # noqa: B018


def _subcommand_help(parser: argparse.ArgumentParser) -> dict[str, str]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return {choice.dest: choice.help for choice in action._choices_actions}


def test_plugged_command_help_lines_match_their_modules():
    # --help shows the lines kept in cli.PLUGGED_COMMANDS without importing the modules: they
    # must say what each module's register_cli says.
    full = _subcommand_help(cli.build_parser())
    for name, (_, line) in cli.PLUGGED_COMMANDS.items():
        assert full[name] == line, name
    assert _subcommand_help(cli.build_parser(set())) == full


def test_version_goes_to_stdout(capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.startswith("policyparse ")


def test_batch_warm_up_loads_the_lexicons_before_the_first_file():
    """A worker runs warm_up before it says it is ready: it parses a small notice and loads every
    declared lexicon, so that its first file loads nothing."""
    probe = ("from policyparse.batch import warm_up\n"
             "warm_up()\n"
             "from policyparse.lexicons import declared, load_tsv\n"
             "loaded = load_tsv.cache_info().currsize\n"
             "from policyparse.pipeline import parse\n"
             "parse('（一）加强政务诚信建设。（牵头单位：市发展改革委）', name='a.txt')\n"
             "print(loaded, len(declared()), load_tsv.cache_info().currsize)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.split()
    loaded, declared_count, after = map(int, out)
    assert loaded == declared_count == after


def test_forkserver_holds_no_warm_tables(monkeypatch):
    """The forkserver serves every later batch whatever its parser, and a worker's resident memory
    (what --max-memory bounds) counts pages shared with it: it imports modules only."""
    from policyparse import batch

    seen = {}

    class Context:
        def set_forkserver_preload(self, modules):
            seen["modules"] = modules

    monkeypatch.setattr(batch.multiprocessing, "get_context", lambda method: Context())
    monkeypatch.setattr(batch.multiprocessing, "get_all_start_methods", lambda: ["fork", "spawn", "forkserver"])
    batch._worker_context(batch.DEFAULT_PARSER)
    assert seen["modules"] == ["policyparse.batch", "policyparse.pipeline", "policyparse.pipeline"]


def test_parse_of_a_notice_imports_no_spacy_nor_jieba():
    """A fresh ``parse`` finds words with policyparse.words, terms with policyparse.matcher and
    parts of speech with policyparse.postag: spaCy (1.2 s to import) is only for users who add the
    component to their own pipelines, and jieba only lends its dictionary file. The notice has
    sector words, body names and a class of actors (专门人员), so the matcher and the tagger run."""
    notice = ("关于做好农民工工资支付保障工作的通知\n\n各县（市、区）人民政府：\n\n一、主要任务\n"
              "（一）加强农民工工资支付保障，推进新能源汽车推广应用。（牵头单位：人民银行南平市中心支行）\n"
              "（二）推进现代农业发展，加强义务教育保障。（牵头单位：市农业农村局）\n"
              "（三）各乡镇指定专门人员负责统计工作，加强义务教育保障。\n")
    code = ("from policyparse.pipeline import parse\n"
            f"result = parse({notice!r}, name='a.txt')\n"
            "assert all(task.domains for task in result.documents[0].tasks[:2]), 'the domain matcher ran'\n"
            "from policyparse.extract.nlp import pos_tags\n"
            "assert pos_tags.cache_info().misses, 'the tagger ran'")
    modules = _modules_after(code)
    assert {"policyparse.extract.nlp", "policyparse.postag"} <= modules
    assert not {m for m in modules if m.split(".")[0] in ("spacy", "jieba")}
