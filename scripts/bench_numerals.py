#!/usr/bin/env python3
"""Numeral grammar vs cn2an on the numerals the quantity regex finds in notices (issue 17).

Usage: ``pip install cn2an && python scripts/bench_numerals.py`` from the repository root.
cn2an is not a dependency: this script is the measurement that kept the own grammar
(policyparse/extract/targets.py ``parse_number``) — 283/283 distinct numerals read against
cn2an's 276 (fractions 三分之一, 百分之三十, 1,200 and bare 千/百万 multipliers fail there), three
to four times faster (1.1 µs against 4.6 µs a numeral on an idle 2-core machine).
"""
import glob
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
try:
    import cn2an
except ImportError:
    sys.exit("bench_numerals: pip install cn2an first (it is measured here, not used by policyparse)")
from policyparse.extract.targets import _quantity_regex, parse_number
from policyparse.read import read
texts = [json.loads(l)['text'] for l in open(ROOT / 'corpus/targets/dev.jsonl', encoding='utf-8')]
for p in sorted(glob.glob(str(ROOT / 'corpus/extra/*.html')))[:60]:
    texts.append(read(p).text)
nums = []
for t in texts:
    for m in _quantity_regex().finditer(t):
        if m.group('unit'):
            nums.append(m.group('num') + (m.group('mult') or ''))
nums += ['三分之一', '百分之三十', '一百二十', '两千', '十', '３．２', '1,200', '1.5万', '三十五万', '二〇二五']
uniq = sorted(set(nums))
def mine(s):
    mult = {'万': 1e4, '亿': 1e8, '千': 1e3, '百': 1e2, '十': 10}
    k = 1.0
    while s and s[-1] in '万亿' and len(s) > 1:
        k *= mult[s[-1]]; s = s[:-1]
    v = parse_number(s)
    return None if v is None else v * k
def theirs(s):
    try:
        return float(cn2an.cn2an(s.replace('，', ','), 'smart'))
    except Exception:
        return None
agree = both_none = only_mine = only_theirs = differ = 0
diffs = []
for s in uniq:
    a, b = mine(s), theirs(s)
    if a is not None and b is not None and abs(a - b) < 1e-6: agree += 1
    elif a is None and b is None: both_none += 1
    elif b is None: only_mine += 1; diffs.append((s, a, b))
    elif a is None: only_theirs += 1; diffs.append((s, a, b))
    else: differ += 1; diffs.append((s, a, b))
print(f"{len(nums)} numerals ({len(uniq)} distinct): agree {agree}, only ours {only_mine}, only cn2an {only_theirs}, differ {differ}, neither {both_none}")
print(diffs[:20])
for name, f in (('ours', mine), ('cn2an', theirs)):
    t = time.perf_counter()
    for _ in range(5):
        for s in nums: f(s)
    dt = (time.perf_counter() - t) / (5 * len(nums))
    print(f"{name}: {dt*1e6:.1f} us per numeral")
