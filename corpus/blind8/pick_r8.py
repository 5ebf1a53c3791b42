"""Round 8 selection: random wild notices of a plan form, none used before."""
import random, re, sys
from pathlib import Path
sys.path.insert(0, '/work/baseline')
from policyparse.read import read

WILD = Path('/work/shared/corpus/wild')
exclude = set(Path('/work/dev_exclude.txt').read_text().split('\n'))
# names listed as candidates in earlier sessions' pools were read by title: leave them out too
exclude |= {l[2:].strip() for l in Path('/work/blind/pools.md').read_text().splitlines() if l.startswith('- ')}
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
random.seed(202612078)
quota = {'txt': 4, 'wps': 2, 'docx': 2, 'pdf': 2}
picked = []
for fmt, k in quota.items():
    picked += [(fmt, n, name) for name, n in random.sample(pool[fmt], k)]
random.shuffle(picked)
for i, (fmt, n, name) in enumerate(picked, 1):
    print(f'y{i:02d}\t{fmt}\t{n}\t{name}')
print({f: len(v) for f, v in pool.items()}, file=sys.stderr)
