"""Shared pieces of the LogBench generator: seeded randomness, the fictional
organisation the logs describe, and deterministic gzip output.

Every data set draws from its own `random.Random` seeded from (seed, data
set, file number), so the same seed and scale factor give byte-identical
files whatever order or process they are written in.
"""

import datetime as dt
import gzip
import hashlib
import os
import random

ACCOUNT = "123456789012"
REGIONS = ["us-east-1", "eu-west-1"]
# The data covers one week; date-range queries select a few days of it.
START = dt.datetime(2026, 11, 1, tzinfo=dt.timezone.utc)
DAYS = 7
SPAN_SECONDS = DAYS * 86400

# Scale factor 1 is about 1 GB uncompressed, split as the issue describes.
BYTES_AT_SF1 = {"cloudtrail": 500_000_000, "alb": 300_000_000, "vpcflow": 200_000_000}
# Target uncompressed size of one delivered object, like a busy account's.
FILE_BYTES = {"cloudtrail": 250_000, "alb": 1_000_000, "vpcflow": 2_000_000}

ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
HEX = "0123456789abcdef"
UPPER_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


def rng_for(seed, dataset, index):
    """A generator private to one output file."""
    digest = hashlib.sha256(f"{seed}/{dataset}/{index}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def file_count(dataset, sf):
    """How many objects a data set is split into at scale factor `sf`."""
    total = BYTES_AT_SF1[dataset] * sf
    # At least one object per day, so every day-partition exists at small scale.
    return max(DAYS, round(total / FILE_BYTES[dataset]))


def target_bytes(dataset, sf):
    return BYTES_AT_SF1[dataset] * sf / file_count(dataset, sf)


def rand_str(rng, n, alphabet=ALNUM):
    return "".join(rng.choices(alphabet, k=n))


def uuid4(rng):
    h = rand_str(rng, 32, HEX)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) % 4]}{h[17:20]}-{h[20:]}"


def zipf_weights(n, s=1.1):
    """Weights for n items where the first few dominate, as in real logs."""
    return [1.0 / (i + 1) ** s for i in range(n)]


def slot_time(index, count, rng):
    """The end of the delivery window of object `index` of `count`, spread
    evenly over the week, on a five-minute boundary like AWS's names."""
    seconds = int(SPAN_SECONDS * (index + rng.random()) / count)
    seconds = min(seconds - seconds % 300 + 300, SPAN_SECONDS - 1)
    return START + dt.timedelta(seconds=seconds)


def iso_z(t, millis=False):
    if millis:
        return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond:06d}Z"
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def public_ip(rng):
    first = rng.choice([3, 18, 34, 35, 52, 54, 81, 91, 100, 142, 185, 203, 212])
    return f"{first}.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"


def write_gzip(path, data):
    """Writes `data` gzipped with a fixed mtime, so reruns are identical."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=6) as gz:
            gz.write(data)
    os.replace(tmp, path)
