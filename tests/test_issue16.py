"""Issue 16, "Nothing lost, nothing wrong": one regression test (or a few) per numbered defect.

Each test failed before its fix. The hostile-input folder is ``test_hostile_inputs.py`` and the
seeded fuzz test ``test_fuzz.py``.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from policyparse.compare import compare, to_csv, write
from policyparse.export import is_formula, ledger_rows, safe_cell, write_csv, write_csv_table
from policyparse.schema import Assignment, Document, ParseResult, Region, SourceInfo, Task, Unit

# -- #4: one CSV writer (\r\n, every field quoted) and one injection rule -------------------------

FORMULA_CELLS = [
    "=1+1", "+1", "-1", "@SUM(A1)", "\t=1+1", "\r=1+1", "\n=1+1", " =1+1", "\u00a0=1+1", "\u3000=1+1",
    "＝1+1", "＋1", "－1", "＠SUM(A1)", " ＝1", "\u200b=1", "\ufeff=1", "﹦1",
]


@pytest.mark.parametrize("value", FORMULA_CELLS)
def test_issue16_every_formula_start_is_escaped(value):
    assert is_formula(value)
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["市发展改革委", "1-2", "（一）", "", "  ", "'=已引用", "１=1", "e=mc2"])
def test_issue16_ordinary_cells_are_left_alone(value):
    assert safe_cell(value) == value


def test_issue16_cells_holding_lone_surrogates_can_be_written():
    assert safe_cell("加强\ud800建设") == "加强\ufffd建设"
    text = write_csv_table(["a"], [["\udcff=1"]])
    text.encode("utf-8")


def _plan(region: Region, unit: str, path: str) -> ParseResult:
    task = Task(id="一/1", heading="加强公务员诚信教育", text="加强公务员诚信教育。",
                assignments=[Assignment(text="", raw="", lead=[Unit(name=unit, agency=None)])])
    return ParseResult(source=SourceInfo(path=path, sha256=path, format="txt", bytes=1), normalized_text="",
                       documents=[Document(title="实施方案", region=region, level="city", tasks=[task])])


def _reader_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def test_issue16_compare_csv_keeps_a_cr_inside_its_field(tmp_path):
    plans = [_plan(Region(province="广东省", city="揭阳市"), "@x\r=1+1", "a.txt"),
             _plan(Region(province="福建省", city="南平市"), " ＝HYPERLINK(1)", "b.txt")]
    comparison = compare(plans)
    text = to_csv(comparison)
    assert text.endswith("\r\n")
    rows = _reader_rows(text)
    assert len({len(row) for row in rows}) == 1, "a field opened a row of its own"
    assert len(rows) == 1 + len(comparison.to_records())
    cells = [cell for row in rows[1:] for cell in row]
    assert "'@x\r=1+1" in cells and "' ＝HYPERLINK(1)" in cells
    assert not [cell for cell in cells if is_formula(cell)]
    # every field is quoted, every record ends in \r\n, in the file as in the string
    target = tmp_path / "table.csv"
    write(comparison, target, "csv")
    data = target.read_bytes().decode("utf-8-sig")
    assert data == text
    assert all(line.startswith('"') for line in data.split("\r\n") if line)


def test_issue16_ledger_and_compare_share_one_csv_format():
    plan = _plan(Region(province="广东省", city="揭阳市"), "市人社局", "a.txt")
    ledger = write_csv(ledger_rows([plan]))
    table = to_csv(compare([plan, _plan(Region(province="福建省"), "省人社厅", "b.txt")]))
    for text in (ledger, table):
        assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
        assert text.startswith('"')


# -- batch: #1 #2 #3 #7 #8 #10 ----------------------------------------------------------------------

import errno  # noqa: E402
import os  # noqa: E402
import sqlite3  # noqa: E402

from policyparse import batch as batch_module  # noqa: E402
from policyparse.batch import (  # noqa: E402
    CODE_MEMORY, CSV_NAME, ERRORS_NAME, NAME_LIMIT, STORE_NAME, XLSX_NAME, run_batch,
)
from policyparse.cli import main  # noqa: E402

from test_batch_resume import GOLD_PARSER, PINNED  # noqa: E402

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
NOTICE = sorted((CORPUS / "raw").glob("*.txt"))[0]
ISSUE16_PARSER = "test_issue16:issue16_parse"


def issue16_parse(path):
    """The gold parser, plus a file named ``*hog*`` that keeps taking memory until stopped."""
    import time

    from test_batch_resume import gold_parse

    if "hog" in Path(path).name:
        hoard = []
        for _ in range(200):
            hoard.append(bytearray(16 * 1024 * 1024))  # touched: resident, not just reserved
            time.sleep(0.02)
        time.sleep(30)
    return gold_parse(path)


def _store(out: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(out / STORE_NAME)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def _batch(roots, out, **kwargs):
    kwargs.setdefault("parser", GOLD_PARSER)
    kwargs.setdefault("version", PINNED)
    return run_batch([str(r) for r in roots], out, jobs=2, progress=False, **kwargs)


def test_issue16_duplicate_bytes_different_names(tmp_path):
    folder = tmp_path / "d"
    folder.mkdir()
    data = NOTICE.read_bytes()
    good, bad = f"{NOTICE.stem}_b_good.txt", f"{NOTICE.stem}_a_mislabelled.pdf"  # gold_parse finds the gold
    (folder / good).write_bytes(data)
    (folder / bad).write_bytes(data)
    out = tmp_path / "o"
    for run in range(2):  # the second run reuses: still one good, one bad
        summary = _batch([folder], out)
        status = dict(_store(out, "SELECT path, status FROM files"))
        assert status == {f"d/{good}": "ok", f"d/{bad}": "error"}, run
        errors = _store(out, "SELECT path, code FROM errors")
        assert errors == [(f"d/{bad}", "E103")]
        assert (out / "json" / "d" / f"{good}.json").exists()
        ledger = (out / CSV_NAME).read_text(encoding="utf-8-sig")
        assert good in ledger and bad not in ledger
        assert summary.failed == 1


def test_issue16_long_file_names_fit_any_file_system(tmp_path):
    folder = tmp_path / "d"
    folder.mkdir()
    title = "关于印发" + "加强政务诚信建设" * 10  # 84 characters, 252 bytes with .txt
    names = [title[:80] + ".txt", title[:82] + "一.txt", title[:82] + "二.txt", "短.txt"]
    data = NOTICE.read_bytes()
    for n, name in enumerate(names):
        assert len(name.encode()) <= 255
        (folder / name).write_bytes(data + f"\n（{n}）\n".encode())
    out = tmp_path / "o"
    summary = _batch([folder], out)
    assert (summary.parsed, summary.failed) == (4, 0)
    rows = dict(_store(out, "SELECT path, output FROM files WHERE status = 'ok'"))
    assert set(rows) == {f"d/{name}" for name in names}  # the full names, in the store
    outputs = list(rows.values())
    assert len(set(outputs)) == 4
    for output in outputs:
        assert len(Path(output).name.encode()) <= NAME_LIMIT and (out / output).exists()
    assert rows["d/短.txt"] == "json/d/短.txt.json"
    for name in (CSV_NAME, XLSX_NAME, ERRORS_NAME):
        assert (out / name).exists()
    from policyparse.export import load_result

    for key, output in rows.items():  # each result names its input in full
        assert load_result(out / output).source.path == str(folder / key.split("/", 1)[1])


def test_issue16_renamed_duplicate_roots_do_not_collide(tmp_path):
    roots = [tmp_path / "a" / "notices", tmp_path / "b" / "notices", tmp_path / "c" / "notices~2"]
    data = NOTICE.read_bytes()
    for r, root in enumerate(roots):
        root.mkdir(parents=True)
        for name in ("n.txt", "m.txt"):
            (root / name).write_bytes(data + f"\n（{r}{name}）\n".encode())
    out = tmp_path / "o"
    summary = _batch(roots, out)
    assert summary.parsed == 6
    rows = _store(out, "SELECT path, output FROM files WHERE status = 'ok'")
    assert len(rows) == 6 and len({output for _, output in rows}) == 6
    assert all((out / output).exists() for _, output in rows)
    assert len(list((out / "json").rglob("*.json"))) == 6


def test_issue16_symlink_out_of_the_inputs_is_skipped_with_a_warning(tmp_path):
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "good.txt").write_bytes(NOTICE.read_bytes())
    outside = tmp_path / "secret.txt"
    outside.write_text("不该读到的内容，不在输入文件夹里。", encoding="utf-8")
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    (folder / "secret.txt").symlink_to(outside)
    (folder / "again.txt").symlink_to(folder / "good.txt")  # inside: the same file, read once
    out = tmp_path / "o"
    summary = _batch([folder], out)
    paths = {path for (path,) in _store(out, "SELECT path FROM files")}
    assert paths == {"d/again.txt"} or paths == {"d/good.txt"}
    skipped = dict(summary.skipped)
    assert set(skipped) == {"d/passwd.txt", "d/secret.txt"}
    assert "outside the input folders" in skipped["d/passwd.txt"]
    assert "d/passwd.txt" in summary.format() and summary.exit_code == 0
    assert "root:" not in (out / CSV_NAME).read_text(encoding="utf-8-sig")


def test_issue16_fifo_is_an_error_row_not_a_hang(tmp_path):
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "good.txt").write_bytes(NOTICE.read_bytes())
    os.mkfifo(folder / "pipe.txt")
    out = tmp_path / "o"
    summary = _batch([folder], out, timeout=20)
    errors = dict(_store(out, "SELECT path, reason FROM errors"))
    assert list(errors) == ["d/pipe.txt"] and "named pipe" in errors["d/pipe.txt"]
    assert summary.parsed == 1


def test_issue16_ledger_write_error_is_one_line(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "good.txt").write_bytes(NOTICE.read_bytes())

    def read_only(*args, **kwargs):  # what the output folder made read-only mid-run gives (root ignores chmod)
        raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path / "o" / XLSX_NAME))

    monkeypatch.setattr("policyparse.export.write_xlsx", read_only)
    code = main(["batch", str(folder), "-o", str(tmp_path / "o"), "--no-progress", "--parser", GOLD_PARSER,
                 "--parser-version", PINNED])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "Traceback" not in err
    assert "[E410]" in err and XLSX_NAME in err and "Permission denied" in err
    assert _store(tmp_path / "o", "SELECT path, status FROM files") == [("d/good.txt", "ok")]  # kept


def test_issue16_store_write_error_is_one_line(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "good.txt").write_bytes(NOTICE.read_bytes())

    def full_disk(self, *args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr("policyparse.export.sqlite.SQLiteStore.add", full_disk)
    code = main(["batch", str(folder), "-o", str(tmp_path / "o"), "--no-progress", "--parser", GOLD_PARSER,
                 "--parser-version", PINNED])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "[E410]" in err and "disk is full" in err


def test_issue16_worker_pool_that_cannot_start_is_one_line(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "good.txt").write_bytes(NOTICE.read_bytes())

    class NoFork:
        def Pipe(self, duplex=True):  # noqa: N802 (multiprocessing's name)
            import multiprocessing

            return multiprocessing.Pipe(duplex)

        def Process(self, **kwargs):  # noqa: N802
            raise OSError(errno.EAGAIN, "Resource temporarily unavailable")

    monkeypatch.setattr(batch_module, "_worker_context", lambda parser: NoFork())
    code = main(["batch", str(folder), "-o", str(tmp_path / "o"), "--no-progress", "--parser", GOLD_PARSER,
                 "--parser-version", PINNED])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "Traceback" not in err
    assert "[E420] cannot start worker processes: Resource temporarily unavailable" in err


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="memory is read from /proc (Linux)")
def test_issue16_memory_bound_and_peak_counts_stopped_workers(tmp_path):
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "good.txt").write_bytes(NOTICE.read_bytes())
    (folder / "hog.txt").write_bytes(NOTICE.read_bytes() + "\n（占内存）\n".encode())
    out = tmp_path / "o"
    summary = _batch([folder], out, parser=ISSUE16_PARSER, max_memory_mb=400, timeout=60)
    errors = _store(out, "SELECT path, stage, code FROM errors")
    assert errors == [("d/hog.txt", "memory", CODE_MEMORY)]
    assert summary.parsed == 1
    # the stopped worker's memory is in the figure: more than the limit it went past
    assert max(summary.worker_peak_kb.values()) > 400 * 1024
    assert "peak worker memory" in summary.format()


# -- readers: #5 HTML depth, #6 PDF inflation and pages, #8 size --------------------------------

import time  # noqa: E402
import zlib  # noqa: E402

from policyparse.errors import LimitError, PolicyParseError  # noqa: E402
from policyparse.read import limits, read  # noqa: E402
from policyparse.read.html import html_to_text  # noqa: E402


@pytest.mark.parametrize("depth, flattened", [(250, False), (300, True), (3000, True)])
def test_issue16_deep_html_loses_no_text(depth, flattened):
    lines = [f"第{i}行加强政务诚信建设" for i in range(depth)]
    markup = "<html><body>" + "".join(f"<div>{line}" for line in lines) + "</div>" * depth + "</body></html>"
    source = read(markup.encode("utf-8"), name="deep.html")
    assert source.text.splitlines() == lines
    assert any("levels deep" in warning for warning in source.warnings) == flattened


def test_issue16_deep_html_with_text_only_at_the_bottom_is_not_empty():
    markup = "<div>" * 400 + "<p>各区人民政府：</p><p>现将方案印发给你们。</p>" + "</div>" * 400
    assert html_to_text(markup) == "各区人民政府：\n现将方案印发给你们。"


def test_issue16_deep_html_keeps_scripts_and_hidden_text_hidden():
    markup = ("<span>" * 300 + "<script>var secret=1;</script><div style='display:none'>隐藏</div>"
              "<div hidden><p>也隐藏</p></div>看得见" + "</span>" * 300)
    assert html_to_text(markup) == "看得见"


def _flate_pdf(content: bytes, pages: int = 1) -> bytes:
    """A minimal PDF: page n shows ``content`` with its letters shifted by n, FlateDecode streams."""
    kids = " ".join(f"{3 + 2 * n} 0 R" for n in range(pages))
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode()]
    for n in range(pages):
        stream = zlib.compress(content.replace(b"Notice", b"Notice" + bytes([65 + n]) * 3), 9)
        objs += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R"
                 b" /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>"
                 % (4 + 2 * n),
                 b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def test_issue16_pdf_flate_bomb_is_refused_within_the_bound():
    text = b"BT /F1 12 Tf 72 712 Td (Notice) Tj ET\n"
    assert "Notice" in read(_flate_pdf(text), name="ok.pdf").text  # the reader itself works
    bomb = _flate_pdf(text + b" " * (limits.MAX_PDF_INFLATED + (64 << 20)))
    assert len(bomb) < 1 << 20
    with pytest.raises(LimitError, match="inflate past 256 MiB"):
        read(bomb, name="bomb.pdf")  # refused when the bound is reached, not after inflating it all


def test_issue16_pdf_page_count_is_bounded(monkeypatch):
    monkeypatch.setattr(limits, "MAX_PDF_PAGES", 2)
    text = b"BT /F1 12 Tf 72 712 Td (Notice) Tj ET\n"
    assert read(_flate_pdf(text, pages=2), name="two.pdf").text
    with pytest.raises(LimitError, match="PDF has 3 pages; the limit is 2"):
        read(_flate_pdf(text, pages=3), name="three.pdf")


def test_issue16_a_40_mb_notice_is_refused_at_once(tmp_path):
    data = NOTICE.read_bytes()
    path = tmp_path / "big.txt"
    path.write_bytes(data * (40 * 1024 * 1024 // len(data) + 1))
    with pytest.raises(LimitError, match="the limit is 2,000,000"):
        read(path)  # before any parsing (it took 311 s and 1.6 GB to parse)


def test_issue16_file_size_is_checked_before_reading(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 1000)
    path = tmp_path / "big.pdf"
    path.write_bytes(b"%PDF-1.4\n" + bytes(2000))
    with pytest.raises(LimitError, match="file is 2.0 KiB; the limit is 1000 bytes"):
        read(path)
    with pytest.raises(LimitError):
        read(path.read_bytes(), name="big.pdf")


def test_issue16_fifo_is_not_read(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    with pytest.raises(PolicyParseError, match="not a regular file"):
        read(tmp_path / "pipe.txt")


# -- #12: lone surrogates (the property tests left them out) ---------------------------------------

def test_issue16_lone_surrogates_parse_and_serialize():
    from policyparse import parse
    from policyparse.normalize import normalize

    text = "各区\ud800人民政府：\n一、加强\udcff建设。牵头单位：市发展改革委"
    result = parse(text)
    result.model_dump_json()  # raised UnicodeEncodeError
    assert "\ufffd" in result.normalized_text and any("surrogate" in w for w in result.warnings)
    normalized = normalize(text)
    assert normalized.raw == text and "\ud800" not in normalized.text
    assert [e.rule for e in normalized.edits if e.before in ("\ud800", "\udcff")] == ["replace_lone_surrogates"] * 2
