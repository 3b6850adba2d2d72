"""Write the results of an eval run: results.json, report.md and two PNG plots; compare two runs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

COLUMNS = [
    ("n", "n", "{:d}"),
    ("pass_rate", "pass", "{:.0%}"),
    ("hit@5", "hit@5", "{:.0%}"),
    ("mrr", "MRR", "{:.2f}"),
    ("verbatim", "verbatim", "{:.0%}"),
    ("citation_recall", "cite R", "{:.0%}"),
    ("citation_precision", "cite P", "{:.0%}"),
    ("nugget_score", "nuggets", "{:.2f}"),
    ("vital_score", "vital", "{:.2f}"),
    ("contradiction_rate", "contra", "{:.0%}"),
    ("abstained", "abstained", "{:.0%}"),
    ("latency_p50_ms", "p50 ms", "{:.0f}"),
    ("latency_p95_ms", "p95 ms", "{:.0f}"),
]
HEADLINE = [
    ("quotes_verbatim_all", "all quotes verbatim"),
    ("out_of_scope_abstained", "out-of-scope abstained"),
    ("injection_resisted", "injections resisted"),
    ("in_scope_answered", "in-scope answered"),
    ("abstention_precision", "abstention precision"),
    ("abstention_recall", "abstention recall"),
    ("pass_rate", "items passed"),
    ("hit@5", "hit@5 (gold source)"),
    ("mrr", "MRR"),
    ("vital_score", "vital nugget score"),
    ("nugget_score", "nugget score"),
    ("citation_recall", "citation recall"),
    ("citation_precision", "citation precision"),
    ("contradiction_rate", "contradiction rate"),
    ("latency_p50_ms", "latency p50 (ms)"),
    ("latency_p95_ms", "latency p95 (ms)"),
]


def _fmt(value: Any, spec: str = "{}") -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "NO"
    try:
        return spec.format(value)
    except (ValueError, TypeError):
        return str(value)


def markdown_table(rows: dict[str, dict[str, Any]]) -> str:
    head = "| kind | " + " | ".join(label for _, label, _ in COLUMNS) + " |"
    sep = "|---|" + "---:|" * len(COLUMNS)
    body = [f"| {kind} | " + " | ".join(_fmt(m.get(key), spec) for key, _, spec in COLUMNS) + " |" for kind, m in rows.items()]
    return "\n".join([head, sep, *body])


def render_markdown(results: dict[str, Any], thresholds: dict[str, float] | None = None) -> str:
    meta, summary, items = results["meta"], results["summary"], results["items"]
    overall = summary["overall"]
    lines = [
        "# Advisor eval report",
        "",
        f"{meta['items']} items · backend `{meta['backend']}` · scope threshold {meta['scope_threshold']:.4f} · {meta['created']} · {meta['machine']}",
        "",
        "## Headline",
        "",
        "| metric | value | gate |",
        "|---|---:|---:|",
    ]
    for key, label in HEADLINE:
        gate = thresholds.get(key) if thresholds else None
        spec = "{:.0f}" if key.startswith("latency") else "{:.1%}" if key not in ("mrr",) else "{:.3f}"
        lines.append(f"| {label} | {_fmt(overall.get(key), spec)} | {_fmt(gate, spec) if gate is not None else ''} |")
    lines += ["", "## By kind", "", markdown_table({**summary["by_kind"], "**all**": overall}), ""]
    if "llm_judge" in summary:
        j = summary["llm_judge"]
        lines += [
            "## LLM judge (reported separately, never gating)",
            "",
            f"{j['items']} answers judged · nugget score {_fmt(j['nugget_score'], '{:.2f}')} · vital {_fmt(j['vital_score'], '{:.2f}')}",
            "",
        ]
    failing = [it for it in items if not it["passed"]]
    lines += [f"## Failing items ({len(failing)})", ""]
    if not failing:
        lines.append("None.")
    for it in failing:
        lines += [f"### {it['id']} ({it['kind']})", "", f"**Q:** {it['question']}", "", f"**Why:** {'; '.join(it['why']) or 'below the pass rule'}", ""]
        lines += ["**Answer:**", "", "> " + (it["answer"] or "").replace("\n", "\n> "), ""]
        if it["nuggets"]:
            lines.append("| nugget | importance | verdict | word recall | cos |")
            lines.append("|---|---|---|---:|---:|")
            lines += [f"| {n['text']} | {n['importance']} | {n['verdict']} | {n['recall']:.2f} | {n['cos']:.2f} |" for n in it["nuggets"]]
            lines.append("")
    weakest = sorted((it for it in items if it.get("vital_score") is not None), key=lambda it: (it["vital_score"], it.get("nugget_score") or 0))[:8]
    lines += ["## Weakest in-scope items (by vital nugget score)", "", "| id | kind | vital | nuggets | gold rank | passed |", "|---|---|---:|---:|---:|---|"]
    lines += [
        f"| {it['id']} | {it['kind']} | {it['vital_score']:.2f} | {it['nugget_score']:.2f} | {_fmt(it['gold_rank'])} | {_fmt(it['passed'])} |" for it in weakest
    ]
    return "\n".join(lines) + "\n"


def write_plots(results: dict[str, Any], out_dir: Path) -> list[Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    by_kind = results["summary"]["by_kind"]
    kinds = list(by_kind)
    paths = []
    fig, ax = plt.subplots(figsize=(10, 5))
    series = [("pass_rate", "pass rate"), ("vital_score", "vital nugget score"), ("hit@5", "hit@5")]
    width = 0.27
    for i, (key, label) in enumerate(series):
        vals = [by_kind[k].get(key) or 0.0 for k in kinds]
        ax.bar([x + (i - 1) * width for x in range(len(kinds))], vals, width, label=label)
    ax.set_xticks(range(len(kinds)), kinds, rotation=20)
    ax.set_ylim(0, 1.05)
    ax.set_title(f"Score by kind ({results['meta']['backend']}, {results['meta']['items']} items)")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=3, frameon=False)
    fig.tight_layout()
    p = out_dir / "score_by_kind.png"
    fig.savefig(p, dpi=110)
    plt.close(fig)
    paths.append(p)

    fig, ax = plt.subplots(figsize=(8, 4))
    lat = [it["latency_ms"] for it in results["items"]]
    ax.hist(lat, bins=30, color="#1f4e79")
    ax.set_xlabel("answer latency (ms)")
    ax.set_ylabel("questions")
    o = results["summary"]["overall"]
    ax.set_title(f"Latency: p50 {o['latency_p50_ms']} ms, p95 {o['latency_p95_ms']} ms")
    fig.tight_layout()
    p = out_dir / "latency.png"
    fig.savefig(p, dpi=110)
    plt.close(fig)
    paths.append(p)
    return paths


def write_results(results: dict[str, Any], out_dir: Path, thresholds: dict[str, float] | None = None, plots: bool = True) -> dict[str, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {"json": out_dir / "results.json", "markdown": out_dir / "report.md"}
    paths["json"].write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    paths["markdown"].write_text(render_markdown(results, thresholds), encoding="utf-8")
    if plots:
        for p in write_plots(results, out_dir):
            paths[p.stem] = p
    return paths


def compare(old: dict[str, Any], new: dict[str, Any]) -> str:
    """What got better or worse between two results files (overall, per kind, per item)."""
    lines = [
        "# Eval comparison",
        "",
        f"old: {old['meta']['created']} ({old['meta']['backend']}) → new: {new['meta']['created']} ({new['meta']['backend']})",
        "",
    ]
    lines += ["| metric | old | new | Δ |", "|---|---:|---:|---:|"]
    for key, label in HEADLINE:
        a, b = old["summary"]["overall"].get(key), new["summary"]["overall"].get(key)
        delta = f"{b - a:+.3f}" if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool) else ""
        lines.append(f"| {label} | {_fmt(a, '{:.3f}')} | {_fmt(b, '{:.3f}')} | {delta} |")
    lines += ["", "| kind | pass old | pass new | vital old | vital new |", "|---|---:|---:|---:|---:|"]
    for kind in new["summary"]["by_kind"]:
        o, n = old["summary"]["by_kind"].get(kind, {}), new["summary"]["by_kind"][kind]
        lines.append(
            f"| {kind} | {_fmt(o.get('pass_rate'), '{:.0%}')} | {_fmt(n.get('pass_rate'), '{:.0%}')} | {_fmt(o.get('vital_score'), '{:.2f}')} | {_fmt(n.get('vital_score'), '{:.2f}')} |"
        )
    before = {it["id"]: it for it in old["items"]}
    fixed = [it["id"] for it in new["items"] if it["id"] in before and it["passed"] and not before[it["id"]]["passed"]]
    broke = [it["id"] for it in new["items"] if it["id"] in before and not it["passed"] and before[it["id"]]["passed"]]
    lines += ["", f"Now passing ({len(fixed)}): {', '.join(fixed) or '–'}", "", f"Now failing ({len(broke)}): {', '.join(broke) or '–'}", ""]
    return "\n".join(lines)
