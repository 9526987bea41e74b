#!/usr/bin/env python3
"""Checks generated LogBench data against what AWS delivers, straight from
the files (standard library only):

    python3 benches/generate/check.py benches/data/sf0.01

- object names follow AWS's layouts and the date folders match the name's time;
- every CloudTrail object is one gzipped {"Records":[...]} with the keys a
  record must have, 3-7% of records carry errorCode, userIdentity types
  include IAMUser, AssumedRole, Root and AWSService, console logins say
  MFAUsed Yes or No, and the needle request ID occurs exactly once;
- every ALB line has the 33 space-separated fields of the current format
  (quoted fields counted once);
- every VPC text object starts with the version 2 header and has 14 fields a
  line; the Parquet copy holds as many rows as the text.
"""

import collections
import gzip
import json
import os
import re
import shlex
import sys

import cloudtrail
import vpcflow

CT_NAME = re.compile(r"AWSLogs/(\d{12})/CloudTrail/([a-z0-9-]+)/(\d{4})/(\d\d)/(\d\d)/"
                     r"\1_CloudTrail_\2_(\d{4})(\d\d)(\d\d)T\d{4}Z_[A-Za-z0-9]{16}\.json\.gz$")
ALB_NAME = re.compile(r"AWSLogs/(\d{12})/elasticloadbalancing/([a-z0-9-]+)/(\d{4})/(\d\d)/(\d\d)/"
                      r"\1_elasticloadbalancing_\2_app\.[\w.-]+_(\d{4})(\d\d)(\d\d)T\d{4}Z_[\d.]+_\w{8}\.log\.gz$")
VPC_NAME = re.compile(r"AWSLogs/(\d{12})/vpcflowlogs/([a-z0-9-]+)/(\d{4})/(\d\d)/(\d\d)/"
                      r"\1_vpcflowlogs_\2_fl-\w+_(\d{4})(\d\d)(\d\d)T\d{4}Z_\w{8}\.log\.gz$")
REQUIRED = {"eventVersion", "userIdentity", "eventTime", "eventSource", "eventName", "awsRegion",
            "sourceIPAddress", "eventID", "eventType", "recipientAccountId"}


def files(root, sub):
    base = os.path.join(root, sub)
    return sorted(os.path.relpath(os.path.join(d, f), base) for d, _, fs in os.walk(base) for f in fs)


def check_name(pattern, rel):
    m = pattern.match(rel)
    assert m, f"object name not in AWS's layout: {rel}"
    y, mo, d, ny, nmo, nd = m.groups()[2:8]
    assert (y, mo, d) == (ny, nmo, nd), f"date folder differs from the name's time: {rel}"


def main(root):
    stats = collections.Counter()
    kinds, mfa = collections.Counter(), collections.Counter()
    for rel in files(root, "cloudtrail"):
        check_name(CT_NAME, rel)
        doc = json.loads(gzip.open(os.path.join(root, "cloudtrail", rel)).read())
        assert list(doc) == ["Records"], rel
        for r in doc["Records"]:
            missing = REQUIRED - set(r)
            assert not missing, f"{rel}: record without {missing}"
            stats["records"] += 1
            stats["errors"] += "errorCode" in r
            stats["needle"] += r.get("requestID") == cloudtrail.NEEDLE_REQUEST_ID
            kinds[r["userIdentity"].get("type")] += 1
            if r["eventName"] == "ConsoleLogin":
                mfa[r["additionalEventData"]["MFAUsed"]] += 1
            if r["userIdentity"].get("type") == "AssumedRole":
                assert "sessionIssuer" in r["userIdentity"]["sessionContext"], rel
    share = stats["errors"] / stats["records"]
    assert 0.03 <= share <= 0.07, f"error share {share:.3f}"
    assert stats["needle"] == 1, f"needle found {stats['needle']} times"
    assert {"IAMUser", "AssumedRole", "Root", "AWSService"} <= set(kinds), kinds
    assert set(mfa) == {"Yes", "No"}, mfa
    alb_lines = 0
    for rel in files(root, "alb"):
        check_name(ALB_NAME, rel)
        for line in gzip.open(os.path.join(root, "alb", rel), "rt"):
            fields = shlex.split(line)
            assert len(fields) == 33, f"{rel}: {len(fields)} fields in {line[:80]}"
            alb_lines += 1
    vpc_rows = 0
    for rel in files(root, "vpcflow"):
        check_name(VPC_NAME, rel)
        with gzip.open(os.path.join(root, "vpcflow", rel), "rt") as f:
            assert f.readline().rstrip("\n") == vpcflow.HEADER, rel
            for line in f:
                assert len(line.split(" ")) == 14, f"{rel}: {line[:80]}"
                vpc_rows += 1
    parquet_rows = None
    try:
        import pyarrow.parquet as pq
        parquet_rows = pq.read_table(os.path.join(root, "vpcflow-parquet")).num_rows
        assert parquet_rows == vpc_rows, f"Parquet {parquet_rows} rows, text {vpc_rows}"
    except ImportError:
        pass
    print(f"check.py: ok ({stats['records']} CloudTrail records, {share:.1%} errors, "
          f"{dict(kinds)}; {alb_lines} ALB lines; {vpc_rows} VPC rows; Parquet {parquet_rows})")


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    main(sys.argv[1] if len(sys.argv) > 1 else "benches/data/sf0.01")
