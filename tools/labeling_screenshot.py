"""Screenshots of a task's labeling page in a real Label Studio, as a reviewer sees it.

The labeling view is judged by looking at it (issue 10: a long article was unreadable),
so this opens the page in headless Chromium, logged in, and saves what the screen shows:
the page as it opens, and again with one region selected (where per-region choices and
relations show). The server and login come from the settings file ``annotator labelstudio
start`` wrote (``ANNOTATOR_CONFIG``); the password is read from it, never passed on the
command line.

    python tools/labeling_screenshot.py --project demo -o docs/screenshots/view.png [--select CUE]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from pathlib import Path

CHROMIUM = os.environ.get("ANNOTATOR_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
VIEWPORT = {"width": 1280, "height": 800}
SETTLE_MS = 2500  # the editor draws regions and relation arrows a moment after the text


def settings() -> dict:
    from annotator.labelstudio.client import config_path

    return json.loads(Path(config_path()).read_text(encoding="utf-8"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--project", required=True, help="project title")
    ap.add_argument("-o", "--output", required=True, type=Path, help="PNG to write (a second one, -selected, with --select)")
    ap.add_argument("--select", metavar="LABEL", help="also screenshot with the first region of this label selected")
    ap.add_argument("--scale", type=float, default=0.75, help="shrink the PNG by this factor (small files)")
    args = ap.parse_args(argv)

    from playwright.sync_api import sync_playwright

    from annotator.labelstudio import client as LS

    saved = settings()
    client = LS.make_client(LS.connection_settings())
    project = LS.find_project(client, args.project)
    if project is None:
        print(f"no project {args.project!r}", file=sys.stderr)
        return 2
    task_id = min(t["id"] for t in LS.export_tasks(client, project.id, all_tasks=True, with_predictions=False))
    executable = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=ARGS)
        page = browser.new_page(viewport=VIEWPORT)
        page.goto(f"{saved['url']}/user/login")
        page.fill("input[name=email]", saved["username"])
        page.fill("input[name=password]", saved["password"])
        page.click("button[type=submit]")
        page.wait_for_load_state("networkidle")
        page.goto(f"{saved['url']}/projects/{project.id}/data?task={task_id}")
        page.wait_for_selector(".htx-highlight", timeout=60_000)
        page.wait_for_timeout(SETTLE_MS)
        shots = [args.output]
        page.screenshot(path=str(args.output))
        if args.select:
            # a region of that label: click it in the text, where a reviewer would
            page.evaluate(
                """label => {
                    const spans = [...document.querySelectorAll('.htx-highlight')];
                    const hit = spans.find(s => (s.getAttribute('data-label') || '').includes(label)) || spans[0];
                    hit.scrollIntoView({block: 'center'});
                }""",
                args.select,
            )
            page.wait_for_timeout(500)
            region = page.locator(f".htx-highlight[data-label*='{args.select}']").first
            if region.count() == 0:
                region = page.locator(".htx-highlight").first
            region.click()
            page.wait_for_timeout(SETTLE_MS)
            selected = args.output.with_name(args.output.stem + "-selected.png")
            page.screenshot(path=str(selected))
            shots.append(selected)
        browser.close()
    for shot in shots:
        shrink(shot, args.scale)
        print(shot)
    return 0


def shrink(path: Path, scale: float) -> None:
    """Screenshots go into the repository: keep them small (a palette PNG at 3/4 size)."""
    if scale >= 1:
        return
    from PIL import Image

    with Image.open(path) as im:
        small = im.convert("RGB").resize((int(im.width * scale), int(im.height * scale)), Image.LANCZOS)
    small.quantize(colors=128).save(path, optimize=True)


if __name__ == "__main__":
    sys.exit(main())
