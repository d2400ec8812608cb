#!/usr/bin/env python3
"""Thin entry point: ``python build.py [build|serve|evaluate] [options]``."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))

from danvan_site.cli import run  # noqa: E402

if __name__ == "__main__":
    run()
