"""infra/precompile.py: the Lambda zip carries bytecode the interpreter uses as is."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _module() -> Any:
    spec = importlib.util.spec_from_file_location("precompile", ROOT / "infra" / "precompile.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_zipped_bytecode_is_what_a_fresh_interpreter_runs(tmp_path: Path) -> None:
    # Given a package zip with a module, and one that does not compile
    package = tmp_path / "deployment.zip"
    with zipfile.ZipFile(package, "w") as archive:
        archive.writestr("pkg/__init__.py", "")
        archive.writestr("pkg/answer.py", "VALUE = 42\n")
        archive.writestr("pkg/broken.py", "def (:\n")

    # When bytecode is added
    added = _module().add_bytecode(package)

    # Then each module that compiles has its unchecked-hash .pyc where the interpreter looks...
    assert added == 2
    tag = sys.implementation.cache_tag
    with zipfile.ZipFile(package) as archive:
        names = set(archive.namelist())
        archive.extractall(tmp_path / "task")
    assert {f"pkg/__pycache__/answer.{tag}.pyc", f"pkg/__pycache__/__init__.{tag}.pyc"} <= names
    assert not any("broken" in n and n.endswith(".pyc") for n in names)
    # ...and a fresh interpreter (read-only like /var/task: no bytecode written) runs it even when the
    # source no longer matches: it did not compile the source
    (tmp_path / "task" / "pkg" / "answer.py").write_text("VALUE = 0\n")
    done = subprocess.run(
        [sys.executable, "-B", "-c", "import pkg.answer; print(pkg.answer.VALUE)"],
        cwd=tmp_path / "task",
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "42"


def test_a_template_for_another_python_is_refused() -> None:
    # Given functions on a runtime other than this interpreter's / When checked / Then refused
    template = {"Resources": {"F": {"Type": "AWS::Serverless::Function", "Properties": {"Runtime": "python3.9"}}}}
    with pytest.raises(SystemExit, match="python3.9"):
        _module().check_runtime(template)
    same = {
        "Resources": {"F": {"Type": "AWS::Serverless::Function", "Properties": {"Runtime": _module().runtime_tag()}}}
    }
    _module().check_runtime(same)


def test_the_zip_leaves_out_what_no_cold_start_reads_and_its_shared_objects_still_load(tmp_path: Path) -> None:
    # Given a zip with a package no function imports, powertools' Swagger UI, and a compiled extension
    precompile = _module()
    extension = Path(importlib.util.find_spec("_cffi_backend").origin)  # type: ignore[arg-type, union-attr]
    package = tmp_path / "deployment.zip"
    with zipfile.ZipFile(package, "w") as archive:
        archive.writestr("openpyxl/__init__.py", "VALUE = 1\n")
        archive.writestr("pkg/__init__.py", "")
        archive.writestr(precompile.UNREAD[0], "/* swagger */")
        archive.write(extension, extension.name)

    # When it is prepared for Lambda
    added = precompile.add_bytecode(package)

    # Then only the imported package gets bytecode, the unread file is gone...
    with zipfile.ZipFile(package) as archive:
        names = set(archive.namelist())
        archive.extractall(tmp_path / "task")
    assert added == 1
    assert not any(n.startswith("openpyxl/__pycache__") for n in names)
    assert "openpyxl/__init__.py" in names and precompile.UNREAD[0] not in names
    # ...and the extension lost its symbol table but still loads in a fresh interpreter
    shipped = tmp_path / "task" / extension.name
    assert shipped.stat().st_size < extension.stat().st_size
    done = subprocess.run(
        [sys.executable, "-B", "-c", "import _cffi_backend; print(_cffi_backend.__file__)"],
        cwd=tmp_path / "task",
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == str(shipped)
