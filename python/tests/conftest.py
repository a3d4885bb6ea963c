# conftest.py: puts python/ on the path and names the folders the tests read (ctest sets
# AK_SOURCE_DIR, AK_SHARED_DIR, AK_BUILD_DIR; AKHBAR_LIB picks the library under test).
import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))

import akhbar  # noqa: E402 - after the path

SOURCE = os.environ.get("AK_SOURCE_DIR", os.path.normpath(os.path.join(HERE, "..", "..")))
SHARED = os.environ.get("AK_SHARED_DIR", os.path.join(SOURCE, "..", "shared"))
EXAMPLES = os.path.join(SOURCE, "examples")
SEEDS = os.path.join(SHARED, "seeds")


@pytest.fixture(scope="session")
def seeds():
    if not os.path.isdir(SEEDS):
        pytest.skip("no seeds at %s (set AK_SHARED_DIR)" % SEEDS)
    return {n[:3]: open(os.path.join(SEEDS, n), encoding="utf-8").read()
            for n in sorted(os.listdir(SEEDS)) if n.endswith(".txt")}


def _ner_loads():
    try:
        akhbar.NerModel(None).close()
        return True
    except akhbar.AkhbarError:
        return False


# entities on both sides of an equivalence test when the default model loads (`akhbar run` finds
# the same one), else on neither (`akhbar run` then leaves them out)
WITH_ENTITIES = _ner_loads()
