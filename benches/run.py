#!/usr/bin/env python3
"""LogBench: one command that measures Quarry against its peers.

    python3 benches/run.py --sf 0.1 [--s3] [--reps 3] [--quarry PATH] [--only 01,13]

1. makes target/bench-venv and installs the peers from PyPI (pinned below);
2. generates the data at scale factor SF into benches/data/sf<SF> if absent;
3. builds target/release/quarry if absent (once: `cargo build --release -p quarry`);
4. runs every query of benches/queries/ REPS times with Quarry and each peer
   on local disk and, with --s3, through moto_server on 127.0.0.1;
5. checks that every engine gives the same answer, and measures the physical
   floor (`gzip -dc` over the same files, pyarrow's Parquet decode);
6. writes benches/RESULTS.md (and the raw figures to target/logbench/).

Needs Python 3 with venv, and Rust for the Quarry build. Standard library only
here; the peers run in the venv through benches/peers.py.
"""

import argparse
import csv
import io
import json
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import compare  # noqa: E402
import report  # noqa: E402

VENV = os.path.join(REPO, "target", "bench-venv")
PY = os.path.join(VENV, "bin", "python")
# DuckDB 1.4.4 because its httpfs extension (needed for S3) is on PyPI for
# that version; nothing can be downloaded from DuckDB's own extension site here.
REQUIREMENTS = ["duckdb==1.4.4", "duckdb-ext-httpfs==1.4.4.20260205", "datafusion==55.0.0",
                "pyarrow==26.0.1", "moto[server]==5.2.5"]
OPTIONAL = ["chdb"]  # unpinned: the newest that installs
PEERS = ["duckdb", "datafusion", "chdb"]
BUCKET = "logbench"
NOT_READABLE = re.compile(r"not supported yet|not readable|unsupported format|unknown format", re.I)


def log(msg):
    print(f"[logbench] {msg}", file=sys.stderr, flush=True)


def ensure_venv():
    stamp = os.path.join(VENV, ".logbench-requirements")
    want = "\n".join(REQUIREMENTS)
    if os.path.exists(stamp) and open(stamp).read() == want:
        return
    if not os.path.exists(PY):
        log(f"creating {VENV}")
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
    log("installing " + " ".join(REQUIREMENTS))
    pip = [PY, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run(pip + REQUIREMENTS, check=True)
    for extra in OPTIONAL:
        if subprocess.run(pip + [extra]).returncode != 0:
            log(f"{extra} did not install; going on without it")
    with open(stamp, "w") as f:
        f.write(want)


def ensure_quarry(path):
    if path:
        return os.path.abspath(path)
    binary = os.path.join(REPO, "target", "release", "quarry")
    if not os.path.exists(binary):
        log("building Quarry in release mode (once; this takes a while)")
        subprocess.run(["cargo", "build", "--release", "-p", "quarry"], cwd=REPO, check=True)
    return binary


def ensure_data(sf, seed):
    out = os.path.join(HERE, "data", f"sf{sf:g}")
    if not os.path.exists(os.path.join(out, "manifest.json")):
        log(f"generating scale factor {sf:g} into {out}")
        subprocess.run([PY, os.path.join(HERE, "generate", "generate.py"), "--sf", str(sf),
                        "--seed", str(seed), "--out", out], check=True)
        subprocess.run([PY, os.path.join(HERE, "generate", "check.py"), out], check=True)
    with open(os.path.join(out, "manifest.json")) as f:
        return out, json.load(f)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Moto:
    """moto_server on 127.0.0.1 holding a copy of the data in s3://logbench/."""

    def __init__(self, data_dir, prefix):
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen([os.path.join(VENV, "bin", "moto_server"), "-H", "127.0.0.1",
                                      "-p", str(self.port)], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        log(f"moto_server on {self.endpoint}; uploading {data_dir}")
        upload = (
            "import boto3, os, sys\n"
            "s3 = boto3.client('s3', endpoint_url=sys.argv[1], region_name='us-east-1',\n"
            "                  aws_access_key_id='testing', aws_secret_access_key='testing')\n"
            "s3.create_bucket(Bucket=sys.argv[2])\n"
            "for d, _, files in os.walk(sys.argv[3]):\n"
            "    for f in files:\n"
            "        p = os.path.join(d, f)\n"
            "        s3.upload_file(p, sys.argv[2], sys.argv[4] + '/' + os.path.relpath(p, sys.argv[3]))\n")
        subprocess.run([PY, "-c", upload, self.endpoint, BUCKET, data_dir, prefix], check=True)

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)


def queries(only):
    qdir = os.path.join(HERE, "queries")
    names = sorted(f for f in os.listdir(qdir) if f.endswith(".sql"))
    if only:
        keep = set(only.split(","))
        names = [n for n in names if n.split("_", 1)[0] in keep or n in keep]
    return [os.path.join(qdir, n) for n in names]


def meta(path, key):
    m = re.search(rf"^-- {key}: (\S+)", open(path).read(), re.M)
    return m.group(1) if m else None


def timed_child(cmd, env):
    """Runs cmd; returns (seconds, peak RSS in kB, return code, stdout, stderr)."""
    out, err = tempfile.TemporaryFile(), tempfile.TemporaryFile()
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    out.seek(0)
    err.seek(0)
    return seconds, usage.ru_maxrss, proc.returncode, out.read().decode(errors="replace"), \
        err.read().decode(errors="replace")


def quarry_env():
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("AWS_") and not k.startswith("QUARRY_")}
    env.update({"AWS_EC2_METADATA_DISABLED": "true", "AWS_CONFIG_FILE": "/nonexistent/logbench",
                "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/logbench",
                "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                "AWS_REGION": "us-east-1"})
    return env


def run_quarry(binary, qpaths, root, reps, endpoint):
    """Each run is a fresh process: its time includes start-up and the DDL."""
    results = []
    env = quarry_env()
    base = [binary, "-q", "--no-catalog", "--no-demo", "--format", "csv"]
    if endpoint:
        base += ["--endpoint-url", endpoint, "--region", "us-east-1"]
    for q in qpaths:
        table = meta(q, "table")
        setup = open(os.path.join(HERE, "queries", "setup", "quarry", f"{table}.sql")).read()
        with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as f:
            f.write(setup.replace("{root}", root) + "\n" + open(q).read().rstrip().rstrip(";") + ";\n")
            script = f.name
        res = {"query": os.path.basename(q), "times": [], "rss": [], "rows": None, "error": None}
        for _ in range(reps):
            secs, rss, rc, out, err = timed_child(base + ["-f", script], env)
            if rc != 0:
                first = next((ln for ln in err.splitlines() if ln.strip()), f"exit status {rc}")
                res["error"] = ("quarry: format not readable yet (" + first.strip()[:160] + ")"
                                if NOT_READABLE.search(err) else "quarry: " + first.strip()[:200])
                break
            res["times"].append(secs)
            res["rss"].append(rss)
            res["rows"] = list(csv.reader(io.StringIO(out)))[1:]
        os.unlink(script)
        if res["rss"]:
            res["peak_rss_kb"] = max(res["rss"])
        results.append(res)
        log(f"quarry {res['query']}: " + (res["error"] or f"{statistics.median(res['times']):.3f} s"))
    return results


TIMING = re.compile(r"^quarry: statement at .*?: \d+ rows? in ([0-9.]+) s", re.M)


def run_quarry_warm(binary, qpaths, root, reps, endpoint):
    """One process per query, as the peers run: the table's DDL, then the
    query reps + 1 times; the first run (cold caches, listing) is dropped and
    the rest are timed by Quarry itself (`--timing`). Answers are the
    process runs' (same binary), so none are kept here."""
    results = []
    env = quarry_env()
    base = [binary, "-q", "--timing", "--no-catalog", "--no-demo", "--format", "csv"]
    if endpoint:
        base += ["--endpoint-url", endpoint, "--region", "us-east-1"]
    for q in qpaths:
        table = meta(q, "table")
        setup = open(os.path.join(HERE, "queries", "setup", "quarry", f"{table}.sql")).read()
        query = open(q).read().rstrip().rstrip(";") + ";\n"
        with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as f:
            f.write(setup.replace("{root}", root) + "\n" + query * (reps + 1))
            script = f.name
        res = {"query": os.path.basename(q), "times": [], "rows": None, "error": None}
        secs, rss, rc, out, err = timed_child(base + ["-f", script], env)
        os.unlink(script)
        times = [float(t) for t in TIMING.findall(err)]
        if rc != 0 or len(times) < reps + 1:
            res["error"] = "quarry: " + next((ln for ln in err.splitlines() if "error" in ln),
                                             f"exit status {rc}").strip()[:200]
        else:
            res["times"] = times[-reps:]
            res["peak_rss_kb"] = rss
        results.append(res)
        log(f"quarry warm {res['query']}: " + (res["error"] or f"{statistics.median(res['times']):.3f} s"))
    return results


def run_peer(engine, qpaths, root, reps, endpoint):
    cmd = [PY, os.path.join(HERE, "peers.py"), "--engine", engine, "--root", root,
           "--reps", str(reps)] + (["--s3-endpoint", endpoint] if endpoint else []) + qpaths
    proc = subprocess.run(cmd, capture_output=True, text=True)
    results = []
    for line in proc.stdout.splitlines():
        if line.startswith("{"):
            results.append(json.loads(line))
    seen = {r["query"] for r in results}
    for q in qpaths:
        if os.path.basename(q) not in seen:
            tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
            results.append({"query": os.path.basename(q), "error": f"{engine}: crashed: {tail[:200]}"})
    for r in results:
        log(f"{engine} {r['query']}: " + (r.get("error") or f"{statistics.median(r['times']):.3f} s"))
    return results


def check_answers(qpaths, by_engine):
    """Per query: the reference answer's engine and each engine's verdict."""
    verdicts = {}
    for q in qpaths:
        name = os.path.basename(q)
        tol = float(meta(q, "tolerance") or 1e-6)
        answers = {e: r for e, rs in by_engine.items() for r in rs
                   if r["query"] == name and r.get("rows") is not None and not r.get("error")}
        ref = next((e for e in PEERS if e in answers), next(iter(answers), None))
        v = {}
        for e, r in answers.items():
            ok, why = compare.agree(answers[ref]["rows"], r["rows"], tol)
            v[e] = "same" if ok else f"differs from {ref}: {why}"
        verdicts[name] = v
    return verdicts


def floors(data_dir, manifest):
    """The physical limit: inflating the gzip files, decoding the Parquet."""
    out = {}
    for ds in ("cloudtrail", "alb", "vpcflow"):
        files = [os.path.join(d, f) for d, _, fs in os.walk(os.path.join(data_dir, ds)) for f in fs]
        raw = manifest["datasets"][ds]["bytes"]
        ones, pars = [], []
        for _ in range(3):
            t0 = time.perf_counter()
            for chunk in range(0, len(files), 500):
                subprocess.run(["gzip", "-dc"] + files[chunk:chunk + 500], stdout=subprocess.DEVNULL,
                               check=True)
            ones.append(time.perf_counter() - t0)
            # Files split between the cores, as an engine reading files in parallel would.
            per = max(1, -(-len(files) // (os.cpu_count() or 1)))
            t0 = time.perf_counter()
            subprocess.run(["xargs", "-0", "-P", str(os.cpu_count() or 1), "-n", str(per), "gzip", "-dc"],
                           input="\0".join(files).encode(), stdout=subprocess.DEVNULL, check=True)
            pars.append(time.perf_counter() - t0)
        out[ds] = {"bytes": raw, "gzip_1core_s": statistics.median(ones),
                   "gzip_allcores_s": statistics.median(pars)}
    if manifest.get("parquet"):
        # The first read pays for thread pools and dataset discovery; report the median of three.
        code = ("import sys, time, statistics, pyarrow.parquet as pq\n"
                "ts = []\n"
                "for _ in range(3):\n"
                "    t = time.perf_counter(); tb = pq.read_table(sys.argv[1]); ts.append(time.perf_counter() - t)\n"
                "print(statistics.median(ts), tb.nbytes, tb.num_rows)")
        res = subprocess.run([PY, "-c", code, os.path.join(data_dir, "vpcflow-parquet")],
                             capture_output=True, text=True, check=True)
        secs, nbytes, nrows = res.stdout.split()
        out["vpcflow_parquet"] = {"bytes": int(nbytes), "rows": int(nrows), "decode_s": float(secs)}
    return out


def versions(quarry):
    code = "import duckdb, datafusion, pyarrow; print(duckdb.__version__, datafusion.__version__, pyarrow.__version__)"
    d, f, p = subprocess.run([PY, "-c", code], capture_output=True, text=True).stdout.split()
    out = {"duckdb": d, "datafusion": f, "pyarrow": p}
    if quarry:
        rev = subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"], capture_output=True,
                             text=True).stdout.strip()
        qv = subprocess.run([quarry, "--version"], capture_output=True, text=True).stdout.strip()
        out["quarry"] = f"{qv} (git {rev})"
    return out


def machine():
    cpu = "unknown"
    try:
        cpu = next(ln.split(":", 1)[1].strip() for ln in open("/proc/cpuinfo") if ln.startswith("model name"))
    except (OSError, StopIteration):
        pass
    mem = next((ln.split()[1] for ln in open("/proc/meminfo") if ln.startswith("MemTotal")), "0")
    return {"cpu": cpu, "cores": os.cpu_count(), "mem_gb": round(int(mem) / 1e6, 1),
            "os": f"{platform.system()} {platform.release()}", "python": platform.python_version(),
            "load": " ".join(f"{x:.1f}" for x in os.getloadavg())}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sf", type=float, default=0.1, help="scale factor (1 is about 1 GB uncompressed)")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--reps", type=int, default=3, help="runs per query and engine (median reported)")
    p.add_argument("--s3", action="store_true", help="also run through moto_server on 127.0.0.1")
    p.add_argument("--quarry", help="Quarry binary to use (default target/release/quarry, built if absent)")
    p.add_argument("--only", help="comma-separated query numbers, e.g. 01,13")
    p.add_argument("--engines", default="quarry," + ",".join(PEERS))
    p.add_argument("--out", default=os.path.join(HERE, "RESULTS.md"))
    p.add_argument("--from-raw", metavar="JSON", help="only rewrite --out from a raw results file")
    a = p.parse_args()
    if a.from_raw:
        with open(a.from_raw) as f:
            raw = json.load(f)
        names = {r["query"] for run in raw["runs"].values() for rs in run["results"].values() for r in rs}
        qpaths = [os.path.join(HERE, "queries", n) for n in sorted(names)]
        with open(a.out, "w") as f:
            f.write(report.markdown(raw["facts"], qpaths, raw["runs"], raw["floor"]))
        return
    load_before = machine()["load"]
    ensure_venv()
    data_dir, manifest = ensure_data(a.sf, a.seed)
    engines = a.engines.split(",")
    quarry = ensure_quarry(a.quarry) if "quarry" in engines else None
    qpaths = queries(a.only)
    locations = [("local", data_dir, None)]
    moto = None
    try:
        if a.s3:
            prefix = f"sf{a.sf:g}"
            moto = Moto(data_dir, prefix)
            locations.append(("s3", f"s3://{BUCKET}/{prefix}", moto.endpoint))
        runs = {}
        for where, root, endpoint in locations:
            by_engine = {}
            if quarry:
                by_engine["quarry"] = run_quarry(quarry, qpaths, root, a.reps, endpoint)
                by_engine["quarry_warm"] = run_quarry_warm(quarry, qpaths, root, a.reps, endpoint)
            for e in PEERS:
                if e in engines:
                    by_engine[e] = run_peer(e, qpaths, root, a.reps, endpoint)
            runs[where] = {"results": by_engine, "verdicts": check_answers(qpaths, by_engine)}
    finally:
        if moto:
            moto.stop()
    floor = floors(data_dir, manifest)
    facts = {"machine": machine(), "versions": versions(quarry),
             "command": "python3 benches/run.py " + " ".join(sys.argv[1:]),
             "sf": a.sf, "reps": a.reps, "manifest": manifest, "quarry_binary": quarry,
             "load_before": load_before}
    raw_dir = os.path.join(REPO, "target", "logbench")
    os.makedirs(raw_dir, exist_ok=True)
    raw = os.path.join(raw_dir, time.strftime("results-%Y%m%dT%H%M%S.json"))
    with open(raw, "w") as f:
        json.dump({"facts": facts, "runs": runs, "floor": floor}, f, indent=1)
    with open(a.out, "w") as f:
        f.write(report.markdown(facts, qpaths, runs, floor))
    log(f"wrote {a.out} (raw figures in {raw})")


if __name__ == "__main__":
    main()
