"""``python -m builder``. A library the compiler needs that this Python lacks (the
command run outside the environment the README installs) is named, not a traceback:
the import of the command line itself needs them, so this is the one place to see it."""

import sys

try:
    from builder.cli import main

    code = main()
except ModuleNotFoundError as exc:
    library = (exc.name or "").split(".")[0]
    if not library or library == "builder":
        raise
    print(f"error: the library {library!r} is not installed for {sys.executable}; "
          "install the pinned dependencies with `pip install -c requirements.txt -e .` "
          "(see the README)", file=sys.stderr)
    code = 3
raise SystemExit(code)
