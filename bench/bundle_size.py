#!/usr/bin/env python3
"""Bundle-size report for the web app (static_site/dist). Prints figures, never fails.

First screen = the entry chunk named in dist/index.html plus everything it imports statically
(followed through the Vite manifest, `build.manifest: true`), with their CSS, plus the
classic scripts index.html loads (config.js). Everything reachable only through dynamic
import() is listed separately as lazily loaded (route chunks, the ECharts chunk).

Usage:  python bench/bundle_size.py [path/to/dist]
Build first:  cd static_site && npm ci && npm run build
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from pathlib import Path

BUDGET_KB = 200.0
ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIST = ROOT / "static_site" / "dist"


def gz_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9))


def kb(n: int) -> str:
    return f"{n / 1024:8.1f} KB"


def load_manifest(dist: Path) -> dict[str, dict]:
    for candidate in (dist / ".vite" / "manifest.json", dist / "manifest.json"):
        if candidate.is_file():
            return json.loads(candidate.read_text(encoding="utf-8"))
    return {}


def html_assets(dist: Path) -> tuple[list[str], list[str], list[str]]:
    """(module scripts, stylesheets + modulepreloads, classic scripts) referenced by index.html."""
    html = (dist / "index.html").read_text(encoding="utf-8")
    modules, classic = [], []
    for tag in re.findall(r"<script\b[^>]*>", html):
        m = re.search(r'src="([^"]+)"', tag)
        if not m:
            continue
        (modules if 'type="module"' in tag else classic).append(m.group(1))
    links = re.findall(r'<link\b[^>]*href="([^"]+\.(?:css|js))"', html)
    return modules, links, classic


def norm(ref: str) -> str:
    return re.sub(r"^(\./|/)", "", ref.split("?")[0])


def first_screen(manifest: dict[str, dict], entry_files: set[str]) -> tuple[set[str], set[str]]:
    """Files (js, css) loaded for the first screen: entries + static imports, transitively."""
    by_file = {v.get("file"): k for k, v in manifest.items()}
    keys = [k for k, v in manifest.items() if v.get("isEntry")] or [by_file[f] for f in entry_files if f in by_file]
    seen: set[str] = set()
    stack = list(keys)
    while stack:
        k = stack.pop()
        if k in seen or k not in manifest:
            continue
        seen.add(k)
        stack.extend(manifest[k].get("imports", []))
    js = {manifest[k]["file"] for k in seen}
    css = {c for k in seen for c in manifest[k].get("css", [])}
    return js, css


def lazy_chunks(manifest: dict[str, dict], eager_keys_files: set[str]) -> list[tuple[str, str, list[str]]]:
    out = []
    for key, v in manifest.items():
        f = v.get("file", "")
        if f in eager_keys_files or not f.endswith(".js"):
            continue
        out.append((key, f, v.get("css", [])))
    return sorted(out, key=lambda x: x[1])


def main(argv: list[str]) -> int:
    dist = Path(argv[1]).resolve() if len(argv) > 1 else DEFAULT_DIST
    if not (dist / "index.html").is_file():
        print(f"No build found at {dist}.")
        print("Build it first:  cd static_site && npm ci && npm run build")
        return 0
    manifest = load_manifest(dist)
    modules, links, classic = html_assets(dist)
    entry_files = {norm(m) for m in modules}
    if manifest:
        js, css = first_screen(manifest, entry_files)
    else:
        print("(no Vite manifest: counting only what index.html references; enable build.manifest)")
        js = entry_files | {norm(x) for x in links if x.endswith(".js")}
        css = set()
    css |= {norm(x) for x in links if x.endswith(".css")}
    js |= {norm(x) for x in links if x.endswith(".js")}
    extra = [norm(c) for c in classic if (dist / norm(c)).is_file()]

    print(f"Bundle size report for {dist}")
    print()
    print("First screen (index.html + entry chunk + static imports), gzip -9:")
    print(f"  {'file':60} {'raw':>11} {'gzip':>11}")
    totals = {"js": [0, 0], "css": [0, 0]}
    rows = sorted(extra + list(js) + list(css), key=lambda f: (not f.endswith(".css"), f))
    for f in [norm("index.html")] + rows:
        p = dist / f
        if not p.is_file():
            print(f"  {f:60} (missing)")
            continue
        raw, gz = p.stat().st_size, gz_size(p)
        kind = "css" if f.endswith(".css") else "js"
        if f != "index.html":
            totals[kind][0] += raw
            totals[kind][1] += gz
        print(f"  {f:60} {kb(raw)} {kb(gz)}")
    first_gz = totals["js"][1] + totals["css"][1]
    print(f"  {'TOTAL JS':60} {kb(totals['js'][0])} {kb(totals['js'][1])}")
    print(f"  {'TOTAL CSS':60} {kb(totals['css'][0])} {kb(totals['css'][1])}")
    print(f"  {'TOTAL first screen (JS + CSS)':60} {kb(totals['js'][0] + totals['css'][0])} {kb(first_gz)}")
    print()

    if manifest:
        lazy = lazy_chunks(manifest, js)
        print("Lazily loaded chunks (dynamic import; fetched on the screens that need them):")
        lazy_total = 0
        for key, f, lcss in lazy:
            p = dist / f
            if not p.is_file():
                continue
            gz = gz_size(p) + sum(gz_size(dist / c) for c in lcss if (dist / c).is_file() and c not in css)
            lazy_total += gz
            label = "ECharts" if "echarts" in f.lower() or "echarts" in key.lower() else ""
            print(f"  {f:60} {kb(gz)}  {label}")
        print(f"  {'TOTAL lazy':60} {kb(lazy_total)}")
        echarts = [f for _, f, _ in lazy if "echarts" in f.lower()]
        if any(f in js for f in echarts) or any("echarts" in f.lower() for f in js):
            print("  WARNING: an ECharts chunk is in the first screen")
        print()

    verdict = "OK" if first_gz / 1024 <= BUDGET_KB else "OVER"
    print(f"first screen ≤ {BUDGET_KB:.0f} KB gzipped: {verdict} ({first_gz / 1024:.1f} KB)")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except Exception as exc:  # noqa: BLE001 - a report, never a failure
        print(f"bundle_size: could not measure: {exc}")
        sys.exit(0)
