#!/usr/bin/env python3
# Usage: scripts/measure/repeated_lines.py app/src [N most repeated files] [file to show its runs]
"""Lines of app/src/**/*.rs that stand in a run of >= 6 identical (whitespace-folded) lines
found in another file too. Blank lines, comments, imports and lone punctuation are skipped."""
import sys, glob, os, re, collections
root = sys.argv[1]; N = 6
skip = re.compile(r'^([{}()\[\];,]+|//.*|use .*|pub use .*|\*.*|/\*.*)$')
files = {}
for f in glob.glob(os.path.join(root, '**/*.rs'), recursive=True):
    lines = []; in_use = False
    for i, l in enumerate(open(f, encoding='utf-8', errors='replace')):
        n = ' '.join(l.split())
        if in_use:
            in_use = not n.endswith(';'); continue
        if re.match(r'^(pub(\([a-z]+\))? )?use ', n):
            in_use = not n.endswith(';'); continue
        if not n or skip.match(n): continue
        lines.append(n)
    files[os.path.relpath(f, root)] = lines
where = collections.defaultdict(set)
for f, ls in files.items():
    for i in range(len(ls) - N + 1):
        where[tuple(ls[i:i+N])].add(f)
covered = 0; total = 0; per = collections.Counter()
for f, ls in files.items():
    mark = [False] * len(ls); total += len(ls)
    for i in range(len(ls) - N + 1):
        if len(where[tuple(ls[i:i+N])]) > 1:
            for j in range(i, i+N): mark[j] = True
    c = sum(mark); covered += c; per[f] = c
print(f"{covered} of {total} code lines repeated across files ({100*covered/total:.1f}%)")
for f, c in per.most_common(int(sys.argv[2]) if len(sys.argv) > 2 else 0): print(c, f)
if len(sys.argv) > 3:
    target = sys.argv[3]
    ls = files[target]; i = 0
    while i <= len(ls) - N:
        others = where[tuple(ls[i:i+N])] - {target}
        if others:
            j = i
            while j <= len(ls) - N and where[tuple(ls[j:j+N])] - {target}: j += 1
            print(f"--- {target} run of {j-i+N-1} lines, also in {sorted(others)}")
            print('\n'.join(ls[i:j+N-1]))
            i = j + N - 1
        else: i += 1
