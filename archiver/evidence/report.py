"""The capture report: one self-contained HTML file for a person, not a programmer."""

from __future__ import annotations

import base64
import html
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from archiver import SOFTWARE_NAME, __version__
from archiver.evidence.reportdata import PageFacts, ReportFacts

STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:60rem;
margin:2rem auto;padding:0 1rem;color:#1b1b1b;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{margin-top:2rem;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #ccc;
padding:.3rem .5rem;text-align:left;vertical-align:top;font-size:.92rem}
th{background:#f3f3f3;width:14rem}td.hash,code{font-family:ui-monospace,monospace;
font-size:.82rem;word-break:break-all}.ok{color:#0a6b2d}.bad{color:#a40000}
.shot img{max-width:100%;border:1px solid #999}.entry{border-left:3px solid #bbb;
padding:.2rem .8rem;margin:.8rem 0}.entry .when{color:#555;font-size:.9rem}
pre{background:#f6f6f6;padding:.6rem;overflow-x:auto;font-size:.85rem}
@media print{body{margin:0;max-width:none}.shot img{max-width:70%}h2{break-after:avoid}
.entry{break-inside:avoid}}
"""


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value))


def _parse(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def when(value: str | None, zone: tzinfo | None) -> str:
    """``2026-11-26 16:21:05 UTC (17:21:05 CET)``."""
    moment = _parse(value)
    if moment is None:
        return _e(value or "unknown")
    utc = moment.astimezone(ZoneInfo("UTC"))
    local = moment.astimezone(zone) if zone else moment.astimezone()
    return (f"{utc:%Y-%m-%d %H:%M:%S} UTC ({local:%Y-%m-%d %H:%M:%S} "
            f"{_e(local.tzname() or local.strftime('%z'))} local)")


def _rows(pairs: list[tuple[str, str]]) -> str:
    return "<table>" + "".join(f"<tr><th>{_e(k)}</th><td>{v}</td></tr>" for k, v in pairs) + \
        "</table>"


def _page_section(number: int, page: PageFacts, zone: tzinfo | None) -> str:
    rendered = sum(1 for e in page.embeds if e.get("status") == "rendered")
    failed = [e for e in page.embeds if e.get("status") != "rendered"]
    parts = [f"<h3>Page {number}: {_e(page.title or page.url)}</h3>", _rows([
        ("Address (URL)", f"<code>{_e(page.url)}</code>"),
        ("HTTP status", _e(page.status)),
        ("Page loaded (main response)", when(page.captured_at, zone)),
        ("Browser work started / ended", f"{when(page.started_at, zone)}<br>"
                                         f"{when(page.finished_at, zone)}"),
        ("Server IP address", _e(page.server_ip or "not recorded")),
        ("Entries found", _e(page.entries)),
        ("Embedded posts", f"{rendered} rendered, {len(failed)} failed"),
        ("Main response record", f"<code>{_e(page.main_record)}</code>"),
    ])]
    if failed:
        parts.append("<p>Embeds that did not render:</p><ul>" + "".join(
            f"<li><code>{_e(e.get('url'))}</code>: {_e(e.get('status'))}</li>"
            for e in failed) + "</ul>")
    steps = [f"{_e(b.get('name'))}: {_e(b.get('status'))}" for b in page.behaviours]
    if steps:
        parts.append(f"<p>What the browser did on the page: {'; '.join(steps)}.</p>")
    if page.issues:
        parts.append("<p>Noted during capture:</p><ul>" +
                     "".join(f"<li>{_e(i)}</li>" for i in page.issues) + "</ul>")
    if page.screenshot:
        data = base64.b64encode(page.screenshot).decode("ascii")
        parts.append(f'<figure class="shot"><img id="screenshot-{number}" '
                     f'alt="Screenshot of {_e(page.url)} as captured" '
                     f'src="data:image/png;base64,{data}"><figcaption>What the page looked '
                     f"like (full-page screenshot, WARC record "
                     f"<code>{_e(page.screenshot_record)}</code>)</figcaption></figure>")
    else:
        parts.append("<p>No screenshot was taken of this page.</p>")
    return "\n".join(parts)


def _entries(entries: list[dict[str, Any]], zone: tzinfo | None) -> str:
    if not entries:
        return "<p>No entries were extracted.</p>"
    out = [f"<p>{len(entries)} entries, in page order.</p>"]
    for entry in entries:
        body = str(entry.get("body_text") or "")
        embeds = entry.get("embeds") or []
        embed_text = "".join(f"<li>{_e(e.get('type'))} {_e(e.get('status'))}: "
                             f"<code>{_e(e.get('url'))}</code></li>" for e in embeds)
        published = entry.get("published_at")
        shown = when(published, zone) if published else _e(entry.get("time_text") or "no time")
        out.append(f'<div class="entry"><div class="when">{shown}</div>'
                   f"<strong>{_e(entry.get('title') or '')}</strong>"
                   f"<p>{_e(body[:1200])}{'…' if len(body) > 1200 else ''}</p>"
                   + (f"<ul>{embed_text}</ul>" if embed_text else "") + "</div>")
    return "\n".join(out)


def _files(facts: ReportFacts) -> str:
    rows = "".join(
        f"<tr><td><code>{_e(f.name)}</code></td><td>{f.size:,}</td>"
        f'<td class="hash">{_e(f.sha256)}</td><td>'
        f"{'yes' if f.in_manifest else 'no'}</td></tr>" for f in facts.files)
    return ('<table id="files"><tr><th>File</th><th>Bytes</th><th>SHA-256</th>'
            "<th>In SHA256SUMS</th></tr>" + rows + "</table>")


# Extracts the timestamp token with nothing but Python's standard library.
TOKEN_COMMAND = ("python3 -c \"import json,base64; d=json.load(open('datapackage-digest.json')); "
                 "open('token.tsr','wb').write(base64.b64decode(d['timestamp']['token']))\"")

HOW_TO_CHECK = """
<p>Anyone can check these files without our software. In the capture folder:</p>
<pre>sha256sum -c SHA256SUMS</pre>
<p>prints <code>OK</code> for every file that is unchanged (on macOS:
<code>shasum -a 256 -c SHA256SUMS</code>; on Windows PowerShell:
<code>Get-FileHash -Algorithm SHA256 FILE</code> and compare with the table above).
A package (<code>.wacz</code>) is a ZIP file; its <code>datapackage.json</code> lists the
SHA-256 of every file inside, <code>datapackage-digest.json</code> the SHA-256 of
<code>datapackage.json</code> itself, its signature and trusted timestamp. With py-wacz:
<code>wacz validate -f PACKAGE.wacz</code>. The timestamp token can be checked with OpenSSL:</p>
<pre>unzip -o PACKAGE.wacz datapackage.json datapackage-digest.json
""" + TOKEN_COMMAND + """
openssl ts -verify -data datapackage.json -in token.tsr -CAfile TSA-CA.pem</pre>
<p>With this software: <code>archiver verify FOLDER_OR_PACKAGE</code> recomputes every
digest of every record and prints one line per check.</p>
"""


def render(facts: ReportFacts, zone_name: str | None = None) -> str:
    zone: tzinfo | None = ZoneInfo(zone_name) if zone_name else None
    summary, info = facts.summary, facts.warcinfo
    first = facts.pages[0] if facts.pages else None
    title = f"Capture report: {first.title or first.url}" if first else "Capture report"
    counts = summary.get("counts") or {}
    who = _rows([
        ("Operator", _e(info.get("operator") or "not recorded")),
        ("Computer (host name)", _e(info.get("hostname"))),
        ("Its network address (egress IP)", _e(info.get("ip"))),
        ("Clock synchronised", _e(info.get("archiver-clock-sync") or "not recorded")),
        ("Software", _e(info.get("software"))),
        ("Browser", _e(summary.get("browser") or info.get("archiver-browser") or "none (raw)")),
        ("Browser identity (User-Agent)", f"<code>{_e(summary.get('user_agent'))}</code>"),
        ("Capture mode", _e(summary.get("mode"))),
        ("robots.txt", _e(info.get("robots"))),
    ])
    what = _rows([
        ("Started", when(summary.get("started_at"), zone)),
        ("Finished", when(summary.get("finished_at"), zone)),
        ("Duration", f"{summary.get('duration_seconds')} s"),
        ("Outcome", _e(summary.get("finish_reason")) + (
            f' <span class="bad">{_e(summary.get("fatal_error"))}</span>'
            if summary.get("fatal_error") else "")),
        ("Pages", f"{counts.get('pages', len(facts.pages))} "
                  f"({counts.get('pages_failed', 0)} failed)"),
        ("Recorded HTTP responses", _e(counts.get("responses"))),
        ("Entries", _e(counts.get("entries", len(facts.entries)))),
        ("Embedded posts", f"{counts.get('embeds_rendered', 0)} rendered, "
                           f"{counts.get('embeds_failed', 0)} failed"),
    ])
    custody_rows = "".join(
        f"<tr><td>{_e(c.get('seq'))}</td><td>{_e(c.get('action'))}</td>"
        f"<td>{when(c.get('time'), zone)}</td><td>{_e(c.get('actor'))}</td>"
        f"<td>{_e(c.get('tool'))}</td></tr>" for c in facts.custody)
    pages = "\n".join(_page_section(n, p, zone) for n, p in enumerate(facts.pages, 1))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(title)}</title><style>{STYLE}</style></head>
<body>
<h1>{_e(title)}</h1>
<p>This report describes a web capture: what was recorded, when, by whom and with what,
and how to check that the recorded files have not changed since. Generated
{when(datetime.now().astimezone().isoformat(), zone)} by {SOFTWARE_NAME} {__version__}.</p>
<h2>When and what</h2>{what}
<h2>Who and with what</h2>{who}
<h2>Pages captured</h2>{pages or "<p>No page information was recorded.</p>"}
<h2>What the pages contained</h2>{_entries(facts.entries, zone)}
<h2>Files and their SHA-256 fingerprints</h2>{_files(facts)}
<h2>How to check the files</h2>{HOW_TO_CHECK}
<h2>Custody log</h2>
<table id="custody"><tr><th>#</th><th>Step</th><th>When</th><th>Who</th><th>Tool</th></tr>
{custody_rows}</table>
<p>Folder: <code>{_e(facts.run_dir)}</code></p>
</body></html>
"""


def write_report(facts: ReportFacts, output: Path, zone_name: str | None = None) -> Path:
    text = render(facts, zone_name)
    tmp = output.with_name(output.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(output)
    return output
