"""Packaging: the licence is declared as an SPDX expression (no setuptools deprecation
warning on install) and its full text ships as LICENSE."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_the_license_is_an_spdx_expression():
    project = pyproject()["project"]
    assert project["license"] == "AGPL-3.0-or-later"
    assert project["license-files"] == ["LICENSE"]
    # A licence classifier beside an SPDX expression is refused by setuptools.
    assert not [c for c in project.get("classifiers", []) if c.startswith("License ::")]


def test_the_build_backend_understands_an_spdx_license():
    requires = pyproject()["build-system"]["requires"]
    assert "setuptools>=77" in requires


def test_the_license_file_is_the_agpl_v3():
    lines = (ROOT / "LICENSE").read_text(encoding="utf-8").splitlines()
    assert lines[0].strip() == "GNU AFFERO GENERAL PUBLIC LICENSE"
    assert lines[1].strip() == "Version 3, 19 November 2007"
    assert len(lines) > 600  # the full text, not a notice


def test_the_docker_dependency_layer_has_the_license_file():
    # The image installs from pyproject alone first: its license-files must be there too.
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    before_install = dockerfile.split("pip install .")[0]
    assert "COPY pyproject.toml LICENSE ./" in before_install
