#!/usr/bin/env python3
"""run.py - the black-box API suite: discover tests/api/test_*.py and run them.

Prints one line per test as it finishes, then every failure with its traceback, then
exactly one summary line `api: N passed, N failed`. Errors (including those of class
set-up and tear-down, where the server's exit status and sanitizer output are checked)
and skips count as failed. Exit status 0 only when nothing failed.

    BAOMI_BIN=build/h2/baomi python3 tests/api/run.py [PATTERN...]

PATTERN selects test ids containing it (e.g. `test_session` or `Lockout`).
"""

import os
import shutil
import sys
import time
import traceback
import unittest

sys.dont_write_bytecode = True

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)


class Result(unittest.TestResult):
    def __init__(self):
        super().__init__()
        self.passed = 0
        self.failed = []  # (id, text)
        self._t0 = {}

    def startTest(self, test):
        super().startTest(test)
        self._t0[test.id()] = time.time()

    def _took(self, test):
        return time.time() - self._t0.get(test.id(), time.time())

    def _line(self, word, test):
        print("%-5s %s (%.1fs)" % (word, test.id(), self._took(test)), flush=True)

    def addSuccess(self, test):
        super().addSuccess(test)
        self.passed += 1
        self._line("ok", test)

    def _bad(self, word, test, text):
        self.failed.append((test.id() if hasattr(test, "id") else str(test), text))
        if isinstance(test, unittest.TestCase):
            self._line(word, test)
        else:  # class or module fixture
            print("%-5s %s" % (word, test), flush=True)

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._bad("FAIL", test, self._exc_info_to_string(err, test))

    def addError(self, test, err):
        super().addError(test, err)
        self._bad("ERROR", test, self._exc_info_to_string(err, test))

    def addSubTest(self, test, subtest, err):
        # a failing subTest fails its test (which then reports neither success nor
        # failure of its own): count it here, or it would vanish from the summary
        super().addSubTest(test, subtest, err)
        if err is not None:
            word = "FAIL" if issubclass(err[0], test.failureException) else "ERROR"
            self.failed.append((subtest.id(), self._exc_info_to_string(err, test)))
            print("%-5s %s" % (word, subtest.id()), flush=True)

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self._bad("SKIP", test, "skipped (skips count as failures): %s" % reason)

    def addExpectedFailure(self, test, err):
        super().addExpectedFailure(test, err)
        self._bad("XFAIL", test, "expected failures are not allowed:\n" +
                  self._exc_info_to_string(err, test))

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        self._bad("XPASS", test, "unexpected success")


def flatten(suite):
    for t in suite:
        if isinstance(t, unittest.TestSuite):
            yield from flatten(t)
        else:
            yield t


def main(argv):
    t0 = time.time()
    loader = unittest.TestLoader()
    result = Result()
    try:
        suite = loader.discover(start_dir=HERE, pattern="test_*.py", top_level_dir=HERE)
        if argv:
            tests = [t for t in flatten(suite) if any(p in t.id() for p in argv)]
            suite = unittest.TestSuite(tests)
        import harness
        print("api: binary %s" % harness.BIN, flush=True)
        if not os.access(harness.BIN, os.X_OK):
            result.failed.append(("setup", "no executable baomi binary at %s" % harness.BIN))
        else:
            suite.run(result)
    except Exception:
        result.failed.append(("runner", traceback.format_exc()))
    if loader.errors:
        for e in loader.errors:
            result.failed.append(("import", e))

    if result.failed:
        print("\n" + "=" * 70)
        for tid, text in result.failed:
            print("FAILED: %s\n%s\n%s" % (tid, text.rstrip(), "-" * 70))
        try:
            import harness
            if harness._tmp_root is not None:
                print("api: data directories and server logs kept in %s" % harness._tmp_root)
        except Exception:
            pass
    else:
        # keep the scratch directory only when something failed
        try:
            import harness
            if harness._tmp_root is not None:
                shutil.rmtree(harness._tmp_root, ignore_errors=True)
        except Exception:
            pass
    print("api: total time %.1fs" % (time.time() - t0))
    print("api: %d passed, %d failed" % (result.passed, len(result.failed)), flush=True)
    return 0 if not result.failed else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
