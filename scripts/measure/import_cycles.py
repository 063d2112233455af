#!/usr/bin/env python3
# Usage: scripts/measure/import_cycles.py app/src
"""Module import cycles in app/src: an edge a -> b when file module a names a path into
module b (use statements with braces expanded, and inline crate::/super:: paths)."""
import os, re, sys, glob
root = sys.argv[1]
mods = {}
for f in glob.glob(os.path.join(root, '**/*.rs'), recursive=True):
    rel = os.path.relpath(f, root)[:-3].split('/')
    if rel[-1] in ('mod', 'lib', 'main'): rel = rel[:-1]
    mods[tuple(rel)] = open(f).read()
def expand(prefix, body):
    out = []; depth = 0; cur = ''
    for ch in body:
        if ch == '{': depth += 1
        if ch == '}': depth -= 1
        if ch == ',' and depth == 0: out.append(cur); cur = ''
        else: cur += ch
    out.append(cur); res = []
    for part in out:
        part = part.strip()
        if not part: continue
        m = re.match(r'^([\w:]*?)::\{(.*)\}$', part, re.S)
        if m: res += expand(prefix + m.group(1).split('::'), m.group(2))
        elif part.startswith('{') and part.endswith('}'): res += expand(prefix, part[1:-1])
        else: res.append(prefix + part.split(' as ')[0].strip().split('::'))
    return res
def resolve(mod, path):
    if path[0] == 'crate': base = []; path = path[1:]
    elif path[0] == 'super':
        base = list(mod)
        while path and path[0] == 'super': base = base[:-1]; path = path[1:]
    elif path[0] == 'self': base = list(mod); path = path[1:]
    else: return None
    full = base + path; best = None
    for i in range(len(full), -1, -1):
        if tuple(full[:i]) in mods: best = tuple(full[:i]); break
    return best
edges = {m: set() for m in mods}
for mod, src in mods.items():
    src = re.sub(r'//[^\n]*', '', src)
    paths = []
    for m in re.finditer(r'\buse\s+((?:crate|super|self)\b[^;]*);', src, re.S):
        paths += expand([], ' '.join(m.group(1).split()))
    for m in re.finditer(r'\b((?:crate|super)(?:::\w+)+)', src):
        paths.append(m.group(1).split('::'))
    for p in paths:
        t = resolve(mod, [x for x in p if x])
        if t is not None and t != mod and t != mod[:len(t)] : edges[mod].add(t)
# Tarjan
index = {}; low = {}; stack = []; on = set(); sccs = []; c = [0]
sys.setrecursionlimit(10000)
def sc(v):
    index[v] = low[v] = c[0]; c[0] += 1; stack.append(v); on.add(v)
    for w in edges[v]:
        if w not in index: sc(w); low[v] = min(low[v], low[w])
        elif w in on: low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = []
        while True:
            w = stack.pop(); on.discard(w); comp.append(w)
            if w == v: break
        if len(comp) > 1: sccs.append(comp)
for v in mods:
    if v not in index: sc(v)
print(f"{len(mods)} modules, {sum(len(e) for e in edges.values())} edges, {len(sccs)} cycles")
for comp in sccs: print('  ', sorted('::'.join(x) for x in comp))
