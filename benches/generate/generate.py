#!/usr/bin/env python3
"""LogBench data generator.

    python3 benches/generate/generate.py --sf 0.01 [--seed 7] [--out DIR] [--jobs N]

Writes, under DIR (default benches/data/sf<SF>):

    cloudtrail/AWSLogs/<account>/CloudTrail/<region>/<yyyy>/<mm>/<dd>/*.json.gz
    alb/AWSLogs/<account>/elasticloadbalancing/<region>/<yyyy>/<mm>/<dd>/*.log.gz
    vpcflow/AWSLogs/<account>/vpcflowlogs/<region>/<yyyy>/<mm>/<dd>/*.log.gz
    vpcflow-parquet/year=<yyyy>/month=<mm>/day=<dd>/*.parquet   (needs pyarrow)
    manifest.json                                              (written last)

Scale factor 1 is about 1 GB uncompressed (500 MB CloudTrail, 300 MB ALB,
200 MB VPC flow text). Output depends only on --sf and --seed: each file has
its own seeded generator and gzip headers carry no time stamp.
Standard library only, except the Parquet copy (pyarrow); without pyarrow
the Parquet copy is skipped with a note.
"""

import argparse
import json
import multiprocessing
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import alb  # noqa: E402
import cloudtrail  # noqa: E402
import vpcflow  # noqa: E402
from common import file_count, rng_for, target_bytes, write_gzip  # noqa: E402

DATASETS = ["cloudtrail", "alb", "vpcflow"]
_CAST = {}


def cast(seed):
    """The fixed population (identities, clients, hosts), built once per process."""
    if seed not in _CAST:
        _CAST[seed] = {"cloudtrail": cloudtrail.Org(rng_for(seed, "org", 0)),
                       "alb": alb.Clients(rng_for(seed, "clients", 0)),
                       "vpcflow": vpcflow.Vpc(rng_for(seed, "vpc", 0))}
    return _CAST[seed]


def job(args):
    out, seed, sf, dataset, index, parquet = args
    rng = rng_for(seed, dataset, index)
    count, target = file_count(dataset, sf), target_bytes(dataset, sf)
    people = cast(seed)[dataset]
    if dataset == "cloudtrail":
        rel, body, n = cloudtrail.write_file(out, rng, people, index, count, target)
    elif dataset == "alb":
        rel, body, n = alb.write_file(out, rng, people, index, count, target)
    else:
        rel, body, recs, end = vpcflow.write_file(out, rng, people, index, count, target)
        n = len(recs)
        if parquet:
            prel = os.path.join(out, "vpcflow-parquet", vpcflow.parquet_rel(end, rel))
            os.makedirs(os.path.dirname(prel), exist_ok=True)
            vpcflow.to_parquet(prel, recs)
    path = os.path.join(out, dataset, rel)
    write_gzip(path, body)
    return dataset, len(body), os.path.getsize(path), n


def have_pyarrow():
    try:
        import pyarrow.parquet  # noqa: F401
        return True
    except ImportError:
        return False


def generate(out, sf, seed, jobs):
    parquet = have_pyarrow()
    if not parquet:
        print("pyarrow not found: skipping the Parquet copy of the VPC flow logs", file=sys.stderr)
    work = [(out, seed, sf, d, i, parquet) for d in DATASETS for i in range(file_count(d, sf))]
    totals = {d: {"files": 0, "bytes": 0, "gzip_bytes": 0, "records": 0} for d in DATASETS}
    began = time.time()
    with multiprocessing.Pool(jobs) as pool:
        for dataset, raw, packed, n in pool.imap_unordered(job, work, chunksize=4):
            t = totals[dataset]
            t["files"] += 1
            t["bytes"] += raw
            t["gzip_bytes"] += packed
            t["records"] += n
    manifest = {"sf": sf, "seed": seed, "datasets": totals, "parquet": parquet,
                "needle_request_id": cloudtrail.NEEDLE_REQUEST_ID,
                "seconds": round(time.time() - began, 1)}
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
    return manifest


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sf", type=float, default=0.01, help="scale factor (1 = about 1 GB uncompressed)")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--out", help="output directory (default benches/data/sf<SF>)")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    a = p.parse_args()
    if a.sf <= 0:
        p.error("--sf must be positive")
    out = a.out or os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                "data", f"sf{a.sf:g}")
    if os.path.exists(os.path.join(out, "manifest.json")):
        print(f"{out} is complete already (remove it to regenerate)", file=sys.stderr)
        return
    os.makedirs(out, exist_ok=True)
    m = generate(out, a.sf, a.seed, a.jobs)
    for d, t in m["datasets"].items():
        print(f"{d:11} {t['files']:6} files {t['records']:10} records "
              f"{t['bytes'] / 1e6:9.1f} MB ({t['gzip_bytes'] / 1e6:.1f} MB gzipped)")
    print(f"written to {out} in {m['seconds']} s")


if __name__ == "__main__":
    main()
