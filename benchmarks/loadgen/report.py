"""Printing a load run's figures: one block per run, and the runs side by side."""

from __future__ import annotations

import math


def show(figures: dict) -> None:
    f = figures
    name = f["target"] + (" + heavy user" if f["heavy_user"] else "")
    print(
        f"\n== {name}: {f['sessions']} sessions, a rerun every {f['interval_s']:g} s "
        f"for {f['duration_s']:g} s"
    )
    print(
        f"   rerun latency  p50 {f['p50_s']:.3f} s   p95 {f['p95_s']:.3f} s   "
        f"max {f['max_s']:.3f} s   ({f['reruns']} reruns, {f['reruns_per_s']:.1f}/s, "
        f"{f['late']} late)"
    )
    print(
        f"   errors {f['errors']}   reconnects {f['reconnects']}   "
        f"page open p50 {f['open_p50_s']:.3f} s  p95 {f['open_p95_s']:.3f} s   "
        f"{f['kb_per_rerun']:.1f} kB received per run"
    )
    print(f"   p95 of each 10 s of the run: {' '.join(f'{x:.2f}' for x in f['p95_by_10s'])} s")
    for example in f["error_examples"]:
        print(f"     ! {example}")
    if "mb_per_idle_session" in f:
        print(
            f"   memory  {f['rss_before_mb']:.0f} MB warm, {f['rss_idle_mb']:.0f} MB with the "
            f"sessions idle: {f['mb_per_idle_session']:.2f} MB per idle session; "
            f"{f.get('rss_after_load_mb', math.nan):.0f} MB after the load"
        )
    if "server_cores_busy" in f:
        print(
            f"   server CPU  {f['server_cores_busy']:.2f} cores busy, "
            f"{f['server_cpu_ms_per_rerun']:.1f} ms CPU per rerun "
            f"({f.get('event_loop_cpu_ms_per_rerun', math.nan):.1f} of them in the event loop)   "
            f"(load generator {f['client_cpu_s']:.1f} s CPU)"
        )
    if f["replica_split"]:
        print(f"   sessions per replica {f['replica_split']}")
    if f["heavy_user"]:
        print(
            f"   heavy user: {f['heavy_reruns']} heavy runs, p50 {f['heavy_p50_s']:.2f} s, "
            f"max {f['heavy_max_s']:.2f} s  {f['heavy_errors'] or ''}"
        )
    before, after = f["load_before"], f["load_after"]
    print(
        f"   load average before {before[0]:.2f} {before[1]:.2f} {before[2]:.2f}, "
        f"after {after[0]:.2f} {after[1]:.2f} {after[2]:.2f}"
    )


def summary(runs: list[dict]) -> None:
    print("\n== side by side (median over repeats)")
    print(
        f"   {'target':<28} {'runs':>4} {'p50 s':>7} {'p95 s':>7} {'errors':>6} "
        f"{'MB/idle':>7} {'CPU ms/rerun':>12} {'reruns/s':>8}"
    )
    groups: dict[str, list[dict]] = {}
    for f in runs:
        groups.setdefault(f["target"] + (" + heavy user" if f["heavy_user"] else ""), []).append(f)

    def med(group: list[dict], key: str) -> float:
        values = sorted(f.get(key, math.nan) for f in group)
        return (
            values[len(values) // 2]
            if len(values) % 2
            else sum(values[len(values) // 2 - 1 : len(values) // 2 + 1]) / 2
        )

    for name, group in groups.items():
        p50, p95 = med(group, "p50_s"), med(group, "p95_s")
        print(
            f"   {name:<28} {len(group):>4} {p50:>7.3f} {p95:>7.3f} "
            f"{sum(f['errors'] for f in group):>6} {med(group, 'mb_per_idle_session'):>7.2f} "
            f"{med(group, 'server_cpu_ms_per_rerun'):>12.1f} {med(group, 'reruns_per_s'):>8.1f}"
        )
    print(
        "   p95 per run: "
        + "; ".join(
            f"{name} " + ", ".join(f"{f['p95_s']:.2f}" for f in g) for name, g in groups.items()
        )
    )
