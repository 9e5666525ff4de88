#!/usr/bin/env python3
"""Writes the hand-made seeds of the fuzz corpora (the rest are copies of test fixtures).

fuzz/corpus/grid/       tests/fixtures/grid/*/input.geojson (copied as <case>.geojson), and here: a tiny valid map
                        (street > 2 communities > 4 grids, shared edges, a T-junction, a hole,
                        a MultiPolygon with touching parts, integer ids, workers)
fuzz/corpus/tally/      tests/fixtures/tally/*/input.json, and here: a published log
                        ({snapshot, entries, head}) of W1 with its real hashes
fuzz/corpus/render_svg/ here: byte layouts of the render_svg target with hostile names
Run: python3 fuzz/make_seeds.py (after scripts/build.sh: the published log comes from the
package's buildLog, through node).
"""
import glob, json, os, shutil, struct, subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

for domain, name, ext in [("grid", "input.geojson", "geojson"), ("tally", "input.json", "json")]:
    os.makedirs(os.path.join(HERE, "corpus", domain), exist_ok=True)
    for path in sorted(glob.glob(os.path.join(ROOT, "tests/fixtures", domain, "*", name))):
        case = os.path.basename(os.path.dirname(path))
        shutil.copy(path, os.path.join(HERE, "corpus", domain, f"{case}.{ext}"))
os.makedirs(os.path.join(HERE, "corpus", "render_svg"), exist_ok=True)

def sq(x, y, w, h):
    return [[x, y], [x + w, y], [x + w, y + h], [x, y + h], [x, y]]

def feat(props, geometry):
    return {"type": "Feature", "properties": props, "geometry": geometry}

X, Y, D = 118.08, 24.46, 0.01
grid = {"type": "FeatureCollection", "features": [
    feat({"id": 3502, "name": "街道", "level": "street"},
         {"type": "Polygon", "coordinates": [sq(X, Y, 2 * D, D)]}),
    feat({"id": "c1", "name": "社区<一>", "level": "community", "parent": 3502},
         {"type": "Polygon", "coordinates": [sq(X, Y, D, D)]}),
    feat({"id": "c2", "name": "社区二", "level": "community", "parent": "3502", "worker": None},
         {"type": "Polygon", "coordinates": [sq(X + D, Y, D, D)]}),
    # c1: two grids side by side; the west one has a hole.
    feat({"id": "g1", "name": "网格一", "level": "grid", "parent": "c1", "worker": "李<b>四</b>"},
         {"type": "Polygon", "coordinates": [sq(X, Y, D / 2, D),
                                             sq(X + D / 8, Y + D / 4, D / 8, D / 4)[::-1]]}),
    feat({"id": "g2", "name": "网格二", "level": "grid", "parent": "c1"},
         {"type": "Polygon", "coordinates": [sq(X + D / 2, Y, D / 2, D)]}),
    # c2: one grid below, one above, split at a T-junction (a vertex on the neighbour's edge).
    feat({"id": "g3", "name": "网格三", "level": "grid", "parent": "c2"},
         {"type": "Polygon", "coordinates": [[[X + D, Y], [X + 2 * D, Y], [X + 2 * D, Y + D / 2],
                                              [X + 1.5 * D, Y + D / 2], [X + D, Y + D / 2], [X + D, Y]]]}),
    feat({"id": "g4", "name": "网格四", "level": "grid", "parent": "c2"},
         {"type": "MultiPolygon", "coordinates": [[sq(X + D, Y + D / 2, D / 2, D / 2)],
                                                  [sq(X + 1.5 * D, Y + D / 2, D / 2, D / 2)]]}),
]}
with open(os.path.join(HERE, "corpus/grid/tiny_valid.geojson"), "w") as f:
    json.dump(grid, f, ensure_ascii=False)

# render_svg: byte 0 cells/size, 1 method, 2 classes/zoom, 3 dpr; names split at 0xFF; values.
names = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "</text><text>x",
         "鹭江街道 & 中华街道", "a'b\"c\u0000\u001b", "\ud7ff\ue000"]
def seed(b0, b1, b2, b3, ns, values):
    body = b"\xff".join(n.encode("utf-8", "surrogatepass") for n in ns) + b"\xff"
    body += b"".join(struct.pack("<d", v) for v in values)
    return bytes([b0, b1, b2, b3]) + body
seeds = {
    "hostile_names": seed(5 + 6 * 2, 0, 5, 1, names, [1, 2, 3, 4, 5, 6]),
    "nan_inf_values": seed(2 + 6 * 1, 2, 64, 0, names[:3], [float("nan"), float("inf"), -float("inf")]),
    "manual_breaks": seed(3 + 6 * 3, 3, 4, 2, names[2:6], [0, 1e308, -1e308, 5e-324]),
    "one_cell": seed(0, 1, 1, 0, ["网格"], [42]),
}
for name, data in seeds.items():
    with open(os.path.join(HERE, f"corpus/render_svg/{name}.bin"), "wb") as f:
        f.write(data)

# tally: a published log of W1 (the package's buildLog gives its real hashes).
w1 = os.path.join(ROOT, "tests/fixtures/tally/w1/input.json")
js = ("import {buildLog} from 'jinlin/tally'; import {readFileSync} from 'node:fs';"
      f"const i = JSON.parse(readFileSync({json.dumps(w1)}, 'utf8'));"
      "const entries = buildLog(i.snapshot, i.ballots);"
      "console.log(JSON.stringify({snapshot: i.snapshot, entries, head: entries.at(-1).hash}));")
out = subprocess.run(["node", "--input-type=module", "-e", js], cwd=ROOT, check=True,
                     capture_output=True, text=True).stdout
with open(os.path.join(HERE, "corpus/tally/published_w1.json"), "w") as f:
    f.write(out.strip())
