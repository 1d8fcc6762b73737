"""Switch off each detector rule in turn and check that some test notices.

A rule nobody's test notices can break, or be deleted, without anyone knowing. For every
function listed under ``switch_off`` in tools/mutation_rules.json this runs the detection
tests in a subprocess with that function's code replaced by a stub (tools/mutation_plugin.py):
``"false"``/``"true"`` for a predicate, ``"none"`` for a finder of one thing (or a rule that
works in place), ``"[]"`` for a finder of many, ``"unchanged"`` for a filter (its list comes
back as given), ``"(none, none)"``/``"(arg0, arg1)"`` for functions that return a pair. A
switch is noticed when a test fails (pytest -x stops at the first; the test module named for
the rule's module runs first). An unmodified run goes alongside and must pass. The exit status
is 1 while any switch goes unnoticed, 2 when the list names a function that no longer exists,
the unmodified run fails or a run breaks down (the table says which).

    python tools/mutation_check.py [-j 2] [--only _author_musing ...] [--rules FILE]

``no_sensible_test`` names switches no sensible test can notice (they change nothing visible,
or only what the guideline calls wrong anyway), with why; they are still run and reported, do
not fail the check, and are flagged once a test notices them.
``not_switched`` lists the functions of annotator/detect/ that are plumbing, with why; a
function in no list is reported, so a new rule does not slip past unswitched.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / "tools"
RULES = TOOLS / "mutation_rules.json"
TESTS = ["tests/detect", "tests/test_gold.py", "tests/test_pipeline.py", "tests/test_annotate.py"]
# Third-party pytest plugins the detection tests do not use; loading them costs ~3 s a run.
UNUSED_PLUGINS = ["hypothesispytest", "faker", "anyio", "requests_mock", "typeguard"]
PYTEST_ARGS = ["-x", "-q", "-p", "no:cacheprovider", *(f"-pno:{p}" for p in UNUSED_PLUGINS), "-p", "mutation_plugin"]

sys.path[:0] = [str(ROOT), str(TOOLS)]
from mutation_plugin import OFF_ENV, REPORT_ENV, TARGET_ENV, lookup, resolve, stub_source  # noqa: E402


def load_rules(path: Path) -> tuple[dict[str, list[str]], dict[str, str], dict[str, str]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    switches = {k: v if isinstance(v, list) else [v] for k, v in data["switch_off"].items()}
    return switches, data.get("no_sensible_test", {}), data.get("not_switched", {})


def check_rules(switches: dict[str, list[str]], excused: dict[str, str], not_switched: dict[str, str]) -> list[str]:
    """Every listed function exists and every value makes a stub; returns the problems."""
    problems = [f"no_sensible_test: {t!r} is not under switch_off" for t in excused if t not in switches]
    for target, offs in switches.items():
        try:
            resolve(target)
            for off in offs:
                compile(stub_source(off), target, "exec")
        except LookupError as e:
            problems.append(str(e))
        except ValueError as e:
            problems.append(f"{target!r}: {e}")
    for target in not_switched:
        try:
            lookup(target)
        except LookupError as e:
            problems.append(f"not_switched: {e}")
    return problems


def unlisted_functions(listed: set[str]) -> list[str]:
    """Functions and methods (not dunders) of annotator/detect/ that no list mentions."""
    out = []
    for path in sorted((ROOT / "annotator" / "detect").glob("*.py")):
        module = f"annotator.detect.{path.stem}"
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = [n.name for n in tree.body if isinstance(n, ast.FunctionDef)]
        for cls in (n for n in tree.body if isinstance(n, ast.ClassDef)):
            names += [f"{cls.name}.{n.name}" for n in cls.body if isinstance(n, ast.FunctionDef) and not n.name.startswith("__")]
        out += [f"{module}:{name}" for name in names if f"{module}:{name}" not in listed]
    return out


def ordered_test_files(target: str | None) -> list[str]:
    """The test files in TESTS, the one named for the rule's module first (it is likeliest to fail,
    and -x stops there): annotator.detect.sources:X starts with tests/detect/test_sources.py."""
    files: list[str] = []
    for t in TESTS:
        p = ROOT / t
        files += sorted(str(f.relative_to(ROOT)) for f in p.glob("test_*.py")) if p.is_dir() else [t]
    if target is not None:
        own = f"tests/detect/test_{target.split(':')[0].rsplit('.', 1)[-1]}.py"
        if own in files:
            files.remove(own)
            files.insert(0, own)
    return files


def run_one(target: str | None, off: str | None, timeout: float) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(TOOLS)] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    env.pop(TARGET_ENV, None)
    if target is not None:
        env[TARGET_ENV], env[OFF_ENV] = target, off
    with tempfile.TemporaryDirectory(prefix="mutation-") as tmp:
        report_path = Path(tmp) / "report.json"
        env[REPORT_ENV] = str(report_path)
        t0 = time.perf_counter()
        try:
            proc = subprocess.run(
                [sys.executable, "-m", "pytest", *PYTEST_ARGS, *ordered_test_files(target)],
                cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout,
            )
            rc, out = proc.returncode, proc.stdout + proc.stderr
        except subprocess.TimeoutExpired:
            rc, out = None, f"timed out after {timeout:.0f} s"
        seconds = time.perf_counter() - t0
        report = json.loads(report_path.read_text(encoding="utf-8")) if report_path.exists() else {}
    first = report.get("first_failure") or ""
    if rc is None:
        noticed, error, first = True, None, out  # a switch that makes the tests hang is noticed too
    elif report.get("target") != target:
        noticed, error = False, f"the plugin did not run (pytest exit {rc})"
    elif rc == 0:
        noticed, error = False, None
    elif rc == 1 or (rc == 2 and first):  # failed tests, or a collection error the switch caused
        noticed, error = True, None
    else:
        noticed, error = False, f"pytest exit {rc}"
    return {
        "target": target, "off": off, "rc": rc, "seconds": seconds, "noticed": noticed, "error": error,
        "calls": report.get("calls"), "first_failure": first, "message": report.get("message") or "",
        "output": out,
    }


def describe_failure(r: dict) -> str:
    test = r["first_failure"] or "-"
    msg = r["message"]
    if "XPASS(strict)" in msg:
        return f"{test} (a known failure passed)"
    kind = msg.split(":")[0]
    if msg and not msg.startswith(("AssertionError", "assert ")) and kind.endswith(("Error", "Exception")):
        return f"{test} (raised {kind})"  # an exception, not a failed expectation: worth a look
    return test


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rules", type=Path, default=RULES)
    ap.add_argument("-j", "--jobs", type=int, default=2, help="test runs in parallel (default 2)")
    ap.add_argument("--only", nargs="+", metavar="NAME", help="switch only rules whose name contains one of these")
    ap.add_argument("--timeout", type=float, default=900, help="seconds per test run")
    ap.add_argument("-v", "--verbose", action="store_true", help="print pytest's output for unnoticed switches")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    switches, excused, not_switched = load_rules(args.rules)
    problems = check_rules(switches, excused, not_switched)
    if problems:
        print(f"{args.rules}: {len(problems)} listed rule(s) cannot be switched off:", file=sys.stderr)
        for p in problems:
            print(f"  {p}", file=sys.stderr)
        return 2
    for name in unlisted_functions(set(switches) | set(not_switched)):
        print(f"warning: {name} is in neither switch_off nor not_switched of {args.rules.name}", file=sys.stderr)

    jobs = [(t, off) for t, offs in switches.items() for off in offs]
    if args.only:
        jobs = [(t, off) for t, off in jobs if any(o in t for o in args.only)]
    print(f"switching off {len(jobs)} rule(s), {args.jobs} at a time, over {' '.join(TESTS)}", flush=True)

    results: list[dict] = []
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        baseline = pool.submit(run_one, None, None, args.timeout)
        futures = [pool.submit(run_one, t, off, args.timeout) for t, off in jobs]
        base = baseline.result()
        if base["rc"] != 0 or base["error"]:
            for f in futures:
                f.cancel()
            print(base["output"][-4000:], file=sys.stderr)
            print(f"the tests fail with no rule switched off ({describe_failure(base)}): fix that first", file=sys.stderr)
            return 2
        for f in futures:
            r = f.result()
            results.append(r)
            r["expected"] = r["target"] in excused
            mark = "ERR" if r["error"] else "yes" if r["noticed"] else "no" if r["expected"] else "NO"
            print(f"  {mark:3} {r['target']} -> {r['off']} ({r['seconds']:.1f} s)", flush=True)

    width = max(len(f"{r['target']} -> {r['off']}") for r in results) if results else 10
    print()
    print(f"{'rule (switched off -> returns)':{width}}  noticed  {'seconds':>7}  first failing test")
    for r in results:
        name = f"{r['target']} -> {r['off']}"
        if r["error"]:
            what = f"- (error: {r['error']})"
        elif r["noticed"]:
            what = describe_failure(r)
            if r["expected"]:
                what += " (listed under no_sensible_test: take it off that list)"
        elif r["expected"]:
            what = f"- (no sensible test: {excused[r['target']]})"
        else:
            what = "-" if r["calls"] else "- (the tests never call it)"
        noticed = "ERR" if r["error"] else "yes" if r["noticed"] else "no" if r["expected"] else "NO"
        print(f"{name:{width}}  {noticed:7}  {r['seconds']:7.1f}  {what}")
    errors = [r for r in results if r["error"]]
    unnoticed = [r for r in results if not r["noticed"] and not r["expected"] and not r["error"]]
    excused_runs = [r for r in results if not r["noticed"] and r["expected"] and not r["error"]]
    for r in errors + (unnoticed if args.verbose else []):
        print(f"\n--- {r['target']} -> {r['off']}\n{r['output'][-2000:]}")
    total = time.perf_counter() - t0
    print(
        f"\n{len(results) - len(unnoticed) - len(excused_runs) - len(errors)}/{len(results)} switches noticed, "
        f"{len(unnoticed)} unnoticed, {len(excused_runs)} with no sensible test"
        + (f", {len(errors)} could not be run" if errors else "")
        + f"; unmodified run {base['seconds']:.1f} s; total {total:.0f} s"
    )
    return 2 if errors else 1 if unnoticed else 0


if __name__ == "__main__":
    sys.exit(main())
