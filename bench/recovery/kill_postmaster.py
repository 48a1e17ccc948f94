"""Kills the embedded postmaster of the API at GEOMONITOR_URL and times its return (see run.sh)."""
import json
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

URL = os.environ["GEOMONITOR_URL"]
DATA = os.path.dirname(os.environ["GEOMONITOR_ADMIN_KEY_FILE"])
KEY = open(os.environ["GEOMONITOR_ADMIN_KEY_FILE"]).read().strip()  # admin includes reporter
PID_FILE = os.path.join(DATA, "pg", "postmaster.pid")
STABLE_AFTER = float(os.environ.get("GeoMonitor__EmbeddedSupervisor__StableAfterSeconds", "60"))


def health():
    try:
        with urllib.request.urlopen(URL + "/health", timeout=5) as r:
            return r.status, json.load(r)
    except urllib.error.HTTPError as e:
        return e.code, json.load(e)
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, {}


def restarts():
    status, body = health()
    return status, (body.get("embeddedCluster") or {}).get("restarts", -1)


def kill_and_time():
    """SIGKILL the postmaster; seconds until /health is 200 and reports one more restart."""
    status, before = restarts()
    assert status == 200, f"/health {status} before the kill"
    pid = int(open(PID_FILE).readline())
    start = time.monotonic()
    os.kill(pid, signal.SIGKILL)
    while time.monotonic() - start < 60:
        status, now = restarts()
        if status == 200 and now == before + 1:
            return time.monotonic() - start
        time.sleep(0.01)
    raise SystemExit(f"/health did not report restart {before + 1} within 60 s")


def csv(rows, source):
    lines = ["source,externalId,occurredAt,eventType,subEventType,fatalities,lon,lat"]
    for i in range(rows):
        lines.append(f"{source},row-{i},2024-12-01T10:00:00Z,Explosions/Remote violence,"
                     f"Shelling/artillery/missile attack,0,{35.2 + (i % 500) * 0.001:.4f},{33.0 + (i // 500) * 0.001:.4f}")
    return ("\n".join(lines) + "\n").encode()


def insert_running():
    """Whether the batch's COPY into incidents runs now (asked through psql with the cluster's own credentials)."""
    creds = json.load(open(os.path.join(DATA, "pg-credentials.json")))
    sql = ("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'geomonitor' AND state = 'active' "
           "AND position('COPY incidents' in query) > 0")
    out = subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(creds["Port"]), "-U", "geomonitor", "-d", "geomonitor",
                          "-Atc", sql], env={**os.environ, "PGPASSWORD": creds["Password"]},
                         capture_output=True, text=True)
    return out.stdout.strip() not in ("", "0")


def during_batch(run):
    body = csv(50_000, f"recovery-bench-{run}-{time.time_ns()}")
    result = {}

    def upload():
        req = urllib.request.Request(URL + "/api/incidents/batch", data=body, method="POST",
                                     headers={"Content-Type": "text/csv", "Authorization": "Bearer " + KEY})
        try:
            with urllib.request.urlopen(req, timeout=300) as r:
                result["status"] = r.status
        except urllib.error.HTTPError as e:
            result["status"] = e.code

    t = threading.Thread(target=upload)
    t.start()
    deadline = time.monotonic() + 120
    while not insert_running():
        if not t.is_alive() or time.monotonic() > deadline:
            raise SystemExit(f"the batch finished ({result.get('status')}) before its COPY into incidents was seen")
        time.sleep(0.005)
    seconds = kill_and_time()
    t.join()
    return seconds, result.get("status")


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    idle, busy = [], []
    for i in range(runs):
        time.sleep(STABLE_AFTER + 1)
        idle.append(kill_and_time())
        print(f"idle  run {i + 1}: kill -> /health 200 in {idle[-1] * 1000:.0f} ms", flush=True)
    for i in range(runs):
        time.sleep(STABLE_AFTER + 1)
        seconds, status = during_batch(i)
        busy.append(seconds)
        print(f"batch run {i + 1}: kill -> /health 200 in {seconds * 1000:.0f} ms (the batch answered {status})", flush=True)
    print(f"median idle {statistics.median(idle) * 1000:.0f} ms, during a 50,000-row batch "
          f"{statistics.median(busy) * 1000:.0f} ms ({runs} runs each; load average {os.getloadavg()[0]:.1f})")


main()
