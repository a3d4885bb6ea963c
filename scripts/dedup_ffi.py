# dedup_ffi.py: ctypes binding of libakhbar's Duplicates section for the scoring and labelling scripts.
# Loads libakhbar.so from $AK_BUILD_DIR (default build/).
import ctypes, os

class Span(ctypes.Structure):
    _fields_ = [("a_start", ctypes.c_size_t), ("a_end", ctypes.c_size_t),
                ("b_start", ctypes.c_size_t), ("b_end", ctypes.c_size_t), ("words", ctypes.c_size_t)]

class Result(ctypes.Structure):
    _fields_ = [("cls", ctypes.c_int), ("jaccard", ctypes.c_double), ("estimate", ctypes.c_double),
                ("bigram_jaccard", ctypes.c_double), ("cover_a", ctypes.c_double), ("cover_b", ctypes.c_double),
                ("longest", ctypes.c_size_t), ("lead_a", ctypes.c_double), ("lead_b", ctypes.c_double), ("n_spans", ctypes.c_size_t), ("spans", Span * 16)]

CLASSES = ["unrelated", "shares-passage", "rewrite", "duplicate"]

def load(build=None):
    build = build or os.environ.get("AK_BUILD_DIR", "build")
    lib = ctypes.CDLL(os.path.join(build, "libakhbar.so"))
    lib.ak_fp_new.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p)]
    lib.ak_fp_free.argtypes = [ctypes.c_void_p]
    lib.ak_dup_compare.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.POINTER(Result)]
    return lib

class Fp:
    def __init__(self, lib, text):
        self.lib = lib
        b = text.encode("utf-8")
        self.h = ctypes.c_void_p()
        rc = lib.ak_fp_new(b, len(b), None, ctypes.byref(self.h))
        if rc != 0:
            raise ValueError("ak_fp_new failed: %d" % rc)
    def __del__(self):
        self.lib.ak_fp_free(self.h)

def compare(lib, fa, fb):
    r = Result()
    rc = lib.ak_dup_compare(fa.h, fb.h, ctypes.byref(r))
    if rc != 0:
        raise ValueError("ak_dup_compare failed: %d" % rc)
    return r
