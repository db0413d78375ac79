"""Add Python bytecode to the Lambda zip, so a cold start does not compile every module it imports.

`chalice package` zips sources only (wheels carry no ``.pyc``), and Lambda's ``/var/task`` is
read-only: without bytecode in the zip, every cold start compiles each module it imports from source,
which costs more than importing them. This adds ``__pycache__/<module>.cpython-3XY.pyc`` beside every
``.py`` in the zip, compiled in *unchecked-hash* mode (PEP 552): the interpreter uses it without
comparing it with the source's modification time, which unzipping does not keep reliably.

Bytecode only loads in the same Python minor version: this refuses to run unless the interpreter
running it matches the ``Runtime`` of every function in the template.

It also keeps the zip under 12 MB (docs/decisions.md, 2026-12-07, "the zip under 12 MB"), without changing what runs:
no bytecode for the packages no function imports on a cold start (``NO_BYTECODE``), shared objects
without their symbol tables (``strip --strip-unneeded``: the dynamic symbols the interpreter links
against stay; binutils' ``strip`` must be on PATH), and no files that nothing reads (``UNREAD``).

    python3 infra/precompile.py DEPLOYMENT_ZIP SAM_JSON     (rewrites DEPLOYMENT_ZIP in place)
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

# No bytecode: modules no function imports on a cold start (tests/unit/test_import_weight.py checks
# that the handler with every domain and the authorizer load none). One imported anyway compiles
# from source, as every module did before bytecode was shipped.
NO_BYTECODE = (
    "openpyxl/",  # spreadsheet import/export only, imported inside those functions
    "et_xmlfile/",  # openpyxl's
    "cffi/",  # cryptography's build-time dependency: only the compiled _cffi_backend loads
    "pycparser/",  # cffi's
)
# Shipped by a dependency, read by nothing we run: powertools' Swagger UI (we serve the API with
# Chalice, and only powertools' logger is imported). 1.7 MB unzipped.
UNREAD = (
    "aws_lambda_powertools/event_handler/openapi/swagger_ui/swagger-ui-bundle.min.js",
    "aws_lambda_powertools/event_handler/openapi/swagger_ui/swagger-ui.min.css",
)


def runtime_tag() -> str:
    """The Lambda runtime this interpreter can compile for, e.g. ``python3.11``."""
    return f"python{sys.version_info.major}.{sys.version_info.minor}"


def check_runtime(template: dict) -> None:
    runtimes = {
        r["Properties"].get("Runtime")
        for r in template.get("Resources", {}).values()
        if r.get("Type") in ("AWS::Serverless::Function", "AWS::Lambda::Function")
    }
    if runtimes != {runtime_tag()}:
        raise SystemExit(
            f"functions run {sorted(map(str, runtimes))}, this interpreter compiles for "
            f"{runtime_tag()}: run precompile.py with the runtime's Python version"
        )


def cached_name(source: str) -> str:
    """Where the interpreter looks for the bytecode of ``source`` (a path inside the zip)."""
    path = PurePosixPath(source)
    return str(path.parent / "__pycache__" / f"{path.stem}.{sys.implementation.cache_tag}.pyc")


def stripped(data: bytes, strip: str) -> bytes:
    """A shared object without its symbol table (kept: the dynamic symbols it is loaded through)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "module.so"
        path.write_bytes(data)
        subprocess.run([strip, "--strip-unneeded", str(path)], check=True)  # noqa: S603 - our own file
        return path.read_bytes()


def add_bytecode(zip_path: Path) -> int:
    """Add the bytecode of every ``.py`` in ``zip_path`` that compiles (but ``NO_BYTECODE``), strip its
    shared objects and leave out ``UNREAD``; returns how many modules got bytecode."""
    strip = shutil.which("strip")
    if strip is None:
        raise SystemExit("strip (binutils) is not on PATH: install binutils")
    added = 0
    with zipfile.ZipFile(zip_path) as archive:
        entries = [(info, archive.read(info)) for info in archive.infolist()]
    names = {info.filename for info, _ in entries}
    rewritten = zip_path.with_suffix(".tmp")
    with zipfile.ZipFile(rewritten, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for info, data in entries:
            if info.filename in UNREAD:
                continue
            if info.filename.endswith(".so"):
                data = stripped(data, strip)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data, compresslevel=9)
            target = cached_name(info.filename)
            if not info.filename.endswith(".py") or target in names or info.filename.startswith(NO_BYTECODE):
                continue
            try:
                code = compile(data, info.filename, "exec", dont_inherit=True)
            except (SyntaxError, ValueError):
                continue  # e.g. a test fixture or a file for another Python: the source stays as is
            pyc = importlib._bootstrap_external._code_to_hash_pyc(  # type: ignore[attr-defined]
                code, importlib.util.source_hash(data), checked=False
            )
            entry = zipfile.ZipInfo(target, date_time=info.date_time)
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, bytes(pyc), zipfile.ZIP_DEFLATED, compresslevel=9)
            added += 1
    rewritten.replace(zip_path)
    return added


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    check_runtime(json.loads(Path(argv[2]).read_text()))
    print(f"bytecode added for {add_bytecode(Path(argv[1]))} modules ({runtime_tag()})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
