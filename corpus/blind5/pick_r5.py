"""Round 5 selection: random wild notices of a plan form, none used before.

    python corpus/blind5/pick_r5.py EXCLUDE_LIST > selection.tsv

EXCLUDE_LIST names, one per line, the wild files of earlier rounds and families (the list used
is every file name in corpus/blind3 … blind4 notes plus the family files). Run from the
repository with ../shared/corpus/wild beside it; the text is decoded by the reader of the
parser as it was (the reader only, so nothing parsed is seen).
"""
import random, re, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from policyparse.read import read

WILD = ROOT.parent / 'shared' / 'corpus' / 'wild'
exclude = set(Path(sys.argv[1]).read_text().split('\n'))
FORM = re.compile('实施方案|工作方案|行动方案|分工方案|实施意见|工作要点|行动计划|若干措施|政策措施|任务|工作安排|实施细则|实施办法')
NOT = re.compile('批复|公告|决定|名单|公布|通报|表彰|答复|函')

def text_of(p):
    if p.suffix in ('.wps', '.txt'):
        data = p.read_bytes().replace(b'\x00', b'')
        for enc in ('utf-8-sig', 'gb18030'):
            try:
                return data.decode(enc)
            except UnicodeDecodeError:
                pass
        return ''
    try:
        return read(str(p)).text
    except Exception:
        return ''

pool = {}
for p in sorted(WILD.iterdir()):
    if p.name in exclude or not FORM.search(p.stem) or NOT.search(p.stem):
        continue
    fmt = p.suffix.lstrip('.')
    if fmt not in ('txt', 'wps', 'docx', 'pdf', 'ofd'):
        continue
    n = len(text_of(p))
    if 3000 <= n <= 16000:
        pool.setdefault(fmt, []).append((p.name, n))
random.seed(202612075)
quota = {'txt': 8, 'wps': 5, 'docx': 4, 'pdf': 3}
picked = []
for fmt, k in quota.items():
    picked += [(fmt, n, name) for name, n in random.sample(pool[fmt], k)]
random.shuffle(picked)
for i, (fmt, n, name) in enumerate(picked, 1):
    print(f'x{i:02d}\t{fmt}\t{n}\t{name}')
print({f: len(v) for f, v in pool.items()}, file=sys.stderr)
