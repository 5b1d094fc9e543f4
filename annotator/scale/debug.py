"""Whether errors keep their traceback: ``annotator --debug``, or this variable in the environment."""
from __future__ import annotations

import os

DEBUG_ENV = "ANNOTATOR_DEBUG"  # set to 1: errors keep their traceback (as `annotator --debug` does)


def debug_from_env() -> bool:
    return os.environ.get(DEBUG_ENV, "").strip().lower() in {"1", "true", "yes", "on"}
