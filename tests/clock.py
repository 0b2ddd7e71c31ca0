"""The test's clock, handed to the processes a test starts (Celery workers).

time-machine moves the clock of this process only. A worker started by a test reads the
test's clock when it is started through ``python_on_test_clock``: the test's distance from
the real time goes in ``CLOCK_OFFSET_ENV`` (``clock_env``) and the child travels by it,
ticking, before anything else runs. On the real clock the offset is 0 and the child reads
the real clock too.
"""

from __future__ import annotations

import sys
import time

from time_machine import escape_hatch

CLOCK_OFFSET_ENV = "PMO_TEST_CLOCK_OFFSET"

PRELUDE = f"""
import os
import time
offset = float(os.environ.get("{CLOCK_OFFSET_ENV}") or 0)
if abs(offset) > 1:
    import time_machine
    time_machine.travel(time.time() + offset, tick=True).start()
    time.time()  # time-machine ticks from the first reading: from now, not after the imports
"""

_RUN_MODULE = """
import runpy
import sys
sys.argv = sys.argv[1:]
runpy.run_module(sys.argv[0], run_name="__main__", alter_sys=True)
"""


def clock_env() -> dict[str, str]:
    """The environment entry giving a child this process's clock (none on the real one)."""
    if not escape_hatch.is_travelling():
        return {CLOCK_OFFSET_ENV: "0"}
    return {CLOCK_OFFSET_ENV: repr(time.time() - escape_hatch.time.time())}


def python_on_test_clock(*, code: str | None = None, module: list[str] | None = None) -> list:
    """``python -c code`` or ``python -m module...``, on the test's clock (with clock_env)."""
    if code is not None:
        return [sys.executable, "-c", PRELUDE + code]
    return [sys.executable, "-c", PRELUDE + _RUN_MODULE, *module]
