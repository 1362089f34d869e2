"""Site-profile memory against corpus size: peak RSS and pickled size of ``build_profile``.

    python bench/site_profile_memory.py [--pages 10000 100000] [--sites 50] [--budget N]

Pages are generated (invented): each site has 12 furniture lines (menus, promos, a
footer) on every page, and each page about 45 lines of its own (~8 KB, like a news
dump). Pages stream from a generator, so what grows is the profile alone. Each size runs
in a fresh process, with the default budget and with no budget (``--budget 0``: every
line kept, as before the budget), and prints one JSON line per run.
"""

from __future__ import annotations

import argparse
import json
import pickle
import resource
import subprocess
import sys
import time
from collections.abc import Iterator

from saidwhat.clean.recurrence import PROFILE_BUDGET, build_profile
from saidwhat.config import load_settings
from saidwhat.models import RawPage

WORDS = ("council harbour ferry minister budget said would plan meeting residents week "
         "officials report water school road police court market energy talks").split()


def _line(seed: int, n: int) -> str:
    out, x = [], seed * 2654435761 % 2**32
    for _ in range(n):
        x = (1103515245 * x + 12345) % 2**31
        out.append(WORDS[x % len(WORDS)] + ("" if x % 7 else "s"))
    # Letters, not digits: normalise_line collapses digit runs.
    tag = "".join(chr(97 + int(d)) for d in str(seed))
    return f"{' '.join(out).capitalize()} {tag}."


def pages(count: int, sites: int) -> Iterator[RawPage]:
    for i in range(count):
        site = i % sites
        top = [f"Home | News | Sport | Site {chr(97 + site % 26)}{site} menu", f"Subscribe to outlet {site} today"]
        top += [f"Trending on outlet {site}: item {k}" for k in range(5)]
        bottom = [f"Most read on outlet {site}", "Newsletter sign-up", f"Contact outlet {site}",
                  "Privacy and cookies", f"© 2026 Outlet {site}. All rights reserved."]
        body = [_line(i * 100 + k, 28) for k in range(45)]
        text = "\n".join(top + [""] + body + [""] + bottom) + "\n"
        yield RawPage(f"p{i}", f"/corpus/p{i}.txt", text, "text", (("url", f"https://outlet{site}.example/{i}"),))


def measure(count: int, sites: int, budget: int) -> dict[str, object]:
    settings = load_settings(env={}, workers=1)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.process_time()
    profile = build_profile(pages(count, sites), settings, budget=budget or 10**15)
    cpu = time.process_time() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "pages": count, "sites": sites, "budget": budget or None,
        "peak_rss_growth_mb": round((peak - before) / 1024, 1), "peak_rss_mb": round(peak / 1024, 1),
        "profile_pickled_mb": round(len(pickle.dumps(profile)) / 1e6, 2),
        "recurring_lines": sum(len(v) for v in profile.lines.values()), "cpu_s": round(cpu, 1),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--sites", type=int, default=50)
    ap.add_argument("--budget", type=int, nargs="+", default=[PROFILE_BUDGET, 0])
    ap.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(measure(args.pages[0], args.sites, args.budget[0])), flush=True)
        return
    for count in args.pages:
        for budget in args.budget:
            subprocess.run([sys.executable, __file__, "--one", "--pages", str(count), "--sites", str(args.sites),
                            "--budget", str(budget)], check=True)


if __name__ == "__main__":
    main()
