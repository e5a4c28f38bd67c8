"""Screenshots of the web app's main pages, to look at: headless Chromium (Debian's) driven by Playwright.

    python benchmarks/web_screenshots.py [OUT_DIR] [--lang ru|en]

Serves a temporary copy of this workspace (with suggestions computed for C081 when the matcher is installed)
and writes dashboard.png, convention.png, requirement.png, provision.png, comments.png, roadmap.png,
reports.png and conflict.png (a save on a stale page, made from two browsers) to OUT_DIR (default:
/tmp/gapkit-screens). Then, on a second copy with accounts (a reviewer and an approver), the team's pages:
team-dashboard.png (filtered), team-requirement.png (the approver's view of a decision to approve),
team-search.png (words), team-history.png (the history's diff after two changes), team-act.png (an act to
browse) and team-work.png (today's work). The copies are thrown away afterwards: the workspace itself is never
written.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

from gapkit.web import suggestions
from gapkit.web.live import CHROMIUM, CHROMIUM_ARGS, LiveServer, copy_workspace
from gapkit.workspace import load

REPO = Path(__file__).resolve().parent.parent
PAGES = {
    "dashboard": "/",
    "convention": "/conventions/C081",
    "requirement": "/requirements/C081:12(1)(a)",
    "provision": "/provisions/KZ-LC:193(1)",
    "comments": "/comments?open=1",
    "roadmap": "/roadmap",
    "reports": "/reports",
}


def conflict(browser: Any, url: str, args: argparse.Namespace) -> Path:
    """Two reviewers on one requirement: the first saves, the second saves on the page loaded before."""
    rid = "C081:12(1)(b)"
    pages = []
    for who in ("Айгерим Сейткали", "John Smith"):
        context = browser.new_context(viewport={"width": args.width, "height": 900})
        pg = context.new_page()
        pg.goto(f"{url}/requirements/{rid}?lang={args.lang}")
        pages.append((pg, who))
    for i, (pg, who) in enumerate(pages):
        pg.locator('article.cand input[name="provisions"]').nth(i).check()
        pg.locator('#confirm-form select[name="relation"]').select_option(["subset", "intersects"][i])
        pg.locator('#confirm-form select[name="verdict"]').select_option(["partially_compliant", "non_compliant"][i])
        pg.locator('#confirm-form textarea[name="reason"]').fill(
            ["Положения допускают посещение только после регистрации акта о назначении проверки.",
             "Inspectors may not enter by day without prior registration of the inspection."][i])
        pg.locator('#confirm-form input[name="reviewer"]').fill(who)
        pg.locator("#confirm-form button.primary").click()
        pg.wait_for_load_state()
    out = args.out / "conflict.png"
    pages[1][0].locator("section.conflict").scroll_into_view_if_needed()
    pages[1][0].screenshot(path=str(out))
    return out


TEAM = {"Айгерим Бекова": ("reviewer", "screens-reviewer-1"), "Daniyar Seitkali": ("approver", "screens-approver-1")}


def sign_in(browser: Any, url: str, name: str, args: argparse.Namespace) -> Any:
    page = browser.new_page(viewport={"width": args.width, "height": 900})
    page.goto(f"{url}/login?lang={args.lang}")
    page.locator('input[name="name"]').fill(name)
    page.locator('input[name="password"]').fill(TEAM[name][1])
    page.locator("form button.primary").click()
    page.wait_for_load_state()
    return page


def team(browser: Any, url: str, args: argparse.Namespace) -> list[Path]:
    """The team's pages: a reviewer decides twice on one requirement, the approver looks."""
    rid = "C081:12(1)(a)"
    reviewer = sign_in(browser, url, "Айгерим Бекова", args)
    words = {"ru": ("Кодекс допускает посещение только с уведомлением.",
                    "Посещение без предварительного уведомления допускается лишь в части случаев."),
             "en": ("The Code allows visits only with notice.",
                    "Visits without prior notice are allowed only in some cases.")}
    for verdict, reason in zip(("non_compliant", "partially_compliant"), words[args.lang], strict=True):
        reviewer.goto(f"{url}/requirements/{rid}?lang={args.lang}")
        reviewer.locator('article.cand input[name="provisions"]').first.check()
        reviewer.locator('#confirm-form select[name="relation"]').select_option("intersects")
        reviewer.locator('#confirm-form select[name="verdict"]').select_option(verdict)
        reviewer.locator('#confirm-form textarea[name="reason"]').fill(reason)
        reviewer.locator("#save").click()
        reviewer.locator(".flash.ok").wait_for()
    approver = sign_in(browser, url, "Daniyar Seitkali", args)
    query = "инспекторами" if args.lang == "ru" else "labour inspectors"
    shots = {"team-dashboard": "/?verdict=partially_compliant", "team-requirement": f"/requirements/{rid}",
             "team-search": f"/search?q={query}", "team-act": "/acts/KZ-LC", "team-work": "/work"}
    out = []
    for name, path in shots.items():
        sep = "&" if "?" in path else "?"
        approver.goto(f"{url}{path}{sep}lang={args.lang}")
        out.append(args.out / f"{name}.png")
        approver.screenshot(path=str(out[-1]), full_page=args.full)
    approver.goto(f"{url}/requirements/{rid}?lang={args.lang}")
    out.append(args.out / "team-history.png")
    approver.locator("section.history").screenshot(path=str(out[-1]))
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", nargs="?", default="/tmp/gapkit-screens", type=Path)
    ap.add_argument("--lang", default="ru", choices=("ru", "en"))
    ap.add_argument("--width", type=int, default=1366)
    ap.add_argument("--full", action="store_true", help="whole pages, not the first screen")
    args = ap.parse_args()
    if not Path(CHROMIUM).exists():
        print(f"no Chromium at {CHROMIUM}: apt-get install chromium", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        root = copy_workspace(REPO, Path(tmp) / "ws")
        suggestions.compute(load(root), "C081")
        with LiveServer(root) as url, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
            page = browser.new_page(viewport={"width": args.width, "height": 900})
            for name, path in PAGES.items():
                sep = "&" if "?" in path else "?"
                page.goto(f"{url}{path}{sep}lang={args.lang}")
                out = args.out / f"{name}.png"
                page.screenshot(path=str(out), full_page=args.full)
                print(out)
            print(conflict(browser, url, args))
            browser.close()
        from gapkit.accounts import AccountStore

        root = copy_workspace(REPO, Path(tmp) / "team")
        suggestions.compute(load(root), "C081")
        for name, (role, password) in TEAM.items():
            AccountStore(root).add(name, role, password)
        with LiveServer(root) as url, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
            for shot in team(browser, url, args):
                print(shot)
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
