# akhbar: Python binding of libakhbar (ctypes over libakhbar.so; docs/python.md).
# The library is found through $AKHBAR_LIB, then beside this package, then the source tree's
# build/, then the system's library path.
from ._lib import AkhbarError, path as library_path
from .core import (
    NORM_DEFAULT, NORM_MARKS, NORM_TATWEEL, NORM_ALEF, NORM_ALEF_MAKSURA, NORM_TEH_MARBUTA, NORM_DIGITS,
    NORM_PRESENTATION, NORM_CONTROLS, NORM_PERSIAN, SENT_DEFAULT, SENT_LINES,
    version, normalize, tokens, sentences, light10, is_stopword, html_to_text,
    timex, infer_dct, dct_from_candidates, story_day, ner, NerModel, default_model_path,
    Fingerprint, Lsh, compare, DupVerdict, story_terms, story_dates, StoryClusterer, cluster_stories,
    Span, TimeExpr, Entity, Analysis, analyze,
)
from .store import Database, open_store, StoreError

__all__ = [n for n in dir() if not n.startswith("_")]
