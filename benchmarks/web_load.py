"""Load on the review web app: concurrent clients on loopback, latency of the dashboard and review pages.

    python benchmarks/web_load.py [--clients 20] [--seconds 30] [--write-every 2] [--no-accounts] [--no-page-cache]

Serves a temporary copy of this workspace with `gapkit serve` in its own process (suggestions computed for every
Convention first, so the review pages show them and nothing is computed in the background during the run), as a
team does: with accounts, each client signed in as a reviewer of its own (``--no-accounts``: one local user). It
first measures the cold start: from starting the process to the first dashboard answered. Then it runs the clients
in this process: each loops, for the given time, over the dashboard (one request in three) and the review pages of
random C081/C129 requirements; one more client confirms a decision every ``--write-every`` seconds (each write
makes the server drop what it had rendered). Prints p50/p95/p99/max latency and the errors, overall and per page;
exits 1 when a request failed. Traffic goes to 127.0.0.1 only, and stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from gapkit.web import suggestions, views
from gapkit.web.live import copy_workspace
from gapkit.workspace import load

REPO = Path(__file__).resolve().parent.parent
CONVENTIONS = ("C081", "C129")


Row = tuple[str, float, int]  # page kind, milliseconds, status


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def cpu_seconds(pid: int) -> float | None:
    """CPU time (user + system) the server process has used: what a request costs it, whatever else the
    machine is running (Linux only; None elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def load_average() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


class RawClient:
    """A minimal HTTP/1.1 keep-alive client for GETs: httpx costs more CPU per request than the server does,
    and on a two-core machine the load generator would otherwise be what is measured."""

    def __init__(self, port: int):
        self.port = port
        self.cookie = ""
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        assert self.reader is not None
        head = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n"
        if self.cookie:
            head += f"Cookie: {self.cookie}\r\n"
        self.writer.write((head + "\r\n").encode("latin-1"))
        status_line = await self.reader.readline()
        status = int(status_line.split()[1])
        length = 0
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            if name.lower() == "content-length":
                length = int(value)
            elif name.lower() == "set-cookie" and not self.cookie:
                self.cookie = value.strip().split(";", 1)[0]
        await self.reader.readexactly(length)
        return status

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


async def reader(port: int, reqs: list[str], until: float, out: list[Row], seed: int, cookie: str) -> None:
    rnd = random.Random(seed)
    client = RawClient(port)
    client.cookie = cookie
    try:
        while time.perf_counter() < until:
            kind, path = ("dashboard", "/") if rnd.random() < 1 / 3 else ("review", f"/requirements/{rnd.choice(reqs)}")
            t = time.perf_counter()
            try:
                status = await client.get(path)
            except (OSError, ValueError, IndexError, asyncio.IncompleteReadError):
                status, client = 0, RawClient(port)
                client.cookie = cookie
            out.append((kind, (time.perf_counter() - t) * 1000, status))
    finally:
        await client.close()


async def warm(port: int, paths: list[str], cookie: str) -> None:
    client = RawClient(port)
    client.cookie = cookie
    for path in paths:
        await client.get(path)
    await client.close()


async def writer(url: str, reqs: list[str], until: float, every: float, out: list[Row],
                 account: tuple[str, str] | None) -> None:
    async with httpx.AsyncClient(base_url=url, timeout=30) as c:
        if account is not None:
            await sign_in(c, *account)
        n = 0
        while time.perf_counter() < until:
            await asyncio.sleep(every)
            rid = reqs[n % len(reqs)]
            n += 1
            page = await c.get(f"/requirements/{rid}")
            revision = re.search(r'name="revision" value="(\d+)"', page.text)
            t = time.perf_counter()
            r = await c.post(f"/requirements/{rid}/confirm", data={
                "relation": "no_relationship", "verdict": "insufficient_information", "reason": f"load test {n}",
                "reviewer": "Load test", "csrf_token": c.cookies.get("gapkit_csrf") or "",
                "revision": revision.group(1) if revision else "0"})
            out.append(("write", (time.perf_counter() - t) * 1000, 200 if r.status_code == 303 else r.status_code))


async def sign_in(c: httpx.AsyncClient, name: str, password: str) -> str:
    """Sign in as a reviewer; the cookies a raw client sends (session and CSRF)."""
    await c.get("/login")
    r = await c.post("/login", data={"name": name, "password": password, "csrf_token": c.cookies.get("gapkit_csrf"),
                                     "next": "/"})
    assert r.status_code == 303, f"sign-in failed: {r.status_code}"
    return "; ".join(f"{k}={v}" for k, v in c.cookies.items())


async def cookies_for(url: str, accounts: list[tuple[str, str]]) -> list[str]:
    out = []
    for account in accounts:
        async with httpx.AsyncClient(base_url=url, timeout=30) as c:
            out.append(await sign_in(c, *account))
    return out


async def run(url: str, port: int, reqs: list[str], clients: int, seconds: float, write_every: float,
              cookies: list[str], writer_account: tuple[str, str] | None) -> list[Row]:
    out: list[Row] = []
    until = time.perf_counter() + seconds
    tasks = [reader(port, reqs, until, out, seed, cookies[seed] if cookies else "") for seed in range(clients)]
    if write_every > 0:
        tasks.append(writer(url, reqs, until, write_every, out, writer_account))
    await asyncio.gather(*tasks)
    return out


def summary(rows: list[tuple[str, float, int]], seconds: float) -> dict[str, object]:
    def stats(sel: list[tuple[str, float, int]]) -> dict[str, object]:
        lat = [ms for _k, ms, _s in sel]
        return {"requests": len(sel), "errors": sum(1 for _k, _ms, s in sel if s != 200),
                "p50_ms": round(pct(lat, 50), 1), "p95_ms": round(pct(lat, 95), 1), "p99_ms": round(pct(lat, 99), 1),
                "max_ms": round(max(lat), 1) if lat else None,
                "mean_ms": round(statistics.fmean(lat), 1) if lat else None}

    reads = [r for r in rows if r[0] != "write"]
    out: dict[str, object] = {"overall": {**stats(reads), "per_second": round(len(reads) / seconds, 1)}}
    for kind in ("dashboard", "review", "write"):
        sel = [r for r in rows if r[0] == kind]
        if sel:
            out[kind] = stats(sel)
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--write-every", type=float, default=2.0, help="seconds between two saves (0: none)")
    ap.add_argument("--no-accounts", action="store_true", help="one local user, no sign-in")
    ap.add_argument("--no-page-cache", action="store_true")
    ap.add_argument("--no-warmup", action="store_true", help="measure from a cold start (every page rendered on its "
                                                              "first request during the run)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = copy_workspace(REPO, Path(tmp) / "ws")
        ws = load(root)
        for inst in views.conventions(ws):
            suggestions.compute(load(root), inst.code)
        ws = load(root)
        accounts: list[tuple[str, str]] = []
        if not args.no_accounts:
            from gapkit.accounts import AccountStore

            store = AccountStore(root)
            for i in range(args.clients + 1):
                accounts.append((f"Reviewer {i:02d}", f"load-test-password-{i:02d}"))
                store.add(accounts[-1][0], "reviewer", accounts[-1][1])
        reqs = [rid for code in CONVENTIONS for rid in ws.instruments[code].clauses if views.is_requirement(ws, rid)]
        port = free_port()
        cmd = [sys.executable, "-c", "from gapkit.cli import main; main()", "serve", "--workspace", str(root),
               "--port", str(port)]
        if args.no_page_cache:
            cmd.append("--no-page-cache")
        env = {k: v for k, v in os.environ.items() if k != "GAPKIT_TOKEN"}
        started = time.perf_counter()
        server = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 120
            while True:
                try:
                    # with accounts the first answer is the sign-in page's redirect: the app is up and answering
                    if httpx.get(url + "/", timeout=5).status_code in (200, 303):
                        cold_start_s = round(time.perf_counter() - started, 2)
                        break
                except httpx.HTTPError:
                    pass
                if server.poll() is not None or time.monotonic() > deadline:
                    print("the server did not start:", server.stderr.read().decode() if server.stderr else "")
                    return 1
                time.sleep(0.2)
            cookies = asyncio.run(cookies_for(url, accounts[:args.clients])) if accounts else []
            warmup_s = None
            if not args.no_warmup:  # every page once, as the reviewers' first visits would have done
                t = time.perf_counter()
                asyncio.run(warm(port, ["/", *(f"/requirements/{r}" for r in reqs)], cookies[0] if cookies else ""))
                warmup_s = round(time.perf_counter() - t, 2)
            load_before, cpu_before, own_before = load_average(), cpu_seconds(server.pid), time.process_time()
            rows = asyncio.run(run(url, port, reqs, args.clients, args.seconds, args.write_every, cookies,
                                   accounts[-1] if accounts else None))
            cpu_after, own_cpu = cpu_seconds(server.pid), time.process_time() - own_before
        finally:
            server.terminate()
            server.wait(timeout=10)
    server_cpu = round(cpu_after - cpu_before, 2) if cpu_after is not None and cpu_before is not None else None
    result = {"clients": args.clients, "seconds": args.seconds, "page_cache": not args.no_page_cache,
              "accounts": not args.no_accounts, "cold_start_s": cold_start_s,
              "write_every_s": args.write_every or None, "warmup_s": warmup_s, "requirements": len(reqs),
              "cpus": os.cpu_count(),
              "load_average_before": load_before, "load_average_after": load_average(),
              "server_cpu_s": server_cpu, "client_cpu_s": round(own_cpu, 2),
              "server_cpu_ms_per_request": round(1000 * server_cpu / len(rows), 2) if server_cpu and rows else None,
              **summary(rows, args.seconds)}
    print(json.dumps(result, indent=1))
    errors = sum(1 for _k, _ms, s in rows if s != 200)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
