"""The ``policytracker`` command: a thin click layer over the library.

Each command parses its options, calls the library, builds a :class:`~policytracker.render.Output`
and prints it through the renderer registry. Library errors become clean messages with exit 1;
usage errors are Click's, with exit 2. ``--debug`` shows the traceback instead. A command's
module is imported only when that command runs (or help lists it), so a query does not pay for
the contributor tools' imports.
"""

from __future__ import annotations

from policytracker.cli._app import cli, main

__all__ = ["cli", "main"]
