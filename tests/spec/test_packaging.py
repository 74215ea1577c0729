"""The installed wheel carries openapi.yaml and loads it from its own install location, carries
the guides of `mem0-kit docs`, and cites nothing a user of it does not have."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

from mem0kit.docs_command import TOPICS

ROOT = Path(__file__).resolve().parents[2]


def test_wheel_carries_and_loads_the_spec(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(tmp_path / "dist"),
            str(ROOT),
        ],
        check=True,
    )
    (wheel,) = (tmp_path / "dist").glob("mem0_contract_kit-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        carried = archive.read("mem0spec/openapi.yaml")
        guides = {
            Path(name).name: archive.read(name)
            for name in archive.namelist()
            if name.startswith("mem0kit/docs/")
        }
        texts = {name: archive.read(name) for name in archive.namelist()}
    assert carried == (ROOT / "openapi.yaml").read_bytes()
    assert guides == {page: (ROOT / "docs" / page).read_bytes() for page in TOPICS.values()}
    # The reference recordings the contract was drawn from stay with the project, not the wheel.
    cited = [name for name, text in texts.items() if b"shared/reference" in text]
    assert cited + [name for name, text in texts.items() if b"../shared" in text] == []

    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    fresh_python = env_dir / "bin" / "python"
    subprocess.run(
        [str(fresh_python), "-m", "pip", "install", "--quiet", "--no-deps", str(wheel)], check=True
    )
    site = subprocess.run(
        [str(fresh_python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    # Load with this interpreter's dependencies but the fresh install's package first on the path.
    probe = (
        "import sys; sys.path.insert(0, sys.argv[1]); import mem0spec; "
        "print(mem0spec.SPEC_PATH); print(mem0spec.load_spec()['info']['title'])"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, site],
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    ).stdout.splitlines()
    assert Path(out[0]).is_relative_to(site)
    assert out[1].startswith("Mem0 add-memories API")
