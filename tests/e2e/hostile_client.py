#!/usr/bin/env python3
# SPDX-License-Identifier: BSL-1.0
"""Hostile clients against `chime-voice-local` (issue 14).

usage: hostile_client.py --server PATH --seed PATH [--only NAME ...]

Raw sockets, no HTTP library: each malformed message must get the stated HTTP
status and `Connection: close`, then the connection must end; 200 concurrent
connections are all answered (or get 503 beyond --max-connections); a
slowloris is cut within the read timeout while a normal client is served;
two pipelined requests get two answers in order; under a descriptor limit of
40 the accept loop backs off instead of spinning and recovers; no refused
request changes the inventory (checked with signed ListPhoneNumbers calls).
Exit 0 = pass, 1 = fail.
"""
import argparse
import datetime
import hashlib
import hmac
import json
import os
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

from loopback import LoopbackService

ACCESS_KEY = "AKIDEXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
REGION = "us-east-1"


class Failure(Exception):
    pass


def check(cond, what, detail=""):
    if not cond:
        raise Failure(what + ("\n" + str(detail) if detail else ""))
    print("  ok: " + what)


class Service(LoopbackService):
    def __init__(self, server, seed, tmp, flags, nofile=None):
        preexec = None
        if nofile is not None:
            def preexec():
                resource.setrlimit(resource.RLIMIT_NOFILE, (nofile, nofile))
        super().__init__([server, "--seed", seed, "--access-key-id", ACCESS_KEY, "--secret-access-key", SECRET_KEY,
                          "--region", REGION, "--timeout", "110", "--max-requests", "100000"] + flags,
                         tempfile.mktemp(prefix="port-", dir=tmp), error=Failure, preexec_fn=preexec)

    def cpu_seconds(self):
        with open("/proc/%d/stat" % self.proc.pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime

    def stop(self):
        return super().stop(strict=True)


# An independent SigV4 signer (SigV4 docs, "Create a signed AWS API request"):
# header-signed, host and x-amz-date signed, the body hashed.
def signed_request(port, method, path, query="", body=b"", extra=None):
    now = datetime.datetime.now(datetime.timezone.utc)
    amz_date = now.strftime("%Y%m%dT%H%M%SZ")
    day = amz_date[:8]
    host = "127.0.0.1:%d" % port
    headers = {"host": host, "x-amz-date": amz_date}
    if body:
        headers["content-type"] = "application/json"
    signed = ";".join(sorted(headers))
    canonical_query = "&".join(sorted(query.split("&"))) if query else ""  # (values here need no encoding)
    # The path as sent is already percent-encoded; SigV4 encodes it once more (services other than S3).
    canonical_path = urllib.parse.quote(path, safe="/-_.~")
    canonical = "\n".join([method, canonical_path, canonical_query] + ["%s:%s" % (k, headers[k]) for k in sorted(headers)] +
                          ["", signed, hashlib.sha256(body).hexdigest()])
    scope = "%s/%s/chime/aws4_request" % (day, REGION)
    to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()])
    key = ("AWS4" + SECRET_KEY).encode()
    for part in (day, REGION, "chime", "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    sig = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    headers["authorization"] = "AWS4-HMAC-SHA256 Credential=%s/%s, SignedHeaders=%s, Signature=%s" % (
        ACCESS_KEY, scope, signed, sig)
    lines = ["%s %s%s HTTP/1.1" % (method, path, "?" + query if query else "")]
    lines += ["%s: %s" % (k, v) for k, v in headers.items()]
    lines += list(extra or [])
    if body or method == "POST":
        lines.append("content-length: %d" % len(body))
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


class Reader:
    """Reads HTTP/1.1 responses (Content-Length framed, as the service sends) from a socket."""

    def __init__(self, sock, timeout=5):
        self.sock = sock
        self.sock.settimeout(timeout)
        self.buf = b""
        self.eof = False
        self.error = None

    def _more(self):
        try:
            d = self.sock.recv(65536)
        except (ConnectionResetError, socket.timeout, OSError) as e:
            self.error = e
            self.eof = True
            return False
        if not d:
            self.eof = True
            return False
        self.buf += d
        return True

    def response(self):
        while b"\r\n\r\n" not in self.buf:
            if not self._more():
                return None
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ")[1])
        headers = {}
        for line in lines[1:]:
            k, v = line.split(":", 1)
            headers[k.strip().lower()] = v.strip()
        n = int(headers.get("content-length", "0"))
        while len(self.buf) < n:
            if not self._more():
                return None
        body, self.buf = self.buf[:n], self.buf[n:]
        return status, headers, body

    def closed(self):
        """True when the peer ends the connection (EOF or reset) with nothing more sent."""
        while not self.eof:
            self._more()
        return self.buf == b"" and not isinstance(self.error, socket.timeout)


def connect(port):
    return socket.create_connection(("127.0.0.1", port), timeout=5)


def exchange(port, raw, timeout=5):
    s = connect(port)
    try:
        s.sendall(raw)
        r = Reader(s, timeout)
        return r.response(), r
    finally:
        pass


def inventory(port):
    """The whole inventory by a signed ListPhoneNumbers (GET /phone-numbers)."""
    s = connect(port)
    try:
        s.sendall(signed_request(port, "GET", "/phone-numbers"))
        res = Reader(s).response()
    finally:
        s.close()
    if res is None or res[0] != 200:
        raise Failure("signed ListPhoneNumbers failed: %r" % (res,))
    return json.loads(res[2])["PhoneNumbers"]


# ------------------------------------------------------------------ checks

def malformed_cases(port):
    """(name, bytes, expected status). A signed batch-delete of +12065550100
    is smuggled into several, so a refused request that was acted on shows up
    in the inventory."""
    bd_body = b'{"PhoneNumberIds":["+12065550100"]}'
    smuggled = signed_request(port, "POST", "/phone-numbers", "operation=batch-delete", bd_body)
    signed_head = smuggled.split(b"\r\n\r\n", 1)[0]
    no_length = b"\r\n".join(l for l in signed_head.split(b"\r\n") if not l.lower().startswith(b"content-length"))
    return [
        ("bad request line", b"HELLO WORLD\r\n\r\n", 400),
        ("bad version", b"GET /phone-numbers HTTP/9.Z\r\nHost: x\r\n\r\n", 400),
        ("bare LF line ends", b"GET /phone-numbers HTTP/1.1\nHost: x\n\n", 400),
        ("bare LF inside the headers", b"GET /phone-numbers HTTP/1.1\r\nHost: x\nX-A: b\r\n\r\n", 400),
        ("NUL in a header value", b"GET /phone-numbers HTTP/1.1\r\nHost: x\r\nX-A: a\x00b\r\n\r\n", 400),
        ("NUL in the target", b"GET /phone-numbers\x00/x HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        ("header without colon", b"GET /phone-numbers HTTP/1.1\r\nHost: x\r\nnocolon\r\n\r\n", 400),
        ("bad chunk size", no_length + b"\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n" + bd_body + b"\r\n0\r\n\r\n", 400),
        ("chunk without CRLF", no_length + b"\r\nTransfer-Encoding: chunked\r\n\r\n%x\r\n" % len(bd_body) + bd_body +
         b"XX0\r\n\r\n", 400),
        ("Content-Length and Transfer-Encoding", signed_head + b"\r\nTransfer-Encoding: chunked\r\n\r\n" +
         b"%x\r\n" % len(bd_body) + bd_body + b"\r\n0\r\n\r\n", 400),
        ("conflicting Content-Lengths", no_length + b"\r\nContent-Length: %d\r\nContent-Length: 3\r\n\r\n" % len(bd_body) +
         bd_body, 400),
        ("negative Content-Length", no_length + b"\r\nContent-Length: -1\r\n\r\n" + bd_body, 400),
        ("Transfer-Encoding xchunked (smuggled request behind it)",
         b"POST /phone-numbers?operation=batch-update HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: xchunked\r\n\r\n" +
         smuggled, 501),
        ("Transfer-Encoding gzip, chunked", no_length + b"\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", 501),
        ("HTTP/1.1 without Host (even with --allow-unsigned-get)",
         b"GET /phone-numbers/%2B12065550101 HTTP/1.1\r\nX-A: b\r\n\r\n", 400),
        ("two Host headers", b"GET /phone-numbers/%2B12065550101 HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
        ("headers over the limit", b"GET /phone-numbers HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 20000 + b"\r\n\r\n", 431),
        ("many headers over the limit", b"GET /phone-numbers HTTP/1.1\r\nHost: x\r\n" +
         b"".join(b"X-%d: v\r\n" % i for i in range(3000)) + b"\r\n", 431),
        ("body over the limit", no_length + b"\r\nContent-Length: 5000000\r\n\r\n" + b"{" * 70000, 413),
    ]


def check_malformed(svc):
    print("malformed requests")
    before = inventory(svc.port)
    for name, raw, status in malformed_cases(svc.port):
        res, reader = exchange(svc.port, raw)
        check(res is not None, "%s: an HTTP answer, not a dropped connection" % name, reader.error)
        check(res[0] == status, "%s: status %d" % (name, status), res)
        check(res[1].get("connection", "").lower() == "close", "%s: Connection: close" % name, res[1])
        check(res[1].get("x-amzn-requestid") and res[1].get("date", "").endswith(" GMT"),
              "%s: x-amzn-RequestId and Date" % name, res[1])
        check(reader.closed(), "%s: the connection is closed after the answer (nothing else sent)" % name,
              reader.buf[:300])
        reader.sock.close()
    after = inventory(svc.port)
    check(before == after, "no refused request changed the inventory", json.dumps([before, after])[:2000])
    target = [p for p in after if p["PhoneNumberId"] == "+12065550100"]
    check(target and target[0]["Status"] == "Unassigned", "the smuggled batch-delete was not executed", target)
    # Positive control: the same batch-delete, correctly chunked, is served and acts.
    body = b'{"PhoneNumberIds":["+18005550104"]}'
    head = signed_request(svc.port, "POST", "/phone-numbers", "operation=batch-delete", body).split(b"\r\n\r\n")[0]
    head = b"\r\n".join(l for l in head.split(b"\r\n") if not l.lower().startswith(b"content-length"))
    chunked = head + b"\r\nTransfer-Encoding: chunked\r\n\r\n" + b"".join(
        b"%x\r\n%s\r\n" % (len(body[i:i + 7]), body[i:i + 7]) for i in range(0, len(body), 7)) + b"0\r\n\r\n"
    res, reader = exchange(svc.port, chunked)
    reader.sock.close()
    check(res is not None and res[0] == 200 and json.loads(res[2]) == {"PhoneNumberErrors": []},
          "a correctly chunked, signed batch-delete is served", res)
    tf = [p for p in inventory(svc.port) if p["PhoneNumberId"] == "+18005550104"]
    check(tf and tf[0]["Status"] == "DeleteInProgress", "and it acted", tf)
    # Expect: 100-continue (RFC 9110 section 10.1.1): the interim answer comes before the body is sent.
    body = b'{"PhoneNumberIds":["+19995550199"]}'
    raw = signed_request(svc.port, "POST", "/phone-numbers", "operation=batch-delete", body)
    head, _ = raw.split(b"\r\n\r\n", 1)
    s = connect(svc.port)
    s.sendall(head + b"\r\nExpect: 100-continue\r\n\r\n")
    t0 = time.monotonic()
    r = Reader(s, 3)
    interim = r.response()
    waited = time.monotonic() - t0
    check(interim is not None and interim[0] == 100 and waited < 0.5, "Expect: 100-continue gets 100 Continue "
          "at once (%.3f s)" % waited, interim)
    s.sendall(body)
    final = r.response()
    check(final is not None and final[0] == 200 and json.loads(final[2])["PhoneNumberErrors"][0]["ErrorCode"] ==
          "NotFound", "then the answer to the request", final)
    s.close()
    res, reader = exchange(svc.port, b"GET /phone-numbers HTTP/1.1\r\nHost: x\r\nExpect: something-else\r\n\r\n")
    reader.sock.close()
    check(res is not None and res[0] == 417 and res[1].get("connection") == "close", "another Expect: 417", res)
    # The 400 for a bad request carries the model's BadRequestException; 501 has no modelled type.
    res, reader = exchange(svc.port, b"GET /phone-numbers HTTP/1.1\nHost: x\n\n")
    check(res[1].get("x-amzn-errortype") == "BadRequestException" and b"message" in res[2],
          "400 names BadRequestException, body has a message", res)
    reader.sock.close()
    # The service is still fine.
    res, reader = exchange(svc.port, signed_request(svc.port, "GET", "/voice-connectors/abcdef1ghij2klmno3pqr4"))
    check(res is not None and res[0] == 200, "a signed request is served after all that", res)
    reader.sock.close()


def call(port, method, path, query="", body=b""):
    res, reader = exchange(port, signed_request(port, method, path, query, body))
    reader.sock.close()
    if res is None:
        raise Failure("no answer to %s %s" % (method, path))
    return res[0], res[1].get("x-amzn-errortype", ""), (json.loads(res[2]) if res[2] else None), res[1]


def check_service_errors(svc):
    """The modelled errors of the lifecycle operations, by signed raw requests."""
    print("service errors")
    p = svc.port
    pn = "/phone-numbers/%2B12065550110"  # on the seed's Voice Connector
    cases = [
        (("POST", "/phone-numbers/%2B12065550101", "operation=restore"), 400, "BadRequestException",
         "restoring a number not in the deletion queue"),
        (("GET", "/phone-number-orders/00000000-0000-4000-8000-000000000000"), 404, "NotFoundException",
         "an unknown order"),
        (("GET", "/phone-numbers/%2B19995550199"), 404, "NotFoundException", "an unknown number"),
        (("DELETE", pn), 400, "BadRequestException", "DeletePhoneNumber of an associated number"),
        (("GET", "/no-such-thing"), 404, "UnknownOperationException", "a path no operation has"),
        (("POST", "/phone-numbers", "operation=batch-delete", b"{not json"), 400, "BadRequestException", "bad JSON"),
        (("GET", "/phone-numbers", "max-results=0"), 400, "BadRequestException", "max-results out of range"),
        (("GET", "/phone-numbers", "filter-name=UserName&filter-value=x"), 400, "BadRequestException",
         "a filter-name not in the model"),
        (("POST", "/voice-connectors", "", b'{"Name":"x"}'), 400, "BadRequestException",
         "CreateVoiceConnector without RequireEncryption"),
        (("POST", "/phone-number-orders", "", b'{"ProductType":"Fax","E164PhoneNumbers":["+12065550300"]}'), 400,
         "BadRequestException", "an order for a product type not in the model"),
        (("GET", "/search", "type=phone-numbers&country=FR"), 400, "BadRequestException", "search outside the US"),
        (("GET", "/sip-media-applications"), 400, "BadRequestException", "an operation not implemented"),
    ]
    for args, status, etype, what in cases:
        got = call(p, *args)
        check(got[0] == status and got[1] == etype and got[2].get("Code") and got[2].get("Message"),
              "%s: %d %s with Code and Message" % (what, status, etype), got)
    got = call(p, "GET", "/sip-media-applications")
    check("operation ListSipMediaApplications is not implemented by chime-voice-local" == got[2]["Message"],
          "the not-implemented message names the operation", got)
    # Success codes are the model's: 201 for creates, 204 (no body) for deletes.
    got = call(p, "POST", "/voice-connectors", "", b'{"Name":"hostile","RequireEncryption":false}')
    check(got[0] == 201 and got[2]["VoiceConnector"]["RequireEncryption"] is False, "CreateVoiceConnector: 201", got)
    vc = got[2]["VoiceConnector"]["VoiceConnectorId"]
    got = call(p, "DELETE", "/voice-connectors/" + vc)
    check(got[0] == 204 and got[2] is None and "content-type" not in got[3], "DeleteVoiceConnector: 204, no body", got)


def check_pipelining(svc):
    print("pipelining")
    raw = (signed_request(svc.port, "GET", "/voice-connectors/abcdef1ghij2klmno3pqr4") +
           signed_request(svc.port, "GET", "/phone-numbers", "max-results=1") +
           signed_request(svc.port, "GET", "/search", "type=phone-numbers&area-code=425&max-results=1",
                          extra=["connection: close"]))
    s = connect(svc.port)
    s.sendall(raw)  # three requests, one write
    r = Reader(s)
    answers = [r.response() for _ in range(3)]
    check(all(a is not None and a[0] == 200 for a in answers), "three answers, all 200", answers)
    docs = [json.loads(a[2]) for a in answers]
    check("VoiceConnector" in docs[0] and "PhoneNumbers" in docs[1] and "E164PhoneNumbers" in docs[2],
          "in the order sent (GetVoiceConnector, ListPhoneNumbers, SearchAvailablePhoneNumbers)", docs)
    check(len(docs[1]["PhoneNumbers"]) == 1 and docs[1].get("NextToken"), "max-results=1 pages", docs[1])
    check(docs[2]["E164PhoneNumbers"] == ["+14255550200"], "the search saw its own query", docs[2])
    check(len({a[1]["x-amzn-requestid"] for a in answers}) == 3, "three request ids", answers)
    check(r.closed(), "closed after the request with Connection: close")
    s.close()


def concurrent(port, n):
    """Opens n connections first, then sends a signed request on each; the answers' statuses."""
    socks = [connect(port) for _ in range(n)]
    time.sleep(0.5)  # let the service accept them all
    for s in socks:
        s.sendall(signed_request(port, "GET", "/phone-numbers", "max-results=1"))
    out = [Reader(s, 20).response() for s in socks]
    for s in socks:  # only now: a served connection stays open (keep-alive) until every answer is in
        s.close()
    return out


def check_concurrency(server, seed, tmp):
    print("concurrent connections")
    svc = Service(server, seed, tmp, ["--read-timeout", "20"])
    try:
        t0 = time.monotonic()
        res = concurrent(svc.port, 200)
        check(all(r is not None and r[0] == 200 for r in res), "200 concurrent connections all answered 200",
              [r and r[0] for r in res])
        print("    (200 answers in %.2f s)" % (time.monotonic() - t0))
    finally:
        svc.stop()
    svc = Service(server, seed, tmp, ["--read-timeout", "20", "--max-connections", "50"])
    try:
        res = concurrent(svc.port, 200)
        ok = [r for r in res if r is not None and r[0] == 200]
        busy = [r for r in res if r is not None and r[0] == 503]
        check(len(ok) == 50 and len(busy) == 150, "--max-connections 50: 50 served, 150 answered 503",
              "%d ok, %d busy, %d other" % (len(ok), len(busy), len(res) - len(ok) - len(busy)))
        check(all(b[1].get("x-amzn-errortype") == "ServiceUnavailableException" and
                  b[1].get("connection") == "close" for b in busy),
              "the 503s are ServiceUnavailableException with Connection: close", busy[:1])
        res, reader = exchange(svc.port, signed_request(svc.port, "GET", "/phone-numbers", "max-results=1"))
        check(res is not None and res[0] == 200, "served again once the connections are gone", res)
        reader.sock.close()
    finally:
        svc.stop()


def check_slowloris(server, seed, tmp):
    print("slowloris")
    timeout = 2.0
    svc = Service(server, seed, tmp, ["--read-timeout", str(timeout)])
    try:
        slow = connect(svc.port)
        idle = connect(svc.port)
        cut = {}

        def trickle(sock, key):
            t0 = time.monotonic()
            data = b"GET /phone-numbers HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 100
            try:
                for b in data:
                    sock.send(bytes([b]))
                    time.sleep(0.25)
                cut[key] = None  # never cut
            except OSError:
                cut[key] = time.monotonic() - t0

        def wait_close(sock, key):
            t0 = time.monotonic()
            sock.settimeout(30)
            try:
                d = sock.recv(100)
            except OSError:
                d = b""
            cut[key] = time.monotonic() - t0 if d == b"" else None

        th = [threading.Thread(target=trickle, args=(slow, "slow")), threading.Thread(target=wait_close,
                                                                                      args=(idle, "idle"))]
        for t in th:
            t.start()
        # Meanwhile a normal client is served, one request after the other.
        worst = 0.0
        served = 0
        t_end = time.monotonic() + timeout + 1.0
        while time.monotonic() < t_end:
            t0 = time.monotonic()
            res, reader = exchange(svc.port, signed_request(svc.port, "GET", "/phone-numbers", "max-results=1"))
            reader.sock.close()
            worst = max(worst, time.monotonic() - t0)
            check(res is not None and res[0] == 200, "normal request %d served during the slowloris" % (served + 1),
                  res) if served == 0 else None
            if res is None or res[0] != 200:
                raise Failure("a normal request failed during the slowloris: %r" % (res,))
            served += 1
            time.sleep(0.1)
        for t in th:
            t.join(40)
        check(served >= 5 and worst < 1.0, "%d normal requests served meanwhile, slowest %.3f s" % (served, worst))
        # The write that fails comes a little after the close: allow one trickle interval plus slack.
        check(cut.get("slow") is not None and timeout - 0.2 <= cut["slow"] <= timeout + 1.5,
              "the slowloris (1 byte / 0.25 s) is cut after %.2f s (read timeout %.1f s)" %
              (cut.get("slow") or -1, timeout), cut)
        check(cut.get("idle") is not None and timeout - 0.2 <= cut["idle"] <= timeout + 1.0,
              "an idle connection is cut after %.2f s" % (cut.get("idle") or -1), cut)
        slow.close()
        idle.close()
        check("status=timeout" in svc.log(), "the cut is logged", svc.log()[-2000:])
    finally:
        svc.stop()


def check_emfile(server, seed, tmp):
    print("out of file descriptors (RLIMIT_NOFILE 40)")
    svc = Service(server, seed, tmp, ["--read-timeout", "60"], nofile=40)
    socks = []
    try:
        res, reader = exchange(svc.port, signed_request(svc.port, "GET", "/phone-numbers", "max-results=1"))
        reader.sock.close()
        check(res is not None and res[0] == 200, "served before the limit", res)
        for _ in range(60):
            socks.append(connect(svc.port))  # the kernel completes them; the service cannot accept them all
        time.sleep(0.5)
        cpu0 = svc.cpu_seconds()
        time.sleep(2.0)
        cpu = svc.cpu_seconds() - cpu0
        log = svc.log()
        errors = log.count("accept failed")
        check(errors >= 1, "the accept failure is logged", log[-2000:])
        check(errors <= 3 and len(log.splitlines()) < 50, "logged %d time(s), %d log lines: no spin" %
              (errors, len(log.splitlines())), log[-3000:])
        check(cpu < 0.5, "%.2f s of CPU over 2 s while out of descriptors" % cpu)
        check(svc.proc.poll() is None, "still running")
        for s in socks:
            s.close()
        socks = []
        t0 = time.monotonic()
        res = None
        while time.monotonic() - t0 < 10:
            try:
                res, reader = exchange(svc.port, signed_request(svc.port, "GET", "/phone-numbers", "max-results=1"), 3)
                reader.sock.close()
            except OSError:
                res = None
            if res is not None and res[0] == 200:
                break
            time.sleep(0.2)
        check(res is not None and res[0] == 200, "serves again %.2f s after the connections closed" %
              (time.monotonic() - t0), res)
        check("accepting again after" in svc.log(), "the recovery is logged", svc.log()[-2000:])
        print("    " + [l for l in svc.log().splitlines() if "accepting again" in l][0])
    finally:
        for s in socks:
            s.close()
        svc.stop()


def check_secret_not_in_argv(svc):
    print("the secret")
    with open("/proc/%d/cmdline" % svc.proc.pid, "rb") as f:
        cmdline = f.read()
    check(SECRET_KEY.encode() not in cmdline and ACCESS_KEY.encode() in cmdline,
          "the secret is wiped from /proc/PID/cmdline (the access key id is not)", cmdline)
    check(SECRET_KEY not in svc.log(), "the secret is not in the log")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--server", required=True)
    ap.add_argument("--seed", required=True)
    ap.add_argument("--only", action="append", help="malformed, pipelining, concurrency, slowloris, emfile")
    args = ap.parse_args()
    only = set(args.only or ["malformed", "pipelining", "concurrency", "slowloris", "emfile"])
    tmp = tempfile.mkdtemp(prefix="chime-voice-hostile-")
    try:
        if only & {"malformed", "pipelining"}:
            svc = Service(args.server, args.seed, tmp, ["--allow-unsigned-get"])
            try:
                check_secret_not_in_argv(svc)
                if "malformed" in only:
                    check_malformed(svc)
                if "pipelining" in only:
                    check_pipelining(svc)
                    check_service_errors(svc)
            finally:
                svc.stop()
        if "concurrency" in only:
            check_concurrency(args.server, args.seed, tmp)
        if "slowloris" in only:
            check_slowloris(args.server, args.seed, tmp)
        if "emfile" in only:
            check_emfile(args.server, args.seed, tmp)
    except Failure as e:
        print("FAIL: %s" % e, file=sys.stderr)
        return 1
    print("PASS hostile_client")
    return 0


if __name__ == "__main__":
    sys.exit(main())
