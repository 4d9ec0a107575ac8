"""Map generation beside ``GeoDataFrame.explore()`` on the same points, in the same run.

Points: the 14,058 UNOSAT damage sites of Aleppo (2015; benchmarks/data/, via Columbia CSR),
made into events (damage level -> strike type, neighbourhood -> location, sensor date -> date,
the site's description -> notes) and replicated to N = 1k, 10k, 100k. For each N and each
tool: generation time (build + write the HTML), HTML bytes, and the time until headless
Chromium has drawn the map (navigation start -> load event, map ready, two painted frames).
explore()'s page links Leaflet from CDNs; the browser is offline, so those requests are
answered from the same offline asset copies our pages inline (folium-offline), which is
the fastest explore() can load.
Run:  python benchmarks/bench_maps.py [--sizes 1000,10000,100000] [--no-browser]
"""

from __future__ import annotations

import argparse
import gc
import resource
import sys
import tempfile
import time
from pathlib import Path

import geopandas
import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
POINTS = HERE / "data" / "unosat_damage_sites_2015.geojson"
DAMAGE = {"1": "Destroyed", "2": "Severe damage", "3": "Moderate damage", "6": "Possible damage"}


def damage_events(n: int) -> geopandas.GeoDataFrame:
    """N events at real damage sites (replicated in order when N > 14,058)."""
    sites = geopandas.read_file(POINTS, engine="pyogrio")
    reps = int(np.ceil(n / len(sites)))
    sites = pd.concat([sites] * reps, ignore_index=True).iloc[:n]
    level = sites["Main_Dam_2"].astype(str).map(DAMAGE).fillna("Damage")
    destroyed = sites["Main_Dam_2"].astype(str) == "1"
    date = pd.to_datetime(sites["SensorDa_2"], format="%Y/%m/%d").dt.strftime("%Y-%m-%d")
    frame = pd.DataFrame(
        {
            "event_id": [f"unosat:{i}" for i in range(n)],
            "event_date": date,
            "date_start": date,
            "date_end": date,
            "time_precision": "day",
            "event_type": "Explosions/Remote violence",
            "sub_event_type": np.where(destroyed, "Air/drone strike", "Shelling/artillery/missile attack"),
            "actor1": None,
            "actor2": "Civilians",
            "country": "Syria",
            "admin1": "Aleppo",
            "location": sites["Neighborho"].fillna("Aleppo"),
            "latitude": sites.geometry.y.round(6),
            "longitude": sites.geometry.x.round(6),
            "geo_precision": 1,
            "source": "UNOSAT 2015 via Columbia CSR",
            "notes": level + ": " + sites["SiteID"].fillna("") + " (" + sites["SensorID_3"].fillna("") + ")",
            "fatalities": None,
        }
    )
    return geopandas.GeoDataFrame(frame, geometry=sites.geometry.values, crs="EPSG:4326")


def time_ours(events, gazetteer, path: Path) -> float:
    from geo_events.maps import MapData, build_map, save_map

    gc.collect()
    t = time.perf_counter()
    m = build_map(MapData(events=events), gazetteer, offline=True)
    save_map(m, path)
    return time.perf_counter() - t


def time_explore(events, path: Path) -> float:
    gc.collect()
    t = time.perf_counter()
    m = events.explore()
    m.save(path)
    return time.perf_counter() - t


def time_to_drawn(b, path: Path, ours: bool) -> float:
    """Seconds from navigation start until the map is drawn (see module docstring)."""
    from geo_events.maps.assets import _cdn_table
    from geo_events.maps.browser import offline_page

    page, external = offline_page(b, width=1400, height=900)
    if not ours:
        table = _cdn_table()
        page.unroute("**/*")

        def serve(route) -> None:
            url = route.request.url
            if url.startswith("file:"):
                return route.continue_()
            body = table.get(url)
            if body is None:
                external.append(url)
                return route.abort()
            kind = "text/css" if url.endswith(".css") else "application/javascript"
            route.fulfill(status=200, body=body, content_type=kind)

        page.route("**/*", serve)
    page.goto(path.as_uri(), wait_until="load", timeout=600_000)
    if ours:
        page.wait_for_function("window.geoEvents && window.geoEvents.ready === true", timeout=600_000)
    seconds = page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(performance.now() / 1000))))")
    page.context.close()
    return float(seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium timings")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    from gazetteer import Gazetteer
    from geo_events.maps.browser import browser

    gazetteer = Gazetteer()
    out = Path(tempfile.mkdtemp(prefix="bench-maps-"))
    # Warm caches both sides use (asset table, base map, imports) so the first size is not penalised.
    warm = damage_events(50)
    cold = time_ours(warm, gazetteer, out / "warm.html")
    time_explore(warm, out / "warm-explore.html")
    print(f"first map of a process (50 events; includes building the base map from the gazetteer, then cached): {cold:.2f} s")

    rows = []
    for n in sizes:
        events = damage_events(n)
        ours_path, theirs_path = out / f"ours-{n}.html", out / f"explore-{n}.html"
        t_ours = time_ours(events, gazetteer, ours_path)
        t_theirs = time_explore(events, theirs_path)
        row = {
            "n": n,
            "gen_ours": t_ours,
            "gen_explore": t_theirs,
            "bytes_ours": ours_path.stat().st_size,
            "bytes_explore": theirs_path.stat().st_size,
        }
        if not args.no_browser:
            with browser() as b:
                row["drawn_ours"] = time_to_drawn(b, ours_path, True)
                row["drawn_explore"] = time_to_drawn(b, theirs_path, False)
        rows.append(row)
        print(
            f"N={n:>7,}: generate {t_ours:6.2f} s vs explore {t_theirs:6.2f} s ({t_ours / t_theirs:.2f}x); "
            f"HTML {row['bytes_ours'] / 1e6:7.2f} MB vs {row['bytes_explore'] / 1e6:7.2f} MB ({row['bytes_ours'] / row['bytes_explore']:.2f}x)"
            + (
                f"; drawn in Chromium {row['drawn_ours']:5.2f} s vs {row['drawn_explore']:5.2f} s ({row['drawn_ours'] / row['drawn_explore']:.2f}x)"
                if "drawn_ours" in row
                else ""
            ),
            flush=True,
        )
    print(f"peak memory of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    last = rows[-1]
    if last["n"] >= 100_000:
        print(
            f"targets at N={last['n']:,}: time ratio {last['gen_ours'] / last['gen_explore']:.2f} (<= 0.33), "
            f"bytes ratio {last['bytes_ours'] / last['bytes_explore']:.2f} (<= 0.33)"
            + (f", interactive {last['drawn_ours']:.2f} s (< 3 s)" if "drawn_ours" in last else "")
        )
    for f in out.iterdir():
        f.unlink()
    out.rmdir()


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent))
    main()
