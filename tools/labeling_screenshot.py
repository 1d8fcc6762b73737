"""Screenshots of a task's labeling page in a real Label Studio, as a reviewer sees it.

The labeling view is judged by looking at it (issue 10: a long article was unreadable),
so this opens the page in headless Chromium, logged in, and saves what the screen shows:
the page as it opens, again with one region selected (where its per-region choices
show), and with one relation pointed at in the Relations panel. The server and login come from the settings file ``annotator labelstudio
start`` wrote (``ANNOTATOR_CONFIG``); the password is read from it, never passed on the
command line.

    python tools/labeling_screenshot.py --project demo -o docs/screenshots/view.png \
        [--doc ID] [--select SOURCE --scroll 0.5] [--hover-relation 3]
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
    ap.add_argument("--doc", help="the document id of the task to open (default: the project's first task)")
    ap.add_argument("--scroll", type=float, default=0.0, help="scroll the text this far down first (0-1) for the -selected shot")
    ap.add_argument("--select", metavar="LABEL", help="also screenshot with the first region of this label selected")
    ap.add_argument("--hover-relation", type=int, metavar="N", help="also screenshot with relation N of the Relations panel pointed at")
    ap.add_argument("--data-manager", action="store_true", help="also screenshot the task list with its Prediction score column")
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
    tasks = LS.export_tasks(client, project.id, all_tasks=True, with_predictions=False)
    chosen = [t for t in tasks if args.doc is None or (t.get("data") or {}).get("doc_id") == args.doc]
    if not chosen:
        print(f"no task for document {args.doc!r} in {args.project!r}", file=sys.stderr)
        return 2
    task_id = min(t["id"] for t in chosen)
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
            # the first region of that label past the scroll point: clicked where a reviewer would
            index = page.evaluate(
                """([label, fraction]) => {
                    const main = document.querySelector('.lsf-main-content');
                    if (main) main.scrollTop = fraction * (main.scrollHeight - main.clientHeight);
                    const spans = [...document.querySelectorAll('.htx-highlight')];
                    const top = main ? main.getBoundingClientRect().top + main.clientHeight / 3 : 0;
                    // with words of its own to click: a CLAIM may be covered end to end by shorter regions
                    const own = s => [...s.childNodes].filter(n => n.nodeType === Node.TEXT_NODE)
                                                      .map(n => n.textContent).join('').trim().length;
                    const i = spans.findIndex(s => (s.getAttribute('data-label') || '').endsWith(':' + label)
                                                   && s.getBoundingClientRect().top > top
                                                   && own(s) >= Math.min(15, s.textContent.trim().length));
                    return i < 0 ? 0 : i;
                }""",
                [args.select, args.scroll],
            )
            page.wait_for_timeout(500)
            # a long region (a CLAIM) holds shorter ones: click its own words, not a region inside it
            point = page.evaluate(
                """(i) => {
                    const spans = [...document.querySelectorAll('.htx-highlight')];
                    const label = spans[i].getAttribute('data-label');  // every piece of the region has it
                    let best = null;  // the widest stretch of its own words
                    const own = spans.filter(s => s.getAttribute('data-label') === label).flatMap(s => [...s.childNodes]);
                    for (const node of own) {
                        if (node.nodeType !== Node.TEXT_NODE || !node.textContent.trim()) continue;
                        const range = document.createRange();
                        range.selectNodeContents(node);
                        for (const r of range.getClientRects()) {
                            if (!best || r.width > best.width) best = r;
                        }
                    }
                    return best && {x: best.left + best.width / 2, y: best.top + best.height / 2};
                }""",
                index,
            )
            if point:
                page.mouse.click(point["x"], point["y"])
            else:
                page.locator(".htx-highlight").nth(index).click()
            page.wait_for_timeout(SETTLE_MS)
            selected = args.output.with_name(args.output.stem + "-selected.png")
            page.screenshot(path=str(selected))
            shots.append(selected)
        if args.hover_relation is not None:
            page.evaluate("() => { const m = document.querySelector('.lsf-main-content'); if (m) m.scrollTop = 0; }")
            page.get_by_text("Relations", exact=True).first.click()
            page.wait_for_timeout(500)
            page.locator(".lsf-relations__item").nth(args.hover_relation).hover()
            page.wait_for_timeout(1000)
            hovered = args.output.with_name(args.output.stem + "-relation.png")
            page.screenshot(path=str(hovered))
            shots.append(hovered)
        if args.data_manager:
            # the task list with its "Prediction score" column, switched on as a user does
            page.goto(f"{saved['url']}/projects/{project.id}/data")
            page.wait_for_selector("text=Tasks:", timeout=60_000)
            if page.get_by_text("Prediction score", exact=True).count() == 0:  # the view may show it already
                page.get_by_text("Columns", exact=True).first.click()
                page.get_by_text("Prediction score", exact=True).first.click()
                page.get_by_text("Columns", exact=True).first.click()  # and the menu closed again
            page.wait_for_timeout(SETTLE_MS)
            listed = args.output.with_name(args.output.stem + "-tasks.png")
            page.screenshot(path=str(listed))
            shots.append(listed)
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
