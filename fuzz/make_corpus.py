#!/usr/bin/env python3
# SPDX-License-Identifier: BSL-1.0
"""Writes the seed corpus of every fuzz target (fuzz/corpus/<target>/).

Usage: fuzz/make_corpus.py [TESTDATA_DIR]   (default: tests/data,
the vendored conformance data)

Seeds come from the conformance data (restJson1 response and error cases,
botocore's vectors for BatchDeletePhoneNumber, the endpoint tests, the SigV4
suites) written in each target's input format (see fuzz/fuzz_harness.hpp:
fields separated by the byte 0x1E, numbers as decimal text), plus a few
hand-written edge cases. Each seed file is named after its source case and
its content hash, and is kept under 4 KiB. Deterministic: running it twice
writes the same files; it first removes the old seeds of each target.
"""
import hashlib
import json
import os
import shutil
import sys

SEP = b"\x1e"
MAX_SEED = 4096
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "fuzz", "corpus")


def b(x):
    if isinstance(x, bytes):
        return x
    if x is None:
        return b""
    if isinstance(x, bool):
        return b"1" if x else b"0"
    return str(x).encode("utf-8", "surrogateescape")


def record(*fields):
    return SEP.join(b(f) for f in fields)


class Writer:
    def __init__(self):
        self.count = {}

    def reset(self, target):
        d = os.path.join(CORPUS, target)
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        self.count[target] = 0

    def add(self, target, name, data):
        if len(data) > MAX_SEED:
            return
        safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in name)[:60]
        digest = hashlib.sha1(data).hexdigest()[:10]
        with open(os.path.join(CORPUS, target, f"{safe}-{digest}"), "wb") as f:
            f.write(data)
        self.count[target] += 1


def load(td, rel):
    with open(os.path.join(td, rel), encoding="utf-8") as f:
        return json.load(f)


def responses(td):
    """(name, status, [(name, value)], body) from restJson1 and botocore."""
    out = []
    for c in load(td, "restjson1/cases.json")["cases"]:
        if c["kind"] in ("response", "error") and c.get("code") is not None:
            out.append((c["id"], c["code"], list((c.get("headers") or {}).items()), c.get("body") or ""))
    for c in load(td, "botocore-vectors/batch-delete-phone-number.json")["responses"]:
        out.append(("botocore-" + c["id"], c["status"], list((c.get("headers") or {}).items()), c.get("body") or ""))
    return out


def response_seeds(w, td):
    t = "fuzz_parse_response"
    w.reset(t)
    extra = [
        ("errors-3", 200, [("x-amzn-RequestId", "abc")],
         '{"PhoneNumberErrors":[{"PhoneNumberId":"+12065550100","ErrorCode":"NotFound","ErrorMessage":"x"},'
         'null,{"PhoneNumberId":"\\u00e9\\ud83d\\ude00","ErrorCode":"Validation","Unknown":[1,{"a":true}]}]}'),
        ("dup-keys", 200, [], '{"PhoneNumberErrors":[{"ErrorCode":"A","ErrorCode":"B"}],"PhoneNumberErrors":[]}'),
        ("deep", 200, [], "[" * 70 + "]" * 70),
        ("numbers", 200, [], '{"x":1e400,"y":-0.0,"z":123456789012345678901234567890}'),
        ("trailing", 200, [], '{} {}'),
        ("status-99", 99, [], "{}"),
        ("status-600", 600, [], "{}"),
        ("html-502", 502, [("Content-Type", "text/html")], "<html>Bad Gateway</html>"),
        ("type-header-list", 400, [("X-Amzn-Errortype", "NotFoundException,Other")], '{"Message":"m","Code":"NotFound"}'),
        ("wrong-type", 200, [], '{"PhoneNumberErrors":[{"ErrorCode":5}]}'),
        ("comment", 200, [], '{/* c */}'),
    ]
    for name, status, headers, body in responses(td) + extra:
        fields = [status, len(headers)]
        for k, v in headers:
            fields += [k, v]
        fields += [0, body]
        w.add(t, name, record(*fields))
        w.add(t, name + "-opts", record(*(fields[:-2] + [1 + 2 * 3 + 0x100 + (40 << 9), body])))


def error_type_seeds(w, td):
    t = "fuzz_error_type"
    w.reset(t)
    for name, status, headers, body in responses(td):
        hv = [v for k, v in headers if k.lower() == "x-amzn-errortype"]
        w.add(t, name, record(1 if hv else 0, status, hv[0] if hv else "", body))
    for i, raw in enumerate(["aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/x/",
                             " NotFoundException , Other", "a#b#c:d,e", "\t#:\t", "ThrottledClientException"]):
        w.add(t, f"raw-{i}", record(1, 429, raw, '{"__type":"%s","message":"m"}' % raw.replace('"', "")))
        w.add(t, f"body-{i}", record(0, 500, "", '{"code":"%s","Message":"m","Code":"Throttled"}' % raw))


def endpoint_seeds(w, td):
    t = "fuzz_resolve_endpoint"
    w.reset(t)
    cases = load(td, "endpoints/tests.json")["testCases"]
    legacy = os.path.join(td, "endpoints/legacy/tests-api-models-aws-2025-04.json")
    if os.path.exists(legacy):
        with open(legacy, encoding="utf-8") as f:
            lj = json.load(f)
        cases += lj.get("testCases", lj) if isinstance(lj, dict) else lj
    for i, c in enumerate(cases):
        p = c.get("params", {})
        flags = (1 if p.get("UseFIPS") else 0) | (2 if p.get("UseDualStack") else 0) | (4 if "Endpoint" in p else 0)
        w.add(t, f"tests-{i}", record(flags, p.get("Region", ""), p.get("Endpoint", "")))
    for i, e in enumerate(["http://127.0.0.1:8080", "https://[::1]:443/base/", "HTTPS://Example.COM:0443/a/b",
                           "http://user:pw@host", "https://host/./x", "https://host:80a", "https://h?x#y",
                           "https://[v1.x]/", "https://h%41st/", "https://a_b.example/", "http://host:65536"]):
        w.add(t, f"override-{i}", record(4, "us-west-2", e))
    for i, r in enumerate(["us-east-1", "cn-north-1", "us-gov-west-1", "us-iso-east-1", "eu-isoe-west-1",
                           "Us-East-1", "-bad", "a" * 64, "us-east-1/../x"]):
        w.add(t, f"region-{i}", record(i % 4, r, ""))


def parse_http_request(text):
    """(method, path, query, [(name, value)], body) from a suite request file."""
    head, _, body = text.partition(b"\n\n")
    lines = head.split(b"\n")
    method, _, rest = lines[0].partition(b" ")
    target = rest.rsplit(b" ", 1)[0]
    path, _, query = target.partition(b"?")
    headers = []
    for line in lines[1:]:
        if line[:1] in (b" ", b"\t") and headers:
            headers[-1] = (headers[-1][0], headers[-1][1] + b" " + line.strip())
            continue
        k, _, v = line.partition(b":")
        headers.append((k, v))
    return method, path, query, headers, body


def sign_seeds(w, td):
    t = "fuzz_sign"
    w.reset(t)
    w.reset("fuzz_verify")
    ts = 1440938160  # 2015-08-30T12:36:00Z, the suites' time
    reqs = []
    for suite in ("sigv4/v4", "sigv4/aws4_testsuite"):
        base = os.path.join(td, suite)
        if not os.path.isdir(base):
            continue
        for case in sorted(os.listdir(base)):
            d = os.path.join(base, case)
            for fn in ("request.txt", case + ".req"):
                p = os.path.join(d, fn)
                if os.path.isfile(p):
                    with open(p, "rb") as f:
                        reqs.append((suite.split("/")[-1] + "-" + case, parse_http_request(f.read())))
    for c in load(td, "botocore-vectors/batch-delete-phone-number.json")["requests"]:
        url = c["url"]
        target = url.split("://", 1)[1]
        target = target[target.index("/"):]
        path, _, query = target.partition("?")
        hs = [(k, v) for k, v in c["headers"].items() if k.lower() not in ("authorization", "x-amz-date")]
        reqs.append(("botocore-" + c["id"], (b"POST", b(path), b(query), [(b(k), b(v)) for k, v in hs], b(c["body"]))))
    for i, (name, (method, path, query, headers, body)) in enumerate(reqs):
        host = next((v for k, v in headers if k.lower() == b"host"), b"example.amazonaws.com")
        fields = [i % 64, ts, method, host, path, query, len(headers)]
        for k, v in headers:
            fields += [k, v]
        fields.append(body)
        w.add(t, name, record(*fields))
        # fuzz_verify: the same request, signed (or presigned, every other
        # one), with one byte of one part (i % 6) changed.
        vflags = (i % 64) & ~2 & ~32 | (32 if i % 2 else 0)
        w.add("fuzz_verify", name, record(vflags, i % 6, i, 3 * i + 1, 1 + i % 255, *fields[1:]))
    inj = [(b"X-Evil", b"a\r\nInjected: 1"), (b"Bad Name", b"v"), (b"x-amz-meta", b"  a   b  "), (b"x", b"\x00")]
    for i, (k, v) in enumerate(inj):
        w.add(t, f"inject-{i}", record(0, ts, "GET", "example.com", "/", "", 1, k, v, ""))
    w.add(t, "year-10000", record(0, 253402300800, "GET", "example.com", "/", "", 0, ""))
    w.add(t, "dots", record(8, ts, "GET", "example.com", "/a/./b/../%2E%2e/c//d", "b=2&a=1&a=&%41=%zz", 0, ""))


def sha256_seeds(w, td):
    t = "fuzz_sha256"
    w.reset(t)
    msgs = [b"", b"abc", b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", b"a" * 55, b"a" * 56,
            b"a" * 63, b"a" * 64, b"a" * 65, b"a" * 119, b"a" * 128, bytes(range(256)) * 4]
    keys = [b"", b"\x0b" * 20, b"Jefe", b"\xaa" * 131, b"k" * 64, b"k" * 65]
    for i, m in enumerate(msgs):
        k = keys[i % len(keys)]
        w.add(t, f"m{i}", record(i * 7919 + 1, k, m))
    w.add(t, "rfc4231-2", record(3, b"Jefe", b"what do ya want for nothing?"))


def round_trip_seeds(w, td):
    t = "fuzz_round_trip"
    w.reset(t)
    for c in load(td, "botocore-vectors/batch-delete-phone-number.json")["requests"]:
        ids = c["params"].get("PhoneNumberIds", [])
        w.add(t, "botocore-" + c["id"], record(0, *ids))
    samples = [
        ("uuid", ["8a2e4c1b-3f6d-4e7a-9b0c-1d2e3f4a5b6c"]),
        ("escapes", ['a"b\\c', "\n\t\x00\x1f", "\u2028\u2029\x7f"]),
        ("unicode", ["\u00e9", "\U0001F600", "\uffff", "\U0010FFFF"]),
        ("empty-id", [""]),
    ]
    for name, ids in samples:
        w.add(t, name, record(0, *ids))
    bad = [b"\xc0\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xe2\x82", b"\x80", b"ok\xff"]
    for i, x in enumerate(bad):
        w.add(t, f"bad-utf8-{i}", record(0, b"+1206555", x))
    w.add(t, "limits", record(3 + (5 << 3) + (100 << 9), "a", "bb", "ccc", "dddddd"))


def http_date_seeds(w, td):
    t = "fuzz_http_date"
    w.reset(t)
    dates = ["Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994",
             "Thu, 01 Jan 1970 00:00:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT", "Wed, 29 Feb 2023 00:00:00 GMT",
             "Tue, 30 Jun 2015 23:59:60 GMT", " \tSun, 06 Nov 1994 08:49:37 GMT ", "sun, 06 Nov 1994 08:49:37 gmt",
             "Thursday, 01-Jan-70 00:00:00 GMT", "Sat Jan  1 00:00:00 0001"]
    for i, d in enumerate(dates):
        w.add(t, f"date-{i}", record(1700000000, (i % 2) | (300 << 1), d))
        w.add(t, f"date-{i}-y2099", record(4070908800, 0, d))


def profile_seeds(w, td):
    t = "fuzz_profile"
    w.reset(t)
    config = ("[default]\nregion = us-east-1\n\n[profile dev]\nregion=eu-west-1 # comment\n"
              "s3 =\n  max_concurrent_requests = 5\n[sso-session x]\nsso_region = us-east-1\n")
    creds = ("# comment\n[default]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = secret\n"
             "[dev]\nAWS_ACCESS_KEY_ID=AKID2\naws_secret_access_key=s2\naws_session_token = tok\n[dev]\nregion=x\n")
    w.add(t, "config", record(0, "dev", config))
    w.add(t, "credentials", record(1, "default", creds))
    w.add(t, "credentials-crlf", record(1, "dev", creds.replace("\n", "\r\n")))
    for i, bad in enumerate(["[default\n", "region = x\n", "[default]\nnoequals\n", "[default] junk\n",
                             "[default]\n = v\n", "[profile  a ]\nregion=r\n"]):
        w.add(t, f"bad-{i}", record(i % 2, "default", bad))


def main():
    td = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "tests", "data")
    w = Writer()
    for f in (response_seeds, error_type_seeds, endpoint_seeds, sign_seeds, sha256_seeds, round_trip_seeds,
              http_date_seeds, profile_seeds):
        f(w, td)
    for target, n in sorted(w.count.items()):
        print(f"{target}: {n} seeds")


if __name__ == "__main__":
    main()
