"""Debian's Chromium (``apt-get install chromium``; .ci/run installs it) for the browser tests
and the widget benchmark: one path and one set of launch flags, headless, no sandbox (root in CI)."""
from __future__ import annotations

import shutil

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run"]
