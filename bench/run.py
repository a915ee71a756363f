"""`python -m bench.run [ARGS]` is `python manage.py bench [ARGS]` (kept for old scripts and docs)."""

from __future__ import annotations

import sys

if __name__ == "__main__":
    import manage

    sys.exit(manage.main(["bench", *sys.argv[1:]]))
