"""Optional dependencies, imported when first needed, with a message naming the extra to install.

Charts need matplotlib (the ``plot`` extra); the static site needs Jinja2 and matplotlib (the
``site`` extra). Neither is imported until a chart or a page is drawn, so the query commands stay
fast and the core library installs without them.
"""

from __future__ import annotations

import importlib
from types import ModuleType

__all__ = ["MissingExtraError", "require"]


class MissingExtraError(ImportError):
    """An optional dependency is not installed; the message names the extra that brings it.

    Attributes:
        module: The module that could not be imported.
        extra: The ``policytracker[...]`` extra that installs it.
    """

    def __init__(self, module: str, extra: str, purpose: str) -> None:
        self.module = module
        self.extra = extra
        super().__init__(
            f"{purpose} needs {module}, which is not installed; install the {extra!r} extra: "
            f"pip install 'policytracker[{extra}]'",
            name=module,
        )


def require(module: str, extra: str, purpose: str) -> ModuleType:
    """Import ``module``, or raise :class:`MissingExtraError` naming ``extra``.

    ``purpose`` starts the message: ``"Drawing charts"``, ``"Building the site"``.
    """
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingExtraError(module.partition(".")[0], extra, purpose) from exc
