#!/usr/bin/env python3
# Runs one upstream version of compute_variable_mtrrs over
# tests/vectors/mtrr.jsonl.gz's inputs (see ../README.md).
#   gen.py mtrr.jsonl.gz VERSION OUT.jsonl.gz   VERSION: pre-3550, 3550, 3599
#   gen.py mtrr.jsonl.gz 3599 -check            compares with mtrr.jsonl.gz
# MTRR_VERSIONS_BIN: the built main.rs (default ./target/release/mtrr_bench).
import gzip, json, os, subprocess, sys
src, version, out = sys.argv[1], sys.argv[2], sys.argv[3]
vecs = [json.loads(l) for l in gzip.open(src, 'rt')]
def toks(inp):
    t = [inp['ram_size']]
    for k in ('mmio_gaps', 'pci_ecam_gaps', 'pci_mmio_gaps'):
        t.append(hex(len(inp[k])))
        for a, b in inp[k]:
            t += [a, b]
    v = inp['vtl2_range']
    t += ['0x1', v[0], v[1]] if v else ['0x0', '0x0', '0x0']
    t += inp['low_mmio'] + inp['high_mmio'] + [hex(inp['width'])]
    return ' '.join(t)
res = subprocess.run([os.environ.get('MTRR_VERSIONS_BIN', './target/release/mtrr_bench'), version], input='\n'.join(toks(v['input']) for v in vecs) + '\n',
                     capture_output=True, text=True, check=True).stdout.splitlines()
assert len(res) == len(vecs)
lines = []
for v, r in zip(vecs, res):
    if r == 'PANIC':
        o = {'error': 'panic'}
    elif r.startswith('ERR '):
        o = {'error': r[4:]}
    else:
        w = r.split()
        o = {'registers': [x.split('=') for x in w[3:]], 'end_of_ram': w[1], 'ram_size': w[2]}
    lines.append({'id': v['id'], 'category': v['category'], 'input': v['input'], 'output': o})
if out == '-check':
    bad = 0
    for v, l in zip(vecs, lines):
        a, b = v['output'], l['output']
        if ('error' in a) != ('error' in b) or a.get('error') != b.get('error') or a.get('registers') != b.get('registers') or a.get('end_of_ram') != b.get('end_of_ram') or a.get('ram_size') != b.get('ram_size'):
            bad += 1
    print('mismatches', bad, 'of', len(vecs)); sys.exit(bad != 0)
with gzip.GzipFile(out, 'wb', mtime=0) as f:
    f.write(''.join(json.dumps(l, separators=(',', ':')) + '\n' for l in lines).encode())
errs = {}
for l in lines:
    k = l['output'].get('error', 'ok'); errs[k] = errs.get(k, 0) + 1
print(out, errs)
