"""Hooks of the schemathesis run (tests/api/test_schemathesis.py), loaded by its CLI process
(``hooks`` in schemathesis.toml).

- Path parameters: half of the generated cases name a real row (ids that the test read from
  the database, per operation path, in ``PMO_SCHEMATHESIS_IDS``), so that a detail or a
  project's list answers 200, not only 404. The case is changed after it is generated, so
  schemathesis checks again whether it is still valid (a negative case stays one only if
  it still breaks the schema).
- Every response is tallied per operation and status code and written, when the run ends,
  to ``PMO_SCHEMATHESIS_TALLY`` for the test's summary.
"""

from __future__ import annotations

import atexit
import json
import os
import threading
from collections import Counter, defaultdict

import schemathesis
from hypothesis import strategies as st

REAL_IDS: dict[str, dict[str, list[int]]] = json.loads(os.environ["PMO_SCHEMATHESIS_IDS"])
TALLY: defaultdict[str, Counter] = defaultdict(Counter)
_lock = threading.Lock()


def _with_path_parameters(case, values: dict):
    case.path_parameters = {**case.path_parameters, **values}
    return case


@schemathesis.hook
def flatmap_case(context, case):
    known = REAL_IDS.get(case.operation.path)
    meta = getattr(case, "_meta", None)
    negative = meta is not None and str(meta.generation.mode.value) == "negative"
    typed = all(
        isinstance(case.path_parameters.get(name), int)
        and not isinstance(case.path_parameters.get(name), bool)
        for name in known or ()
    )
    if not known or negative or not typed:
        # A negative case keeps what makes it one (an id of the wrong type, say).
        return st.just(case)
    real = st.fixed_dictionaries({name: st.sampled_from(ids) for name, ids in known.items()})
    return st.one_of(st.just(case), real.map(lambda values: _with_path_parameters(case, values)))


@schemathesis.hook
def after_call(context, case, response):
    with _lock:
        TALLY[case.operation.label][str(response.status_code)] += 1


@atexit.register
def _write_tally() -> None:
    with open(os.environ["PMO_SCHEMATHESIS_TALLY"], "w", encoding="utf-8") as out:
        json.dump(TALLY, out)
