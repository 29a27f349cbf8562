"""Throughput of `miclaro sandbox serve` for several kiosks, against a bare FastAPI route.

Both servers run as `uvicorn` processes on 127.0.0.1, one after the other, driven by the same
load generator: CLIENTS keep-alive connections (a minimal HTTP/1.1 client on asyncio streams,
light enough to leave the CPU to the server) asking for the same thing for SECONDS after a
warm-up.

- sandbox: `miclaro sandbox serve` (a fresh database, camila signed in), GET of her bill list
  (the first page, as the invoices screen asks for it).
- bare: a FastAPI app with one `async def` route returning, as a Python list, the very JSON
  the sandbox answered (FastAPI serialises it on each request), under the same uvicorn.

Printed per server: requests/s, p50 and p99 latency, server CPU per request (from
/proc/<pid>/stat). Target (issue 8): sandbox >= 0.6x the bare route's throughput, and p99
<= 1.5x the bare route's. Also timed: the overdue count of the large customer (24,000 bills),
which must not scan the account's bills.

Run: .venv/bin/python bench/serve.py [--clients 50] [--seconds 10] [--src PATH]
(--src runs the sandbox from another checkout, e.g. `git archive HEAD | tar -x -C /tmp/old`,
to measure before and after on the same machine.)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BILLS = "/tmf-api/customerBillManagement/v4/customerBill"
TODAY = "2026-11-25"
TICKS = os.sysconf("SC_CLK_TCK")

BARE_APP = """
import json, sys

import uvicorn
from fastapi import FastAPI

payload = json.loads(open(sys.argv[1], encoding="utf-8").read())
app = FastAPI()


@app.get("/bills")
async def bills():
    return payload


uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning")
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


def wait_until_up(port: int, path: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited: {process.stdout.read() if process.stdout else ''}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
                sock.sendall(
                    f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode()
                )
                if sock.recv(12).startswith(b"HTTP/1.1"):
                    return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("server did not start")


def request_once(port: int, method: str, path: str, headers: dict[str, str], body: bytes = b""):
    import httpx

    return httpx.request(method, f"http://127.0.0.1:{port}{path}", headers=headers, content=body)


async def client(port: int, request: bytes, stop: float, latencies: list[float]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    loop = asyncio.get_running_loop()
    try:
        while loop.time() < stop:
            started = loop.time()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            if not head.startswith(b"HTTP/1.1 200"):
                raise SystemExit(f"unexpected answer: {head[:80]!r}")
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            await reader.readexactly(length)
            latencies.append(loop.time() - started)
    finally:
        writer.close()


async def load(port: int, path: str, headers: dict[str, str], clients: int, seconds: float):
    lines = [f"GET {path} HTTP/1.1", "Host: 127.0.0.1", *(f"{k}: {v}" for k, v in headers.items())]
    request = ("\r\n".join(lines) + "\r\n\r\n").encode()
    loop = asyncio.get_running_loop()
    warm: list[float] = []
    await asyncio.gather(*(client(port, request, loop.time() + 1.5, warm) for _ in range(clients)))
    latencies: list[float] = []
    started = loop.time()
    await asyncio.gather(
        *(client(port, request, started + seconds, latencies) for _ in range(clients))
    )
    return latencies, loop.time() - started


def measure(
    name: str,
    process: subprocess.Popen,
    port: int,
    path: str,
    headers: dict[str, str],
    clients: int,
    seconds: float,
) -> dict[str, float]:
    cpu_before = cpu_seconds(process.pid)
    latencies, elapsed = asyncio.run(load(port, path, headers, clients, seconds))
    cpu = cpu_seconds(process.pid) - cpu_before
    latencies.sort()
    figures = {
        "rps": len(latencies) / elapsed,
        "p50": statistics.median(latencies) * 1000,
        "p99": latencies[int(len(latencies) * 0.99) - 1] * 1000,
        "cpu": cpu / len(latencies) * 1000,
    }
    print(
        f"{name:>8}: {figures['rps']:7.0f} req/s   p50 {figures['p50']:6.1f} ms   "
        f"p99 {figures['p99']:6.1f} ms   server CPU {figures['cpu']:.2f} ms/request  "
        f"({len(latencies)} requests)"
    )
    return figures


def time_overdue_count(port: int) -> None:
    """The overdue bills of the large customer (24,000 bills), counted: an index, not a scan."""
    large = request_once(
        port,
        "POST",
        "/auth/token",
        {"Content-Type": "application/json"},
        b'{"username": "empresa", "password": "empresa2026"}',
    ).json()
    if "access_token" not in large:
        print("  (no large customer in this checkout)")
        return
    overdue = (
        f"{BILLS}?state=new,sent,partiallyPaid&paymentDueDate.lt={TODAY}"
        "&sort=paymentDueDate,billDate&limit=1"
    )
    import httpx

    headers = {"Authorization": f"Bearer {large['access_token']}"}
    timings = []
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers=headers) as session:
        session.get(overdue)
        for _ in range(20):
            started = time.perf_counter()
            counted = session.get(overdue)
            timings.append(time.perf_counter() - started)
    print(
        f"  overdue count of the large customer: {counted.headers['X-Total-Count']} bills,"
        f" median {statistics.median(timings) * 1000:.1f} ms per request"
    )


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--src", type=Path, default=ROOT, help="checkout to run the sandbox from")
    parser.add_argument(
        "--h11",
        action="store_true",
        help="hide httptools and uvloop from both servers (uvicorn's pure-Python"
        " h11 parser and the asyncio loop, as before they were dependencies)",
    )
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-serve-"))
    path = [str(args.src)]
    if args.h11:
        (work / "hidden").mkdir()
        for name in ("httptools", "uvloop"):
            (work / "hidden" / f"{name}.py").write_text(f"raise ImportError('{name} hidden')\n")
        path.insert(0, str(work / "hidden"))
    env = dict(
        os.environ,
        MICLARO_TODAY=TODAY,
        PYTHONPATH=os.pathsep.join(path),
        XDG_DATA_HOME=str(work / "data"),
        MICLARO_SANDBOX_LARGE="1",
    )

    port = free_port()
    sandbox = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "miclaro_tui",
            "sandbox",
            "serve",
            "--port",
            str(port),
            "--db",
            str(work / "bench.sqlite3"),
        ],
        cwd=args.src,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_until_up(port, "/openapi.json", sandbox)
        token = request_once(
            port,
            "POST",
            "/auth/token",
            {"Content-Type": "application/json"},
            b'{"username": "camila", "password": "camila2026"}',
        ).json()
        headers = {"Authorization": f"Bearer {token['access_token']}"}
        answer = request_once(port, "GET", BILLS, headers)
        (work / "bills.json").write_bytes(answer.content)
        print(
            f"bill list: {len(answer.json())} bills, {len(answer.content):,} bytes;"
            f" {args.clients} clients, {args.seconds:g} s each, sandbox from {args.src}"
        )
        ours = measure("sandbox", sandbox, port, BILLS, headers, args.clients, args.seconds)

        time_overdue_count(port)
    finally:
        stop(sandbox)

    (work / "bare.py").write_text(BARE_APP)
    port = free_port()
    bare = subprocess.Popen(
        [sys.executable, str(work / "bare.py"), str(work / "bills.json"), str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_until_up(port, "/bills", bare)
        same = request_once(port, "GET", "/bills", {}).json() == json.loads(
            (work / "bills.json").read_text(encoding="utf-8")
        )
        assert same, "the bare route must answer the same JSON"
        base = measure("bare", bare, port, "/bills", {}, args.clients, args.seconds)
    finally:
        stop(bare)

    print(
        f"sandbox / bare: throughput {ours['rps'] / base['rps']:.2f}x (target >= 0.6x),"
        f" p99 {ours['p99'] / base['p99']:.2f}x (target <= 1.5x),"
        f" CPU per request {ours['cpu'] / base['cpu']:.2f}x"
    )


if __name__ == "__main__":
    main()
