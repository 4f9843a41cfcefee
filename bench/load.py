"""A small load client (standard library only) and a memory sampler for the served app.

Each client thread keeps one HTTP/1.1 keep-alive connection to 127.0.0.1 and takes
request tickets until the fixed number of requests is done or the time limit is
reached, whichever comes first.
"""

from __future__ import annotations

import http.client
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

HOST = "127.0.0.1"  # loopback only


@dataclass
class Result:
    path: str
    requests: int = 0
    seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    bytes: int = 0
    reconnects: int = 0

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        """Nearest-rank percentile of the latencies, in ms."""
        if not self.latencies_ms:
            return 0.0
        ordered = sorted(self.latencies_ms)
        rank = max(1, -(-len(ordered) * p // 100))  # ceil(n * p / 100)
        return ordered[int(rank) - 1]

    @property
    def all_ok(self) -> bool:
        return not self.errors and set(self.statuses) == {200}


class _Client:
    def __init__(self, port: int, timeout: float, headers: dict[str, str] | None = None) -> None:
        self.headers = {"Accept": "text/html,application/json", **(headers or {})}
        self.port = port
        self.timeout = timeout
        self.conn: http.client.HTTPConnection | None = None
        self.reconnects = 0

    def get(self, path: str) -> tuple[int, int]:
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)
                if attempt == 2:
                    self.reconnects += 1
            try:
                self.conn.request("GET", path, headers=self.headers)
                response = self.conn.getresponse()
                body = response.read()
                if response.will_close:
                    self.conn.close()
                    self.conn = None
                return response.status, len(body)
            except (
                http.client.RemoteDisconnected,
                ConnectionResetError,
                BrokenPipeError,
                http.client.CannotSendRequest,
            ):
                # The server closed an idle keep-alive connection: reconnect once.
                self.close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def warm_up(
    port: int,
    path: str,
    concurrency: int,
    per_client: int = 2,
    timeout: float = 60,
    headers: dict[str, str] | None = None,
) -> list[int]:
    """Unmeasured requests from every client connection (each worker has its own caches)."""
    statuses: list[int] = []
    lock = threading.Lock()

    def work() -> None:
        client = _Client(port, timeout, headers)
        try:
            for _ in range(per_client):
                status, _size = client.get(path)
                with lock:
                    statuses.append(status)
        finally:
            client.close()

    threads = [threading.Thread(target=work) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def measure(
    port: int,
    path: str,
    requests: int,
    concurrency: int,
    max_seconds: float,
    timeout: float = 30,
    headers: dict[str, str] | None = None,
) -> Result:
    """Send up to `requests` GETs of `path` from `concurrency` threads, for at most `max_seconds`."""
    result = Result(path)
    lock = threading.Lock()
    tickets = iter(range(requests))
    start_gate = threading.Barrier(concurrency + 1)
    deadline = [0.0]

    def work() -> None:
        client = _Client(port, timeout, headers)
        try:
            start_gate.wait()
            while time.perf_counter() < deadline[0]:
                with lock:
                    if next(tickets, None) is None:
                        break
                began = time.perf_counter()
                try:
                    status, size = client.get(path)
                except Exception as error:
                    with lock:
                        result.errors.append(f"{type(error).__name__}: {error}")
                    continue
                took = (time.perf_counter() - began) * 1000
                with lock:
                    result.latencies_ms.append(took)
                    result.statuses[status] = result.statuses.get(status, 0) + 1
                    result.bytes += size
        finally:
            with lock:
                result.reconnects += client.reconnects
            client.close()

    threads = [threading.Thread(target=work, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    deadline[0] = began + max_seconds
    start_gate.wait()
    for thread in threads:
        thread.join(max_seconds + timeout + 5)
    result.seconds = time.perf_counter() - began
    result.requests = len(result.latencies_ms)
    return result


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            text = Path(f"/proc/{pid}/task/{task}/children").read_text()
            found.extend(int(child) for child in text.split())
    except OSError:
        pass
    return found


def tree_pids(root: int) -> list[int]:
    pids: list[int] = []
    stack = [root]
    while stack:
        pid = stack.pop()
        if pid in pids:
            continue
        pids.append(pid)
        stack.extend(_children(pid))
    return pids


def _ticks(pid: int | str) -> int:
    """utime + stime of one process, in clock ticks."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0
    fields = text.rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


@dataclass
class CpuSnapshot:
    at: float
    total: int  # all CPUs, all states, in ticks
    busy: int  # all CPUs, not idle or iowait
    server: int  # gunicorn master + workers
    client: int  # this process (the load client threads)


def cpu_snapshot(root: int) -> CpuSnapshot:
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:9]]
    total = sum(values)
    busy = total - values[3] - values[4]
    return CpuSnapshot(time.perf_counter(), total, busy, sum(_ticks(p) for p in tree_pids(root)), _ticks("self"))


def cpu_usage(before: CpuSnapshot, after: CpuSnapshot) -> dict[str, float]:
    """Shares of the whole machine (100 % = every CPU busy) during a window."""
    total = max(1, after.total - before.total)
    server = after.server - before.server
    client = after.client - before.client
    busy = after.busy - before.busy
    hz = os.sysconf("SC_CLK_TCK")
    return {
        "server_cpu_s": round(server / hz, 2),
        "server_cpu_pct": round(100 * server / total, 1),
        "client_cpu_pct": round(100 * client / total, 1),
        "other_cpu_pct": round(100 * max(0, busy - server - client) / total, 1),
        "server_cores": round(server / hz / max(1e-9, after.at - before.at), 2),
    }


def wait_for_quiet(root: int, threshold_pct: float, max_seconds: float, step: float = 1.0) -> tuple[float, float]:
    """Wait (bounded) until other processes use less than `threshold_pct` of the machine's CPUs.

    Returns (seconds waited, the other processes' share in the last step).
    """
    began = time.perf_counter()
    while True:
        before = cpu_snapshot(root)
        time.sleep(step)
        other = cpu_usage(before, cpu_snapshot(root))["other_cpu_pct"]
        waited = time.perf_counter() - began
        if other < threshold_pct or waited >= max_seconds:
            return round(waited, 1), other


def tree_rss_mb(root: int) -> float:
    """Resident memory of a process and all its descendants, in MB (from /proc)."""
    total_kb = 0
    stack = [root]
    seen: set[int] = set()
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total_kb += int(line.split()[1])
                    break
        except OSError:
            continue
        stack.extend(_children(pid))
    return total_kb / 1024


class MemorySampler(threading.Thread):
    """Samples the summed RSS of gunicorn's master and workers every `interval` seconds."""

    def __init__(self, root: int, interval: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.interval = interval
        self.peak = 0.0
        self.window_peak = 0.0
        self._halt = threading.Event()
        self._lock = threading.Lock()

    def run(self) -> None:
        while not self._halt.is_set():
            rss = tree_rss_mb(self.root)
            with self._lock:
                self.peak = max(self.peak, rss)
                self.window_peak = max(self.window_peak, rss)
            self._halt.wait(self.interval)

    def start_window(self) -> None:
        with self._lock:
            self.window_peak = tree_rss_mb(self.root)

    def end_window(self) -> float:
        rss = tree_rss_mb(self.root)
        with self._lock:
            self.window_peak = max(self.window_peak, rss)
            self.peak = max(self.peak, rss)
            return self.window_peak

    def stop(self) -> None:
        self._halt.set()
