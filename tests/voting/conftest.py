"""Fixtures for the pure voting tests: where the shared Pabulib files are."""
import os
from pathlib import Path

import pytest

#: the eight real elections in /work/shared/pabulib (see its SOURCES.md)
PB_FILES = [
    "Netherlands_Assen_2024.pb",
    "Poland_Czestochowa_2020_Grabowka.pb",
    "Poland_Warszawa_2019_Okecie.pb",
    "Poland_Swiecie_2023.pb",
    "Poland_Wieliczka_2023_Green_Budget.pb",
    "Poland_Czestochowa_2020.pb",
    "Poland_Warszawa_2023_Mokotow.pb",
    "Poland_Krakow_2020.pb",
]


def shared_pabulib_dir() -> Path:
    """The shared folder: $ASHAR_PABULIB_DIR, else <repo>/../shared/pabulib."""
    env = os.environ.get("ASHAR_PABULIB_DIR")
    return Path(env) if env else Path(__file__).resolve().parents[2].parent / "shared" / "pabulib"


@pytest.fixture(scope="session")
def pabulib_dir() -> Path:
    """The shared Pabulib folder; fails loudly on CI when missing, skips (with why) elsewhere."""
    path = shared_pabulib_dir()
    if not (path / "reference_outputs.json").is_file():
        message = f"shared Pabulib files not found at {path} (set ASHAR_PABULIB_DIR)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def elections(pabulib_dir):
    """Read each shared file once per session: name -> Election."""
    from voting import read_pabulib

    cache = {}

    def get(name):
        if name not in cache:
            cache[name] = read_pabulib(pabulib_dir / name)
        return cache[name]

    return get
