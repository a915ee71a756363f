#!/usr/bin/env python
"""Serve the app: `python serve.py [streamlit options]` is `streamlit run app.py [options]`, minus one
trap of Streamlit's.

Streamlit treats a `pages/` folder beside the entry script as its old multipage layout until the
first `st.navigation` call of the process, so the very first visitor after a start who opens any
address but `/` (a citizen's `/status` link, a reload after a restart) gets Streamlit's English
"Page not found" dialog over the right page. Our `pages/` holds st.navigation pages only: saying so
before the first run removes the dialog (streamlit/streamlit#9992, #9624)."""

from __future__ import annotations

import sys
from pathlib import Path

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

APP = Path(__file__).resolve().parent / "app.py"


def main(argv: list[str]) -> None:
    PagesManager.uses_pages_directory = False
    sys.argv = ["streamlit", "run", str(APP), *argv]
    cli.main()


if __name__ == "__main__":
    main(sys.argv[1:])
