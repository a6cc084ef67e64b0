#!/usr/bin/env python3
# SPDX-License-Identifier: BSL-1.0
"""End-to-end scenarios: the `chime-voice` command against `chime-voice-local`.

usage: run_e2e.py --cli PATH --server PATH --seed PATH SCENARIO
       run_e2e.py --list

Each scenario starts its own loopback service (fresh inventory, port chosen by
the service and read from a port file), runs the command with an isolated
environment (HOME and the shared files point into a temporary folder), checks
the exit status, the output and the service's per-request log, and stops the
service. Everything is bounded in time: every child process has a timeout and
the service has its own --timeout / --max-requests safety.
"""
import argparse
import datetime
import hashlib
import hmac
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

from loopback import LoopbackService

ACCESS_KEY = "AKIDEXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
REGION = "us-east-1"
CHILD_TIMEOUT = 40  # seconds for any single command run


class Failure(Exception):
    pass


def check(cond, what, detail=""):
    if not cond:
        raise Failure(what + ("\n" + detail if detail else ""))


class Service(LoopbackService):
    """A chime-voice-local process with its log."""

    def __init__(self, ctx, *flags):
        self.ctx = ctx
        super().__init__([ctx.server, "--seed", ctx.seed, "--access-key-id", ACCESS_KEY,
                          "--secret-access-key", SECRET_KEY, "--region", REGION, "--allow-unsigned-get",
                          "--timeout", "90", "--max-requests", "200"] + list(flags),
                         os.path.join(ctx.tmp, "port-%d" % ctx.next_id()), error=Failure)

    def requests(self):
        """The per-request log lines, as dicts."""
        out = []
        for line in self.log().splitlines():
            if not line.startswith("chime-voice-local: request="):
                continue
            fields = dict(kv.split("=", 1) for kv in line[len("chime-voice-local: "):].split(" ") if "=" in kv)
            out.append(fields)
        return out

    def batch_statuses(self):
        return [r["status"] for r in self.requests() if r.get("method") == "POST"]

    def get_number(self, number_id):
        url = self.url + "/phone-numbers/" + urllib.parse.quote(number_id, safe="")
        try:
            with urllib.request.urlopen(url, timeout=10) as r:
                return r.status, json.loads(r.read())
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read() or b"{}")


class Context:
    def __init__(self, args, tmp):
        self.cli = args.cli
        self.server = args.server
        self.seed = args.seed
        self.tmp = tmp
        self._n = 0
        self.services = []

    def next_id(self):
        self._n += 1
        return self._n

    def service(self, *flags):
        s = Service(self, *flags)
        self.services.append(s)
        return s

    def env(self, **overrides):
        home = os.path.join(self.tmp, "home")
        os.makedirs(home, exist_ok=True)
        e = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": home,
            "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
            "AWS_REGION": REGION,
            "AWS_CONFIG_FILE": os.path.join(self.tmp, "no-config"),
            "AWS_SHARED_CREDENTIALS_FILE": os.path.join(self.tmp, "no-credentials"),
        }
        for k, v in overrides.items():
            if v is None:
                e.pop(k, None)
            else:
                e[k] = v
        return e

    def run(self, args, env=None, stdin=None):
        p = subprocess.run([self.cli] + args, env=env or self.env(), input=stdin, capture_output=True,
                           text=True, timeout=CHILD_TIMEOUT)
        # Under ASan/UBSan builds a sanitizer report must fail the scenario even
        # when the exit status happens to be the expected one.
        check("Sanitizer" not in p.stderr and "runtime error:" not in p.stderr,
              "chime-voice reported a sanitizer error", p.stderr)
        return p.returncode, p.stdout, p.stderr

    def delete(self, svc, ids, *extra, env=None):
        return self.run(["batch-delete-phone-number", "--endpoint", svc.url, "--phone-number-ids"] + list(ids) +
                        list(extra), env=env)


def describe(rc, out, err, svc=None):
    s = "exit status %s\n--- stdout\n%s--- stderr\n%s" % (rc, out, err)
    if svc is not None:
        s += "--- service log\n" + svc.log()
    return s


# ------------------------------------------------------------------ scenarios

def scenario_clean_delete(ctx):
    svc = ctx.service()
    ids = ["+12065550100", "+12065550101"]
    rc, out, err = ctx.delete(svc, ids, "--debug")
    check(rc == 0, "a clean deletion exits 0", describe(rc, out, err, svc))
    doc = json.loads(out)
    check(doc["PhoneNumberErrors"] == [], "no per-number errors", out)
    check(doc["ResponseMetadata"]["RetryAttempts"] == 0, "one attempt (ResponseMetadata with --debug)", out)
    check(doc["ResponseMetadata"]["RequestId"] != "", "request id shown", out)
    check(doc["ResponseMetadata"]["HTTPStatusCode"] == 200, "status shown", out)
    check("2 of 2 phone number(s) queued for deletion" in err, "summary on stderr", err)
    for i in ids:
        status, body = svc.get_number(i)
        check(status == 200 and body["PhoneNumber"]["Status"] == "DeleteInProgress",
              "GET shows %s as DeleteInProgress" % i, json.dumps(body))
        created = body["PhoneNumber"]["UpdatedTimestamp"]
        deletion = body["PhoneNumber"]["DeletionTimestamp"]
        fmt = "%Y-%m-%dT%H:%M:%S.000Z"
        delta = datetime.datetime.strptime(deletion, fmt) - datetime.datetime.strptime(created, fmt)
        check(delta == datetime.timedelta(days=7), "deletion is 7 days later", json.dumps(body))
    status, body = svc.get_number("+12065550102")
    check(body["PhoneNumber"]["Status"] == "Unassigned", "other numbers untouched", json.dumps(body))
    check(svc.batch_statuses() == ["200"], "one request reached the service", svc.log())


def scenario_partial_failure(ctx):
    svc = ctx.service()
    ids = ["+12065550100", "+12065550110", "+12065550111", "+19995550199"]
    rc, out, err = ctx.delete(svc, ids)
    check(rc == 1, "some numbers failed: exit 1", describe(rc, out, err, svc))
    errors = {e["PhoneNumberId"]: e for e in json.loads(out)["PhoneNumberErrors"]}
    check(errors.get("+19995550199", {}).get("ErrorCode") == "NotFound", "unknown number is NotFound", out)
    check(errors.get("+12065550110", {}).get("ErrorCode") == "PhoneNumberAssociationsExist",
          "number on a Voice Connector is PhoneNumberAssociationsExist", out)
    check(errors.get("+12065550111", {}).get("ErrorCode") == "PhoneNumberAssociationsExist",
          "number of a user is PhoneNumberAssociationsExist", out)
    check("+12065550100" not in errors, "the free number was deleted", out)
    check("1 of 4 phone number(s) queued for deletion, 3 failed" in err, "summary", err)
    check(svc.get_number("+12065550100")[1]["PhoneNumber"]["Status"] == "DeleteInProgress", "state changed")
    check(svc.get_number("+12065550110")[1]["PhoneNumber"]["Status"] == "Assigned", "associated number kept")

    # The same call with text output: one tab-separated line per failed number, IDs shown.
    rc, out, err = ctx.delete(svc, ["+12065550110", "+19995550199"], "--output", "text")
    check(rc == 1, "text output: exit 1", describe(rc, out, err, svc))
    lines = sorted(out.strip().splitlines())
    check(len(lines) == 2, "two lines", out)
    check(lines[0].startswith("PHONENUMBERERRORS\tNotFound\t") and lines[0].endswith("\t+19995550199"),
          "NotFound line", out)
    check(lines[1].startswith("PHONENUMBERERRORS\tPhoneNumberAssociationsExist\t") and
          lines[1].endswith("\t+12065550110"), "PhoneNumberAssociationsExist line", out)


def scenario_wrong_secret(ctx):
    svc = ctx.service()
    rc, out, err = ctx.delete(svc, ["+12065550100"], env=ctx.env(AWS_SECRET_ACCESS_KEY="not-the-secret"))
    check(rc == 254, "a rejected signature is a service error: exit 254", describe(rc, out, err, svc))
    check("InvalidSignatureException" in err, "the error type is shown", err)
    check("The request signature we calculated does not match the signature you provided" in err,
          "the service's message is shown", err)
    check("HTTP status 403" in err and "request id" in err, "status and request id shown", err)
    check("not-the-secret" not in out + err, "the secret is never printed", err)
    check(svc.batch_statuses() == ["403"], "not retried", svc.log())
    check(svc.get_number("+12065550100")[1]["PhoneNumber"]["Status"] == "Unassigned", "nothing deleted")

    # An unknown access key id: UnrecognizedClientException.
    rc, out, err = ctx.delete(svc, ["+12065550100"], env=ctx.env(AWS_ACCESS_KEY_ID="AKIDUNKNOWN"))
    check(rc == 254 and "UnrecognizedClientException" in err, "unknown key id", describe(rc, out, err, svc))


def scenario_throttle_then_success(ctx):
    svc = ctx.service("--throttle-first", "2")
    rc, out, err = ctx.delete(svc, ["+12065550100"], "--max-attempts", "3", "--debug")
    check(rc == 0, "throttled twice, then success: exit 0", describe(rc, out, err, svc))
    check(json.loads(out)["ResponseMetadata"]["RetryAttempts"] == 2, "three attempts", out)
    check(svc.batch_statuses() == ["429", "429", "200"], "the service saw 429, 429, 200", svc.log())
    check(err.count("retrying (throttling)") == 2, "two throttling retries in the debug log", err)
    check("amz-sdk-request: attempt=3; max=3" in err, "attempt headers sent", err)

    # Every third request throttled: a call sees one 429 then succeeds.
    svc2 = ctx.service("--throttle-every", "3")
    rc, out, err = ctx.delete(svc2, ["+12065550101"], "--debug")
    check(rc == 0 and json.loads(out)["ResponseMetadata"]["RetryAttempts"] == 1, "429 then 200",
          describe(rc, out, err, svc2))


def scenario_unavailable_gives_up(ctx):
    svc = ctx.service("--fail-503", "10")
    rc, out, err = ctx.delete(svc, ["+12065550100"], "--max-attempts", "3")
    check(rc == 254, "503s beyond max attempts: exit 254", describe(rc, out, err, svc))
    check("ServiceUnavailableException" in err, "the error type is shown", err)
    check("gave up after 3 attempts" in err and "max_attempts_reached" in err, "says why it gave up", err)
    # botocore's ClientError text, as the AWS CLI v2 prints it.
    check("\nAn error occurred (ServiceUnavailableException) when calling the BatchDeletePhoneNumber operation "
          "(reached max retries: 2): " in err, "the AWS CLI's error line", err)
    check(svc.batch_statuses() == ["503", "503", "503"], "exactly max-attempts requests", svc.log())
    check(out == "", "nothing on stdout", out)

    # AWS_MAX_ATTEMPTS is honoured too.
    svc2 = ctx.service("--fail-503", "10")
    rc, out, err = ctx.delete(svc2, ["+12065550100"], env=ctx.env(AWS_MAX_ATTEMPTS="2"))
    check(rc == 254 and svc2.batch_statuses() == ["503", "503"], "AWS_MAX_ATTEMPTS=2",
          describe(rc, out, err, svc2))


def scenario_clock_skew(ctx):
    for skew in ("900", "-900"):
        svc = ctx.service("--clock-skew", skew)
        rc, out, err = ctx.delete(svc, ["+12065550100"], "--debug")
        check(rc == 0, "server clock %s s off: skew correction makes the retry succeed" % skew,
              describe(rc, out, err, svc))
        check(svc.batch_statuses() == ["403", "200"], "403 then 200", svc.log())
        check(json.loads(out)["ResponseMetadata"]["RetryAttempts"] == 1, "two attempts", out)
        check("server clock differs by" in err, "the correction is reported with --debug", err)
        reqs = svc.requests()
        check(reqs[0]["error"] == "InvalidSignatureException", "first attempt: InvalidSignatureException", svc.log())


def scenario_hostile_date(ctx):
    # Findings: a Date in year 0000 moved the signing clock by -63,963,378,195 s
    # (then "usage error"); one in year 9999 made every retry sign in 9999. A
    # Date more than 24 h from the local clock is now ignored and reported.
    for skew in ("-63900000000", "250000000000"):
        svc = ctx.service("--clock-skew", skew)
        rc, out, err = ctx.delete(svc, ["+12065550100"], "--debug")
        check(rc == 254, "server clock %s s off: a service error (exit 254), not a usage error" % skew,
              describe(rc, out, err, svc))
        check(svc.batch_statuses() == ["403"], "not retried with the hostile time", svc.log())
        check("ignoring the response's Date" in err, "the ignored Date is reported", err)
        check("correcting" not in err, "the clock is not corrected", err)


def scenario_closed_connection(ctx):
    svc = ctx.service("--close-first", "2")
    rc, out, err = ctx.delete(svc, ["+12065550100"], "--debug")
    check(rc == 0, "dropped connections are retried: exit 0", describe(rc, out, err, svc))
    check(svc.batch_statuses() == ["closed", "closed", "200"], "closed, closed, 200", svc.log())
    check("transport failure (connection_reset)" in err, "the transport failure is reported", err)
    check(svc.get_number("+12065550100")[1]["PhoneNumber"]["Status"] == "DeleteInProgress", "deleted")

    svc2 = ctx.service("--close-first", "5")
    rc, out, err = ctx.delete(svc2, ["+12065550100"], "--max-attempts", "2")
    check(rc == 255 and "gave up after 2 attempts" in err, "gives up on a dead connection: exit 255",
          describe(rc, out, err, svc2))


def scenario_shared_files(ctx):
    svc = ctx.service()
    creds = os.path.join(ctx.tmp, "credentials")
    config = os.path.join(ctx.tmp, "config")
    with open(creds, "w") as f:
        f.write("[default]\naws_access_key_id = AKIDWRONG\naws_secret_access_key = wrong\n\n"
                "# the right ones\n[e2e]\naws_access_key_id = %s\naws_secret_access_key = %s\n" %
                (ACCESS_KEY, SECRET_KEY))
    with open(config, "w") as f:
        f.write("[default]\nregion = eu-west-1\n[profile e2e]\nregion = %s ; inline comment\n" % REGION)
    base = dict(AWS_SHARED_CREDENTIALS_FILE=creds, AWS_CONFIG_FILE=config, AWS_ACCESS_KEY_ID=None,
                AWS_SECRET_ACCESS_KEY=None, AWS_REGION=None)
    rc, out, err = ctx.delete(svc, ["+12065550100"], "--profile", "e2e", "--debug", env=ctx.env(**base))
    check(rc == 0, "credentials and region from the shared files (--profile)", describe(rc, out, err, svc))
    check("/%s/chime/aws4_request" % REGION in err, "region from [profile e2e]", err)

    rc, out, err = ctx.delete(svc, ["+12065550101"], env=ctx.env(AWS_PROFILE="e2e", **base))
    check(rc == 0, "AWS_PROFILE selects the profile", describe(rc, out, err, svc))

    # --profile beats credentials in the environment (as in the AWS CLI).
    env = ctx.env(**dict(base, AWS_ACCESS_KEY_ID="AKIDENV", AWS_SECRET_ACCESS_KEY="envsecret"))
    rc, out, err = ctx.delete(svc, ["+12065550102"], "--profile", "e2e", env=env)
    check(rc == 0, "--profile ignores environment credentials", describe(rc, out, err, svc))

    # The default profile has wrong keys: the service says so.
    rc, out, err = ctx.delete(svc, ["+12065550103"], "--region", REGION, env=ctx.env(**base))
    check(rc == 254 and "UnrecognizedClientException" in err, "default profile used", describe(rc, out, err, svc))

    rc, out, err = ctx.delete(svc, ["+12065550103"], "--profile", "missing", env=ctx.env(**base))
    check(rc == 253 and "could not be found" in err, "a missing profile is a configuration error: 253", describe(rc, out, err))

    # Environment credentials, no region anywhere: usage error.
    rc, out, err = ctx.delete(svc, ["+12065550103"], env=ctx.env(AWS_REGION=None))
    check(rc == 253 and "region" in err, "no region: exit 253", describe(rc, out, err))
    rc, out, err = ctx.delete(svc, ["+12065550103"],
                              env=ctx.env(AWS_ACCESS_KEY_ID=None, AWS_SECRET_ACCESS_KEY=None))
    check(rc == 253 and "Unable to locate credentials" in err, "no credentials: exit 253", describe(rc, out, err))


def scenario_dry_run(ctx):
    svc = ctx.service()
    env = ctx.env(AWS_SESSION_TOKEN="session-token-secret")
    rc, out, err = ctx.delete(svc, ["+12065550100"], "--dry-run", env=env)
    check(rc == 0, "dry run exits 0", describe(rc, out, err, svc))
    # (text mode turns the CRLF line ends into LF)
    check(out.startswith("POST /phone-numbers?operation=batch-delete HTTP/1.1\n"), "request line", out)
    check("Authorization: AWS4-HMAC-SHA256 Credential=%s/" % ACCESS_KEY in out or
          "authorization: AWS4-HMAC-SHA256 Credential=%s/" % ACCESS_KEY in out, "signed", out)
    check(out.endswith('\n\n{"PhoneNumberIds":["+12065550100"]}'), "body shown exactly, no newline added", repr(out))
    check("Signature=<redacted>" in out and not re.search(r"Signature=[0-9a-f]{64}", out),
          "the signature is redacted without --show-signature", out)
    check(SECRET_KEY not in out + err and "session-token-secret" not in out + err, "no secrets printed", out)
    time.sleep(0.2)
    check(svc.requests() == [], "nothing was sent", svc.log())

    # Endpoint selection without --endpoint (nothing is sent with --dry-run).
    for flags, host, region in (([], "voice-chime.us-east-1.amazonaws.com", REGION),
                                (["--fips"], "voice-chime-fips.us-east-1.amazonaws.com", REGION),
                                (["--dual-stack"], "voice-chime.us-east-1.api.aws", REGION),
                                (["--region", "cn-north-1"], "voice-chime.cn-north-1.amazonaws.com.cn", "cn-north-1")):
        rc, out, err = ctx.run(["batch-delete-phone-number", "--phone-number-ids", "+12065550100", "--dry-run"] +
                               flags)
        check(rc == 0 and ("host: " + host) in out.lower(), "dry run %s: host %s" % (flags, host),
              describe(rc, out, err))
        check("/%s/chime/aws4_request" % region in out, "dry run %s: scope region %s" % (flags, region), out)
    rc, out, err = ctx.run(["batch-delete-phone-number", "--phone-number-ids", "+1", "--dry-run",
                            "--endpoint", "ftp://example.com"])
    check(rc == 253 and "endpoint" in err, "a bad --endpoint is a configuration error (253)", describe(rc, out, err))

    # --debug never shows the signature or the secret.
    rc, out, err = ctx.delete(svc, ["+12065550100"], "--debug", env=env)
    check(rc == 0, "debug run", describe(rc, out, err, svc))
    check("Signature=<redacted>" in err, "signature redacted", err)
    check(SECRET_KEY not in out + err and "session-token-secret" not in out + err, "no secrets in debug", err)


def scenario_usage(ctx):
    cases = [
        ([], "no command"),
        (["batch-delete-phone-number"], "no ids"),
        (["batch-delete-phone-number", "--phone-number-ids"], "empty ids"),
        (["batch-delete-phone-number", "--phone-number-ids", "+1", "--output", "xml"], "bad output"),
        (["batch-delete-phone-number", "--phone-number-ids", "+1", "--max-attempts", "0"], "bad attempts"),
        (["batch-delete-phone-number", "--phone-number-ids", "+1", "--bogus"], "unknown option"),
        (["delete-everything"], "unknown command"),
    ]
    for args, what in cases:
        rc, out, err = ctx.run(args)
        check(rc == 252, "usage error (%s): exit 252" % what, describe(rc, out, err))
        check("usage:" in err, "usage shown (%s)" % what, err)
    rc, out, err = ctx.run(["--help"])
    check(rc == 0, "--help exits 0", describe(rc, out, err))
    for word in ("--phone-number-ids", "--region", "--endpoint", "--fips", "--dual-stack", "--profile",
                 "--dry-run", "--output", "--max-attempts", "--debug", "Exit status", "AWS_PROFILE",
                 "AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE", "parse"):
        check(word in out, "--help mentions %s" % word, out)
    for word in ("130", "252", "253", "254", "255", "list-phone-numbers", "get-phone-number", "--retry-mode",
                 "--ca-bundle", "--no-verify-ssl", "--cli-connect-timeout", "--cli-read-timeout", "--show-signature",
                 "AWS_CA_BUNDLE", "https_proxy", "batch-delete-phone-number"):
        check(word in out, "--help mentions %s" % word, out)
    rc, out, err = ctx.run(["--version"])
    check(rc == 0 and out.startswith("chime-voice "), "--version", describe(rc, out, err))
    # Per-subcommand help, as the AWS CLI takes it, and --help after the command.
    for args in (["batch-delete-phone-number", "help"], ["batch-delete-phone-number", "--help"]):
        rc, out, err = ctx.run(args)
        check(rc == 0 and "--phone-number-ids" in out and "--batch-size" in out and "--cli-input-json" in out,
              "%s" % args, describe(rc, out, err))
    # Typo hints.
    rc, out, err = ctx.run(["batch-delete-phone-number", "--phone-numbr-ids", "+1"])
    check(rc == 252 and "Did you mean" in err and "--phone-number-ids" in err, "option typo hint",
          describe(rc, out, err))
    rc, out, err = ctx.run(["batch-delete-phone-numbr", "--phone-number-ids", "+1"])
    check(rc == 252 and "batch-delete-phone-number" in err, "command typo hint", describe(rc, out, err))
    # --opt=value for global options, before or after the command.
    rc, out, err = ctx.run(["--output=xml", "batch-delete-phone-number", "--phone-number-ids", "+1"])
    check(rc == 252 and "xml" in err, "--output=xml refused", describe(rc, out, err))
    rc, out, err = ctx.run(["batch-delete-phone-number", "--phone-number-ids", "+1", "--dry-run", "--region=eu-west-1"])
    check(rc == 0 and "/eu-west-1/chime/aws4_request" in out, "--region=... after the command", describe(rc, out, err))


def scenario_parse(ctx):
    ok = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nx-amzn-RequestId: req-123\r\n"
          "Content-Length: 88\r\n\r\n"
          '{"PhoneNumberErrors":[{"PhoneNumberId":"+1206","ErrorCode":"NotFound","ErrorMessage":"x"}]}')
    # Fix the length for whatever the body is.
    head, body = ok.split("\r\n\r\n", 1)
    ok = head.replace("Content-Length: 88", "Content-Length: %d" % len(body)) + "\r\n\r\n" + body
    rc, out, err = ctx.run(["parse"], stdin=ok)
    check(rc == 1, "a 200 with per-number errors: exit 1", describe(rc, out, err))
    check(json.loads(out)["PhoneNumberErrors"][0]["ErrorCode"] == "NotFound", "parsed", out)
    check("req-123" in err, "request id shown", err)

    throttled = ("HTTP/1.1 429 Too Many Requests\nX-Amzn-Errortype: ThrottledClientException\n"
                 "x-amzn-RequestId: req-429\n\n{\"Code\":\"Throttled\",\"Message\":\"Rate exceeded\"}")
    rc, out, err = ctx.run(["parse"], stdin=throttled)
    check(rc == 254, "an error response: exit 254", describe(rc, out, err))
    check("ThrottledClientException" in err and "req-429" in err and "retry class throttling" in err,
          "error described", err)

    rc, out, err = ctx.run(["parse"], stdin="this is not http")
    check(rc == 252, "garbage: exit 252", describe(rc, out, err))


# A small independent SigV4 signer (SigV4 docs, "Create a signed AWS API
# request"), to send the service requests the command would refuse to build.
def sign_request(method, host, path, query, body, now=None):
    now = now or datetime.datetime.now(datetime.timezone.utc)
    amz_date = now.strftime("%Y%m%dT%H%M%SZ")
    day = amz_date[:8]
    headers = {"host": host, "x-amz-date": amz_date, "content-type": "application/json"}
    signed = ";".join(sorted(headers))
    canonical = "\n".join([method, path, query] + ["%s:%s" % (k, headers[k]) for k in sorted(headers)] +
                          ["", signed, hashlib.sha256(body).hexdigest()])
    scope = "%s/%s/chime/aws4_request" % (day, REGION)
    to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()])
    key = ("AWS4" + SECRET_KEY).encode()
    for part in (day, REGION, "chime", "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    sig = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    headers["authorization"] = "AWS4-HMAC-SHA256 Credential=%s/%s, SignedHeaders=%s, Signature=%s" % (
        ACCESS_KEY, scope, signed, sig)
    return headers


def post(svc, body, headers=None):
    host = "127.0.0.1:%d" % svc.port
    h = headers if headers is not None else sign_request("POST", host, "/phone-numbers",
                                                         "operation=batch-delete", body)
    req = urllib.request.Request(svc.url + "/phone-numbers?operation=batch-delete", data=body, method="POST",
                                 headers=h)
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, dict(r.headers), json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), json.loads(e.read() or b"{}")


def scenario_service_contract(ctx):
    svc = ctx.service()
    for body, what in ((b'{"PhoneNumberIds":[]}', "empty list"), (b"{}", "missing list")):
        status, headers, doc = post(svc, body)
        check(status == 400, "%s: 400" % what, json.dumps(doc))
        check(headers.get("X-Amzn-Errortype") == "BadRequestException", "%s: error type header" % what,
              json.dumps(headers))
        check(doc.get("Code") == "BadRequest" and doc.get("Message"), "%s: Code and Message" % what, json.dumps(doc))
    status, headers, doc = post(svc, b'{"PhoneNumberIds":["+18005550104"]}')
    check(status == 200 and doc == {"PhoneNumberErrors": []}, "an independent signer is accepted", json.dumps(doc))
    check("Date" in headers and headers["Date"].endswith(" GMT"), "Date header (IMF-fixdate)", json.dumps(headers))
    check(headers.get("x-amzn-RequestId"), "x-amzn-RequestId header", json.dumps(headers))

    # Unsigned and stale requests: the 403s AWS sends.
    status, headers, doc = post(svc, b'{"PhoneNumberIds":["+1"]}', headers={"content-type": "application/json"})
    check(status == 403 and headers.get("X-Amzn-Errortype", "").startswith("MissingAuthenticationTokenException"),
          "unsigned: MissingAuthenticationTokenException", json.dumps(headers))
    old = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=10)
    host = "127.0.0.1:%d" % svc.port
    body = b'{"PhoneNumberIds":["+12065550103"]}'
    status, headers, doc = post(svc, body, sign_request("POST", host, "/phone-numbers", "operation=batch-delete",
                                                        body, now=old))
    check(status == 403 and headers.get("X-Amzn-Errortype", "").startswith("InvalidSignatureException"),
          "stale: InvalidSignatureException", json.dumps(headers))
    check(doc.get("message", "").startswith("Signature expired: ") and "(" in doc["message"] and
          "- 5 min.)" in doc["message"], "stale: 'Signature expired' message", json.dumps(doc))
    status, doc = svc.get_number("+19995550199")
    check(status == 404, "GET of an unknown number: 404", json.dumps(doc))
    check("<redacted>" in svc.log() and "+18005550104" not in svc.log(), "the log never shows a PhoneNumberId",
          svc.log())


def scenario_service_safety(ctx):
    svc = ctx.service("--max-requests", "1")
    rc, out, err = ctx.delete(svc, ["+12065550100"])
    check(rc == 0, "one request served", describe(rc, out, err, svc))
    try:
        svc.proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        raise Failure("chime-voice-local did not exit after --max-requests 1")
    check("stopped (max-requests reached)" in svc.log(), "stops after --max-requests", svc.log())

    svc2 = ctx.service("--timeout", "1")
    try:
        svc2.proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        raise Failure("chime-voice-local did not exit after --timeout 1")
    check("stopped (timeout" in svc2.log(), "stops after --timeout", svc2.log())

    svc3 = ctx.service()
    check(svc3.stop() == 0 and "stopped (SIGTERM)" in svc3.log(), "stops cleanly on SIGTERM", svc3.log())


def scenario_configured_endpoint(ctx):
    """Issue 11: configured endpoint URLs route to the loopback service, with
    no --endpoint flag; ignore_configured_endpoint_urls switches them off."""
    svc = ctx.service()
    args = ["batch-delete-phone-number", "--phone-number-ids"]
    rc, out, err = ctx.run(args + ["+12065550100"], env=ctx.env(AWS_ENDPOINT_URL_CHIME_SDK_VOICE=svc.url))
    check(rc == 0, "AWS_ENDPOINT_URL_CHIME_SDK_VOICE routes to the loopback service", describe(rc, out, err, svc))
    rc, out, err = ctx.run(args + ["+12065550101"], env=ctx.env(AWS_ENDPOINT_URL=svc.url))
    check(rc == 0, "AWS_ENDPOINT_URL routes to the loopback service", describe(rc, out, err, svc))
    config = os.path.join(ctx.tmp, "config-endpoints")
    with open(config, "w") as f:
        f.write("[default]\nservices = local\nendpoint_url = http://127.0.0.1:9\n"
                "[services local]\nchime_sdk_voice =\n  endpoint_url = %s\n"
                "[profile plain]\nendpoint_url = %s\nmax_attempts = 2\n" % (svc.url, svc.url))
    rc, out, err = ctx.run(args + ["+12065550102"], env=ctx.env(AWS_CONFIG_FILE=config))
    check(rc == 0, "the profile's services section routes to the loopback service", describe(rc, out, err, svc))
    rc, out, err = ctx.run(args + ["+12065550103", "--debug"], env=ctx.env(AWS_CONFIG_FILE=config, AWS_PROFILE="plain"))
    check(rc == 0, "the profile's endpoint_url routes to the loopback service", describe(rc, out, err, svc))
    check("max_attempts 2 (profile" in err, "max_attempts from the profile, with its source", err)
    check(len(svc.requests()) == 4, "four requests reached the service", svc.log())
    # Ignored: the production host again (dry run: nothing is sent).
    rc, out, err = ctx.run(args + ["+12065550104", "--dry-run"],
                           env=ctx.env(AWS_ENDPOINT_URL_CHIME_SDK_VOICE=svc.url, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS="true"))
    check(rc == 0 and "host: voice-chime.us-east-1.amazonaws.com" in out.lower(),
          "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true ignores the configured URL", describe(rc, out, err))
    rc, out, err = ctx.run(args + ["+12065550104", "--dry-run"], env=ctx.env(AWS_USE_FIPS_ENDPOINT="true"))
    check(rc == 0 and "host: voice-chime-fips.us-east-1.amazonaws.com" in out.lower(), "AWS_USE_FIPS_ENDPOINT",
          describe(rc, out, err))
    # Bad values are usage errors that name the key and where it was set.
    for var, value in (("AWS_MAX_ATTEMPTS", "abc"), ("AWS_RETRY_MODE", "fast"), ("AWS_ENDPOINT_URL", "not a url"),
                       ("AWS_USE_FIPS_ENDPOINT", "yes")):
        rc, out, err = ctx.run(args + ["+12065550104"], env=ctx.env(**{var: value}))
        check(rc == 253 and var in err, "%s=%s is a configuration error (253) naming it" % (var, value), describe(rc, out, err))
    check(len(svc.requests()) == 4, "nothing else reached the service", svc.log())


class FakeSts:
    """An STS stand-in on 127.0.0.1 that answers AssumeRole with the
    loopback service's own keys (so the assumed-role call verifies)."""

    def __init__(self):
        import http.server
        import threading
        calls = self.calls = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def do_POST(self):
                n = int(self.headers.get("Content-Length", "0"))
                form = urllib.parse.parse_qs(self.rfile.read(n).decode())
                calls.append((form.get("Action", [""])[0], form.get("RoleArn", [""])[0],
                              self.headers.get("Authorization", "")))
                exp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 3600))
                body = ("<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>%s</AccessKeyId>"
                        "<SecretAccessKey>%s</SecretAccessKey><SessionToken>assumed-session-token</SessionToken>"
                        "<Expiration>%s</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>"
                        % (ACCESS_KEY, SECRET_KEY, exp)).encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/xml")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def answer(self, status, body, ctype="application/json"):
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_PUT(self):  # IMDSv2 token
                calls.append(("imds-token", self.headers.get("x-aws-ec2-metadata-token-ttl-seconds", ""), ""))
                self.answer(200, "imds-session-token", "text/plain")

            def do_GET(self):
                exp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 3600))
                creds = {"AccessKeyId": ACCESS_KEY, "SecretAccessKey": SECRET_KEY, "Token": "container-token",
                         "Expiration": exp}
                if self.path == "/container":
                    calls.append(("container", "", self.headers.get("Authorization", "")))
                    return self.answer(200, json.dumps(creds))
                if self.headers.get("x-aws-ec2-metadata-token") != "imds-session-token":
                    return self.answer(401, "")
                if self.path == "/latest/meta-data/iam/security-credentials/":
                    return self.answer(200, "e2e-role", "text/plain")
                if self.path == "/latest/meta-data/iam/security-credentials/e2e-role":
                    calls.append(("imds", "", ""))
                    return self.answer(200, json.dumps(dict(creds, Code="Success")), "text/plain")
                self.answer(404, "")

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:%d" % self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()


def scenario_credential_sources(ctx):
    """Issue 11: credential_process and assume-role (source_profile chain,
    STS on 127.0.0.1) through the library's chain; errors name the profile."""
    svc = ctx.service()
    sts = FakeSts()
    try:
        proc = os.path.join(ctx.tmp, "creds.py")
        with open(proc, "w") as f:
            f.write("import json\nprint(json.dumps({'Version': 1, 'AccessKeyId': %r, 'SecretAccessKey': %r}))\n"
                    % (ACCESS_KEY, SECRET_KEY))
        config = os.path.join(ctx.tmp, "config-sources")
        with open(config, "w") as f:
            f.write("[profile proc]\ncredential_process = %s %s\n"
                    "[profile base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = basesecret\n"
                    "[profile role]\nrole_arn = arn:aws:iam::123456789012:role/deleter\nsource_profile = base\n"
                    "role_session_name = e2e\n"
                    "[profile chained]\nrole_arn = arn:aws:iam::123456789012:role/second\nsource_profile = role\n"
                    "[profile broken]\ncredential_process = %s -c 'import sys; sys.exit(3)'\n"
                    "[profile loop]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = loop\n"
                    % (sys.executable, proc, sys.executable))
        base = dict(AWS_CONFIG_FILE=config, AWS_ACCESS_KEY_ID=None, AWS_SECRET_ACCESS_KEY=None)
        rc, out, err = ctx.delete(svc, ["+12065550100"], "--profile", "proc", env=ctx.env(**base))
        check(rc == 0, "credential_process credentials", describe(rc, out, err, svc))
        rc, out, err = ctx.delete(svc, ["+12065550101"], "--debug",
                                  env=ctx.env(AWS_PROFILE="chained", AWS_ENDPOINT_URL_STS=sts.url, **base))
        check(rc == 0, "assume-role chain credentials", describe(rc, out, err, svc))
        check([c[1] for c in sts.calls] == ["arn:aws:iam::123456789012:role/deleter",
                                            "arn:aws:iam::123456789012:role/second"],
              "the roles were assumed innermost first", repr(sts.calls))
        check("Credential=AKIDBASE/" in sts.calls[0][2] and "/sts/aws4_request" in sts.calls[0][2],
              "the first AssumeRole is signed with the source profile's key for sts", repr(sts.calls))
        check("assumed-session-token" not in out + err and SECRET_KEY not in out + err, "no secrets printed", err)
        rc, out, err = ctx.delete(svc, ["+12065550102"], "--profile", "broken", env=ctx.env(**base))
        check(rc == 253 and "credential_process in profile 'broken'" in err, "a failing process names the profile",
              describe(rc, out, err))
        rc, out, err = ctx.delete(svc, ["+12065550102"], "--profile", "loop", env=ctx.env(**base))
        check(rc == 253 and "source_profile cycle" in err, "a self-reference without keys is a cycle",
              describe(rc, out, err))
        check("Unable to locate credentials" not in err, "never 'Unable to locate credentials' for a profile with a source", err)
        check(len(svc.requests()) == 2, "two requests reached the service", svc.log())
        # The container endpoint and IMDSv2, both on the fake server (a fresh inventory).
        svc = ctx.service()
        nothing = dict(base, AWS_PROFILE="nothing-here")
        with open(config, "a") as f:
            f.write("[profile nothing-here]\n")
        rc, out, err = ctx.delete(svc, ["+12065550100"], env=ctx.env(
            AWS_CONTAINER_CREDENTIALS_FULL_URI=sts.url + "/container", AWS_CONTAINER_AUTHORIZATION_TOKEN="ctok",
            **nothing))
        check(rc == 0, "container credentials", describe(rc, out, err, svc))
        check(("container", "", "ctok") in sts.calls, "the container endpoint got the authorization token", repr(sts.calls))
        rc, out, err = ctx.delete(svc, ["+12065550101"], env=ctx.env(AWS_EC2_METADATA_SERVICE_ENDPOINT=sts.url, **nothing))
        check(rc == 0, "instance metadata credentials", describe(rc, out, err, svc))
        check(("imds-token", "21600", "") in sts.calls and ("imds", "", "") in sts.calls, "IMDSv2: token, then credentials",
              repr(sts.calls))
        check("imds-session-token" not in out + err, "the IMDS token is not printed", err)
        rc, out, err = ctx.delete(svc, ["+12065550102"], env=ctx.env(AWS_EC2_METADATA_DISABLED="true", **nothing))
        check(rc == 253 and "Unable to locate credentials" in err, "no source at all", describe(rc, out, err))
        check(len(svc.requests()) == 2, "two requests reached the second service", svc.log())
    finally:
        sts.close()


# ------------------------------------------------------------------ issue 14: the command

class FakeService:
    """A tiny HTTP server on 127.0.0.1 whose answers come from `respond(method,
    path, query, headers, body)`: (status, headers, body), None to hang
    (never answer) for up to 30 s, or "close" to close the connection without
    a reply. Records (method, path, query, body)."""

    def __init__(self, respond):
        import http.server
        import threading
        calls = self.calls = []
        self.stop_event = threading.Event()
        stop = self.stop_event

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):
                pass

            def handle_any(self):
                n = int(self.headers.get("Content-Length", "0") or 0)
                body = self.rfile.read(n) if n else b""
                path, _, query = self.path.partition("?")
                calls.append((self.command, path, query, body))
                answer = respond(self.command, path, query, self.headers, body)
                if answer is None:
                    stop.wait(30)
                    return
                if answer == "close":  # no reply at all: the connection is closed
                    self.close_connection = True
                    return
                status, headers, data = answer
                if isinstance(data, str):
                    data = data.encode()
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = handle_any

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = "http://127.0.0.1:%d" % self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.stop_event.set()
        self.server.shutdown()
        self.server.server_close()


def json_response(status, doc, **headers):
    h = {"Content-Type": "application/json", "x-amzn-RequestId": "fake-request-%d" % status}
    h.update(headers)
    return status, h, json.dumps(doc)


def iso_utc(offset_seconds):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + offset_seconds))


def scenario_imds_v1_fallback(ctx):
    """The IMDSv1 fallback of botocore's IMDSFetcher (tests/imds_botocore_oracle.py):
    a token PUT answered 403 or 405 makes the role and credentials GETs go
    without the x-aws-ec2-metadata-token header; 400 is an error (no
    fallback); a PUT without a reply falls back too; with
    AWS_EC2_METADATA_V1_DISABLED=true (or ec2_metadata_v1_disabled) a refused
    or unanswered PUT is a credentials error (253) and no GET is sent."""
    state = {"put": 200, "seen": []}

    def respond(method, path, query, headers, body):
        token = headers.get("x-aws-ec2-metadata-token")
        state["seen"].append((method, path, token, headers.get("x-aws-ec2-metadata-token-ttl-seconds")))
        if method == "PUT" and path == "/latest/api/token":
            status = state["put"]
            if status == "close":
                return "close"
            return status, {"Content-Type": "text/plain"}, "imds-v2-token" if status == 200 else ""
        if method != "GET":
            return 405, {}, ""
        if token is not None and token != "imds-v2-token":
            return 401, {}, ""
        if path == "/latest/meta-data/iam/security-credentials/":
            return 200, {"Content-Type": "text/plain"}, "e2e-role"
        if path == "/latest/meta-data/iam/security-credentials/e2e-role":
            return 200, {"Content-Type": "text/plain"}, json.dumps({
                "Code": "Success", "AccessKeyId": ACCESS_KEY, "SecretAccessKey": SECRET_KEY,
                "Token": "imds-session-token", "Expiration": iso_utc(3600)})
        return 404, {}, ""

    imds = FakeService(respond)
    try:
        svc = ctx.service()
        with open(os.path.join(ctx.tmp, "config-imds"), "w") as f:
            f.write("[profile nothing-here]\n")
        base = dict(AWS_CONFIG_FILE=os.path.join(ctx.tmp, "config-imds"), AWS_PROFILE="nothing-here",
                    AWS_ACCESS_KEY_ID=None, AWS_SECRET_ACCESS_KEY=None, AWS_EC2_METADATA_SERVICE_ENDPOINT=imds.url)
        gets = lambda: [(m, p, t) for m, p, t, _ in state["seen"] if m == "GET"]
        # IMDSv2 as before: the token PUT (TTL 21600) and both GETs carry the token.
        rc, out, err = ctx.delete(svc, ["+12065550100"], env=ctx.env(**base))
        check(rc == 0, "IMDSv2 credentials", describe(rc, out, err, svc))
        check(state["seen"][0] == ("PUT", "/latest/api/token", None, "21600"), "the token PUT first", repr(state["seen"]))
        check(gets() == [("GET", "/latest/meta-data/iam/security-credentials/", "imds-v2-token"),
                         ("GET", "/latest/meta-data/iam/security-credentials/e2e-role", "imds-v2-token")],
              "IMDSv2: both GETs carry the token", repr(state["seen"]))
        for status, number in ((403, "+12065550101"), (405, "+12065550102")):
            state["put"], state["seen"] = status, []
            rc, out, err = ctx.delete(svc, [number], "--debug", env=ctx.env(**base))
            check(rc == 0, "token PUT answered %d: IMDSv1 credentials" % status, describe(rc, out, err, svc))
            check("IMDSv1" in err, "--debug says IMDSv1 was used", err)
            check([m for m, *_ in state["seen"]] == ["PUT", "GET", "GET"], "PUT %d: one PUT, then the GETs" % status,
                  repr(state["seen"]))
            check(gets() == [("GET", "/latest/meta-data/iam/security-credentials/", None),
                             ("GET", "/latest/meta-data/iam/security-credentials/e2e-role", None)],
                  "PUT %d: the GETs go without a token header (IMDSv1)" % status, repr(state["seen"]))
            check("imds-session-token" not in out + err, "the session token is not printed", err)
        # No reply to the PUT (the connection closed): IMDSv1 too.
        state["put"], state["seen"] = "close", []
        rc, out, err = ctx.delete(svc, ["+12065550103"], env=ctx.env(**base))
        check(rc == 0, "token PUT without a reply: IMDSv1 credentials", describe(rc, out, err, svc))
        check(gets() == [("GET", "/latest/meta-data/iam/security-credentials/", None),
                         ("GET", "/latest/meta-data/iam/security-credentials/e2e-role", None)],
              "no reply to the PUT: the GETs go without a token header", repr(state["seen"]))
        state["put"], state["seen"] = "close", []
        rc, out, err = ctx.delete(svc, ["+12065550104"], env=ctx.env(AWS_EC2_METADATA_V1_DISABLED="true", **base))
        check(rc == 253 and "IMDSv1 is disabled" in err and "no reply" in err,
              "no reply to the PUT and IMDSv1 disabled: 253", describe(rc, out, err))
        check(gets() == [], "no reply and IMDSv1 disabled: no GET sent", repr(state["seen"]))
        # IMDSv1 disabled: a refused PUT is the end, no GET.
        for value in ("true", "TRUE"):
            state["put"], state["seen"] = 403, []
            rc, out, err = ctx.delete(svc, ["+12065550103"], env=ctx.env(AWS_EC2_METADATA_V1_DISABLED=value, **base))
            check(rc == 253 and "IMDSv1 is disabled" in err and "HTTP 403" in err,
                  "AWS_EC2_METADATA_V1_DISABLED=%s and PUT 403: credentials error 253" % value, describe(rc, out, err))
            check(gets() == [], "IMDSv1 disabled: no GET sent", repr(state["seen"]))
        # ec2_metadata_v1_disabled in the profile does the same.
        with open(os.path.join(ctx.tmp, "config-imds"), "w") as f:
            f.write("[profile nothing-here]\nec2_metadata_v1_disabled = true\n")
        state["put"], state["seen"] = 405, []
        rc, out, err = ctx.delete(svc, ["+12065550103"], env=ctx.env(**base))
        check(rc == 253 and "IMDSv1 is disabled" in err, "ec2_metadata_v1_disabled = true: 253", describe(rc, out, err))
        check(gets() == [], "ec2_metadata_v1_disabled: no GET sent", repr(state["seen"]))
        with open(os.path.join(ctx.tmp, "config-imds"), "w") as f:
            f.write("[profile nothing-here]\n")
        # 400 is a bad request: no fallback even with IMDSv1 allowed.
        state["put"], state["seen"] = 400, []
        rc, out, err = ctx.delete(svc, ["+12065550103"], env=ctx.env(**base))
        check(rc == 253 and "HTTP 400" in err, "token PUT answered 400: an error, not IMDSv1", describe(rc, out, err))
        check(gets() == [], "PUT 400: no GET sent", repr(state["seen"]))
        check(len(svc.requests()) == 4, "four requests reached the service", svc.log())
    finally:
        imds.close()


def scenario_sso_token_refresh(ctx):
    """botocore's SSOTokenProvider (tests/sso_token_botocore_oracle.py): a
    cached sso-session token that expired (or has less than 15 minutes
    left) and holds refreshToken, clientId, clientSecret and a valid
    registrationExpiresAt is refreshed by CreateToken (POST /token, JSON
    body with grantType refresh_token, unsigned) on the OIDC endpoint
    (AWS_ENDPOINT_URL_SSO_OIDC); the cache file is rewritten (mode 0600)
    with the new tokens and the call goes on with the new bearer token.
    Expired without a refresh token, or with a refused refresh: 253 and the
    'aws sso login --sso-session NAME' hint."""
    import calendar
    import hashlib
    state = {"create": "ok", "oidc": [], "portal": []}

    def respond(method, path, query, headers, body):
        if method == "POST" and path == "/token":
            state["oidc"].append((headers.get("Content-Type"), headers.get("Authorization"), body))
            if state["create"] == "ok":
                return json_response(200, {"accessToken": "bearer-2", "expiresIn": 28800, "refreshToken": "refresh-2",
                                           "tokenType": "Bearer"})
            return json_response(400, {"error": "invalid_grant", "error_description": "Invalid refresh token provided"},
                                 **{"x-amzn-ErrorType": "InvalidGrantException"})
        if method == "GET" and path == "/federation/credentials":
            state["portal"].append((query, headers.get("x-amz-sso_bearer_token")))
            if headers.get("x-amz-sso_bearer_token") not in ("bearer-2", "bearer-valid"):
                return json_response(401, {"message": "Session token not found or invalid"},
                                     **{"x-amzn-ErrorType": "UnauthorizedException"})
            return json_response(200, {"roleCredentials": {
                "accessKeyId": ACCESS_KEY, "secretAccessKey": SECRET_KEY, "sessionToken": "sso-session-token",
                "expiration": int((time.time() + 3600) * 1000)}})
        return 404, {}, ""

    fake = FakeService(respond)
    try:
        svc = ctx.service()
        config = os.path.join(ctx.tmp, "config-sso")
        with open(config, "w") as f:
            f.write("[profile sso]\nsso_session = e2e\nsso_account_id = 123456789012\nsso_role_name = deleter\n"
                    "[sso-session e2e]\nsso_start_url = https://e2e.awsapps.com/start\nsso_region = us-east-1\n"
                    "sso_registration_scopes = sso:account:access\n")
        home = ctx.env()["HOME"]
        cache_dir = os.path.join(home, ".aws", "sso", "cache")
        os.makedirs(cache_dir, exist_ok=True)
        cache = os.path.join(cache_dir, hashlib.sha1(b"e2e").hexdigest() + ".json")
        base = dict(AWS_CONFIG_FILE=config, AWS_PROFILE="sso", AWS_ACCESS_KEY_ID=None, AWS_SECRET_ACCESS_KEY=None,
                    AWS_ENDPOINT_URL_SSO=fake.url, AWS_ENDPOINT_URL_SSO_OIDC=fake.url)
        registration = iso_utc(90 * 86400)

        def write_cache(doc):
            with open(cache, "w") as f:
                json.dump(doc, f)
            os.chmod(cache, 0o600)

        refreshable = {"startUrl": "https://e2e.awsapps.com/start", "region": "us-east-1",
                       "accessToken": "bearer-expired", "expiresAt": iso_utc(-3600), "clientId": "client-1",
                       "clientSecret": "client-secret-1", "registrationExpiresAt": registration,
                       "refreshToken": "refresh-1"}
        write_cache(refreshable)
        before = time.time()
        rc, out, err = ctx.delete(svc, ["+12065550100"], "--debug", env=ctx.env(**base))
        check(rc == 0, "expired SSO token with a refresh token: refreshed, the call goes on", describe(rc, out, err, svc))
        check("SSO token refreshed" in err, "--debug says the token was refreshed", err)
        check(len(state["oidc"]) == 1, "one CreateToken request", repr(state["oidc"]))
        ctype, auth, body = state["oidc"][0]
        check(ctype == "application/json" and auth is None, "CreateToken: JSON, unsigned", repr(state["oidc"][0]))
        check(json.loads(body) == {"clientId": "client-1", "clientSecret": "client-secret-1",
                                   "grantType": "refresh_token", "refreshToken": "refresh-1"},
              "CreateToken body as botocore sends it", body)
        check(state["portal"] == [("account_id=123456789012&role_name=deleter", "bearer-2")],
              "GetRoleCredentials with the refreshed bearer token", repr(state["portal"]))
        with open(cache) as f:
            saved = json.load(f)
        expires = saved.get("expiresAt", "")
        t = calendar.timegm(time.strptime(expires, "%Y-%m-%dT%H:%M:%SZ")) if expires else 0
        check({k: v for k, v in saved.items() if k != "expiresAt"} ==
              {"startUrl": "https://e2e.awsapps.com/start", "region": "us-east-1", "accessToken": "bearer-2",
               "clientId": "client-1", "clientSecret": "client-secret-1", "registrationExpiresAt": registration,
               "refreshToken": "refresh-2"}, "the cache file holds the new tokens, the registration kept", repr(saved))
        check(before + 28800 - 5 <= t <= time.time() + 28800 + 5, "expiresAt = now + expiresIn", expires)
        check(os.stat(cache).st_mode & 0o777 == 0o600, "the rewritten cache is mode 0600", oct(os.stat(cache).st_mode))
        check(sorted(os.listdir(cache_dir)) == [os.path.basename(cache)], "no temporary file left",
              repr(os.listdir(cache_dir)))
        secrets = ("bearer-2", "refresh-1", "refresh-2", "client-secret-1", "sso-session-token", SECRET_KEY)
        check(not any(x in out + err for x in secrets), "no token or secret printed", err)
        # Valid for more than 15 minutes: used as it is, no CreateToken.
        state["oidc"], state["portal"] = [], []
        write_cache(dict(refreshable, accessToken="bearer-valid", expiresAt=iso_utc(3600)))
        rc, out, err = ctx.delete(svc, ["+12065550101"], env=ctx.env(**base))
        check(rc == 0 and state["oidc"] == [] and state["portal"][0][1] == "bearer-valid",
              "a token valid for an hour is used without a refresh", describe(rc, out, err, svc) + repr(state))
        # Expired, no refresh token: 253 and the login hint, nothing sent.
        state["oidc"], state["portal"] = [], []
        stale = {k: v for k, v in refreshable.items() if k not in ("refreshToken",)}
        write_cache(stale)
        rc, out, err = ctx.delete(svc, ["+12065550102"], env=ctx.env(**base))
        check(rc == 253 and "aws sso login --sso-session e2e" in err, "expired, no refresh token: 253 with the login hint",
              describe(rc, out, err))
        check(state["oidc"] == [] and state["portal"] == [], "nothing sent for an unrefreshable token", repr(state))
        with open(cache) as f:
            check(json.load(f) == stale, "the cache is left as it was")
        # Expired and CreateToken refused: 253, the hint, the cache unchanged.
        state["create"], state["oidc"], state["portal"] = "refuse", [], []
        write_cache(refreshable)
        rc, out, err = ctx.delete(svc, ["+12065550102"], env=ctx.env(**base))
        check(rc == 253 and "aws sso login --sso-session e2e" in err and "refresh failed" in err,
              "expired and the refresh refused: 253 with the login hint", describe(rc, out, err))
        check(len(state["oidc"]) == 1 and state["portal"] == [], "one CreateToken, no GetRoleCredentials", repr(state))
        with open(cache) as f:
            check(json.load(f) == refreshable, "a failed refresh leaves the cache as it was")
        check("client-secret-1" not in out + err and "refresh-1" not in out + err, "no secret printed", err)
        # 10 minutes left (inside the 15-minute window) and the refresh
        # refused: botocore goes on with the old token while it is valid.
        state["oidc"], state["portal"] = [], []
        within = dict(refreshable, accessToken="bearer-valid", expiresAt=iso_utc(600))
        write_cache(within)
        rc, out, err = ctx.delete(svc, ["+12065550102"], env=ctx.env(**base))
        check(rc == 0 and len(state["oidc"]) == 1 and [b for _, b in state["portal"]] == ["bearer-valid"],
              "inside the window, refresh refused: one CreateToken, then the old token is used",
              describe(rc, out, err, svc) + repr(state))
        with open(cache) as f:
            check(json.load(f) == within, "the cache is left as it was")
        # 10 minutes left and the refresh answered: the new token is used and saved.
        state["create"], state["oidc"], state["portal"] = "ok", [], []
        rc, out, err = ctx.delete(svc, ["+12065550103"], env=ctx.env(**base))
        check(rc == 0 and len(state["oidc"]) == 1 and [b for _, b in state["portal"]] == ["bearer-2"],
              "inside the window: refreshed before use", describe(rc, out, err, svc) + repr(state))
        with open(cache) as f:
            check(json.load(f)["accessToken"] == "bearer-2", "the refreshed token is saved")
        check(len(svc.requests()) == 4, "four requests reached the service", svc.log())
    finally:
        fake.close()


class ConnectRecorder:
    """A proxy stand-in on 127.0.0.1 that records the target of each CONNECT
    (the host an https request is for) and closes the connection: nothing
    leaves the machine."""

    def __init__(self):
        import socketserver
        import threading
        targets = self.targets = []

        class Handler(socketserver.StreamRequestHandler):
            def handle(self):
                line = self.rfile.readline(4096).decode("latin-1").split()
                if len(line) >= 2 and line[0] == "CONNECT":
                    targets.append(line[1])

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = "http://127.0.0.1:%d" % self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def scenario_sts_regional_endpoints(ctx):
    """sts_regional_endpoints / AWS_STS_REGIONAL_ENDPOINTS picks the host of
    AssumeRole as botocore does (tests/sts_endpoint_botocore_oracle.py):
    regional (the default) sts.{region}.amazonaws.com; legacy the global
    sts.amazonaws.com for the legacy global regions (us-east-1, eu-west-1,
    ...) and still the regional host elsewhere (af-south-1). The host is
    seen in the CONNECT the command sends to an https proxy on 127.0.0.1,
    which then closes: the AssumeRole fails (253)."""
    proxy = ConnectRecorder()
    try:
        config = os.path.join(ctx.tmp, "config-sts")
        with open(config, "w") as f:
            f.write("[profile base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = basesecret\n"
                    "[profile role]\nrole_arn = arn:aws:iam::123456789012:role/deleter\nsource_profile = base\n"
                    "[profile legacy-role]\nrole_arn = arn:aws:iam::123456789012:role/deleter\n"
                    "source_profile = base\nsts_regional_endpoints = legacy\n")
        base = dict(AWS_CONFIG_FILE=config, AWS_ACCESS_KEY_ID=None, AWS_SECRET_ACCESS_KEY=None, https_proxy=proxy.url)
        cases = [
            ("role", {}, "us-east-1", "sts.us-east-1.amazonaws.com:443"),
            ("role", {"AWS_STS_REGIONAL_ENDPOINTS": "regional"}, "eu-west-1", "sts.eu-west-1.amazonaws.com:443"),
            ("role", {"AWS_STS_REGIONAL_ENDPOINTS": "legacy"}, "us-east-1", "sts.amazonaws.com:443"),
            ("role", {"AWS_STS_REGIONAL_ENDPOINTS": "legacy"}, "eu-west-1", "sts.amazonaws.com:443"),
            ("legacy-role", {}, "us-west-2", "sts.amazonaws.com:443"),
            ("legacy-role", {}, "af-south-1", "sts.af-south-1.amazonaws.com:443"),
            ("legacy-role", {"AWS_STS_REGIONAL_ENDPOINTS": "regional"}, "us-west-2", "sts.us-west-2.amazonaws.com:443"),
        ]
        for profile, extra, region, want in cases:
            del proxy.targets[:]
            rc, out, err = ctx.run(["batch-delete-phone-number", "--endpoint-url", "http://127.0.0.1:9",
                                    "--phone-number-ids", "+12065550100"],
                                   env=ctx.env(AWS_PROFILE=profile, AWS_REGION=region, **dict(base, **extra)))
            check(rc == 253 and "AssumeRole" in err, "%s %s %s: AssumeRole fails at the proxy (253)" %
                  (profile, extra, region), describe(rc, out, err))
            check(proxy.targets == [want], "%s %s %s: AssumeRole goes to %s" % (profile, extra, region, want),
                  repr(proxy.targets))
        rc, out, err = ctx.run(["batch-delete-phone-number", "--endpoint-url", "http://127.0.0.1:9",
                                "--phone-number-ids", "+12065550100"],
                               env=ctx.env(AWS_PROFILE="role", AWS_STS_REGIONAL_ENDPOINTS="global", **base))
        check(rc == 253 and "sts_regional_endpoints" in err, "an unknown value is a configuration error (253)",
              describe(rc, out, err))
    finally:
        proxy.close()


def scenario_input_forms(ctx):
    """--phone-number-ids as space-separated values, a JSON list and file://;
    --cli-input-json inline and file://; --generate-cli-skeleton; mistakes refused;
    duplicates sent once and counted once. A fake service records each body."""
    fake = FakeService(lambda m, p, q, h, b: json_response(200, {"PhoneNumberErrors": []}))
    try:
        base = ["batch-delete-phone-number", "--endpoint-url", fake.url]
        ids_file = os.path.join(ctx.tmp, "ids.json")
        with open(ids_file, "w") as f:
            json.dump(["+12065550103", "+12065550104"], f)
        input_file = os.path.join(ctx.tmp, "input.json")
        with open(input_file, "w") as f:
            json.dump({"PhoneNumberIds": ["+12065550106"]}, f)
        forms = [
            (["--phone-number-ids", "+12065550100", "+12065550101"], ["+12065550100", "+12065550101"]),
            (["--phone-number-ids", '["+12065550102", "+12065550108"]'], ["+12065550102", "+12065550108"]),
            (["--phone-number-ids=+12065550107"], ["+12065550107"]),
            (["--phone-number-ids", "file://" + ids_file], ["+12065550103", "+12065550104"]),
            (["--cli-input-json", '{"PhoneNumberIds": ["+12065550105"]}'], ["+12065550105"]),
            (["--cli-input-json", "file://" + input_file], ["+12065550106"]),
            (["--cli-input-json", "file://" + input_file, "--phone-number-ids", "+12065550109"], ["+12065550109"]),
            (["--phone-number-ids", "+12065550108", "+12065550108", "+12065550109"], ["+12065550108", "+12065550109"]),
        ]
        forms.append((["--phone-number-ids=[\"+12065550101\"]"], ["+12065550101"]))
        for flags, ids in forms + [(["--region", REGION] + f, i) for f, i in forms[1:2]]:
            before = len(fake.calls)
            cmd = base + flags if flags[0] != "--region" else flags[:2] + base + flags[2:]
            rc, out, err = ctx.run(cmd)
            check(rc == 0, "input form %s" % flags, describe(rc, out, err))
            check(len(fake.calls) == before + 1, "one call (%s)" % flags, repr(fake.calls))
            sent = json.loads(fake.calls[-1][3])
            check(sent == {"PhoneNumberIds": ids}, "sent %s for %s" % (ids, flags), repr(sent))
            check("%d of %d phone number(s) queued" % (len(ids), len(ids)) in err, "counted once (%s)" % flags, err)
        # Mistakes are refused (usage error), never sent as one ID.
        before = len(fake.calls)
        for bad in (["+12065550100,+12065550101"], ["[+12065550100"], ["file:ids.json"],
                    ["file://" + ids_file + ".missing"], ['["+1", 2]'], ["+12065550100", "file://" + ids_file]):
            rc, out, err = ctx.run(base + ["--phone-number-ids"] + bad)
            check(rc == 252 and "--phone-number-ids" in err, "refused: %s" % bad, describe(rc, out, err))
        rc, out, err = ctx.run(base + ["--phone-number-ids", "+1,+2"])
        check("comma" in err, "a comma gets a hint", err)
        for bad in ("{not json", '["a list"]', "file://" + input_file + ".missing"):
            rc, out, err = ctx.run(base + ["--cli-input-json", bad])
            check(rc == 252 and "--cli-input-json" in err, "refused --cli-input-json %s" % bad, describe(rc, out, err))
        # The skeleton, as the AWS CLI v2 prints it (aws chime-sdk-voice batch-delete-phone-number --generate-cli-skeleton).
        rc, out, err = ctx.run(["batch-delete-phone-number", "--generate-cli-skeleton"])
        check(rc == 0 and out == '{\n    "PhoneNumberIds": [\n        ""\n    ]\n}\n', "input skeleton", repr(out))
        rc, out, err = ctx.run(["batch-delete-phone-number", "--generate-cli-skeleton", "input"])
        check(rc == 0 and json.loads(out) == {"PhoneNumberIds": [""]}, "input skeleton, named", repr(out))
        rc, out, err = ctx.run(["batch-delete-phone-number", "--generate-cli-skeleton", "output"])
        check(rc == 0 and list(json.loads(out)) == ["PhoneNumberErrors"], "output skeleton", repr(out))
        check(len(fake.calls) == before, "nothing was sent for a mistake or a skeleton", repr(fake.calls[before:]))
    finally:
        fake.close()


def scenario_output_formats(ctx):
    """json (json.dumps(indent=4, ensure_ascii=False) bytes), text, table, yaml;
    nothing printed for an empty result."""
    svc = ctx.service()
    ids = ["+12065550110", "+19995550199", "+12065550100"]
    rc, out, err = ctx.delete(svc, ids)
    check(rc == 1, "json: exit 1", describe(rc, out, err, svc))
    doc = json.loads(out)
    check(out == json.dumps(doc, indent=4, ensure_ascii=False) + "\n", "json is indented as the AWS CLI prints it",
          out)
    check("ResponseMetadata" not in doc, "no ResponseMetadata without --debug", out)
    check(sorted(e["PhoneNumberId"] for e in doc["PhoneNumberErrors"]) == ["+12065550110", "+19995550199"],
          "json errors", out)
    rc, out, err = ctx.delete(svc, ["+12065550111", "+19995550198"], "--output", "text")
    lines = out.splitlines()
    check(rc == 1 and len(lines) == 2 and all(l.startswith("PHONENUMBERERRORS\t") for l in lines),
          "text: one PHONENUMBERERRORS line per number", describe(rc, out, err, svc))
    check(sorted(l.split("\t")[3] for l in lines) == ["+12065550111", "+19995550198"], "text columns: ErrorCode, "
          "ErrorMessage, PhoneNumberId (sorted keys, as the AWS CLI)", out)
    rc, out, err = ctx.delete(svc, ["+12065550112", "+19995550197"], "--output", "yaml")
    try:
        import yaml
        y = yaml.safe_load(out)
        check(rc == 1 and sorted(e["PhoneNumberId"] for e in y["PhoneNumberErrors"]) ==
              ["+12065550112", "+19995550197"], "yaml parses to the same document", out)
    except ImportError:
        check(rc == 1 and "PhoneNumberErrors:" in out, "yaml", out)
    rc, out, err = ctx.delete(svc, ["+19995550196"], "--output", "table")
    check(rc == 1 and "BatchDeletePhoneNumber" in out and "NotFound" in out and "+19995550196" in out and
          "\t" not in out, "table: titled with the operation, no tabs", describe(rc, out, err, svc))
    env = ctx.env(AWS_DEFAULT_OUTPUT="text")
    rc, out, err = ctx.delete(svc, ["+19995550195"], env=env)
    check(rc == 1 and out.startswith("PHONENUMBERERRORS\t"), "AWS_DEFAULT_OUTPUT=text", describe(rc, out, err))
    # An empty result prints nothing (DeletePhoneNumber answers 204 without a body).
    resp = os.path.join(ctx.tmp, "204.http")
    with open(resp, "w") as f:
        f.write("HTTP/1.1 204 No Content\r\nx-amzn-RequestId: r-204\r\n\r\n")
    for fmt in ("json", "text", "table", "yaml"):
        rc, out, err = ctx.run(["parse", "--operation", "DeletePhoneNumber" if fmt != "text" else "delete-phone-number",
                                "--output", fmt, resp])
        check(rc == 0 and out == "", "an empty result prints nothing (%s)" % fmt, describe(rc, out, err))


def scenario_operations(ctx):
    """Every operation is a subcommand; get-phone-number against the loopback
    service; pagination merged as the AWS CLI merges it (a fake server)."""
    svc = ctx.service()
    rc, out, err = ctx.run(["get-phone-number", "--endpoint-url", svc.url, "--phone-number-id", "+12065550102"])
    check(rc == 0, "get-phone-number", describe(rc, out, err, svc))
    doc = json.loads(out)
    check(doc["PhoneNumber"]["PhoneNumberId"] == "+12065550102" and doc["PhoneNumber"]["Status"] == "Unassigned",
          "the number", out)
    check(out == json.dumps(doc, indent=4, ensure_ascii=False) + "\n", "indented", out)
    # Timestamps as the AWS CLI v2 prints them (cli_timestamp_format iso8601: Python's isoformat(), UTC).
    created = doc["PhoneNumber"]["CreatedTimestamp"]
    check(datetime.datetime.fromisoformat(created).isoformat() == created and created.endswith("+00:00"),
          "timestamps in isoformat()", out)
    rc, out, err = ctx.run(["get-phone-number", "--endpoint-url", svc.url, "--cli-input-json",
                            '{"PhoneNumberId": "+12065550103"}'])
    check(rc == 0 and json.loads(out)["PhoneNumber"]["PhoneNumberId"] == "+12065550103", "--cli-input-json",
          describe(rc, out, err, svc))
    rc, out, err = ctx.run(["get-phone-number", "--endpoint-url", svc.url, "--phone-number-id", "+19995550199"])
    check(rc == 254 and "NotFoundException" in err and "GetPhoneNumber operation" in err, "unknown number: 254",
          describe(rc, out, err, svc))
    # An `aws` command line with `aws` replaced.
    rc, out2, err = ctx.run(["--region", REGION, "chime-sdk-voice", "get-phone-number", "--endpoint-url", svc.url,
                             "--phone-number-id", "+12065550103", "--output", "json"])
    check(rc == 0 and json.loads(out2)["PhoneNumber"]["PhoneNumberId"] == "+12065550103",
          "chime-voice chime-sdk-voice get-phone-number", describe(rc, out2, err))
    rc, out, err = ctx.run(["get-phone-number", "--generate-cli-skeleton"])
    check(rc == 0 and json.loads(out) == {"PhoneNumberId": ""}, "skeleton", out)
    rc, out, err = ctx.run(["get-phone-number", "help"])
    check(rc == 0 and "--phone-number-id" in out, "per-subcommand help", describe(rc, out, err))
    rc, out, err = ctx.run(["get-phone-numbr", "--phone-number-id", "+1"])
    check(rc == 252 and "get-phone-number" in err, "a typo gets a hint", describe(rc, out, err))

    # Pagination as the AWS CLI does it: botocore has a paginator for ListSipRules
    # (result key SipRules), so its pages are followed and merged; ListPhoneNumbers
    # has none, so one page is printed with its NextToken.
    pages = {"": {"SipRules": [{"SipRuleId": "a"}], "NextToken": "t1"},
             "t1": {"SipRules": [{"SipRuleId": "b"}, {"SipRuleId": "c"}], "NextToken": "t2"},
             "t2": {"SipRules": [{"SipRuleId": "d"}]}}
    numbers = {"PhoneNumbers": [{"PhoneNumberId": "+1a"}], "NextToken": "n1"}

    def respond(method, path, query, headers, body):
        token = urllib.parse.parse_qs(query).get("next-token", [""])[0]
        if method == "GET" and path == "/phone-numbers" and token == "":
            return json_response(200, numbers)
        if method != "GET" or path != "/sip-rules" or token not in pages:
            return json_response(400, {"Code": "BadRequest", "Message": "unexpected %s %s?%s" % (method, path, query)},
                                 **{"x-amzn-ErrorType": "BadRequestException"})
        return json_response(200, pages[token])

    fake = FakeService(respond)
    try:
        rc, out, err = ctx.run(["list-sip-rules", "--endpoint-url", fake.url])
        check(rc == 0, "list-sip-rules, three pages", describe(rc, out, err))
        check(json.loads(out) == {"SipRules": [{"SipRuleId": i} for i in "abcd"]}, "the pages merged, no NextToken",
              out)
        check(len(fake.calls) == 3, "three calls", repr(fake.calls))
        rc, out, err = ctx.run(["list-sip-rules", "--endpoint-url", fake.url, "--no-paginate"])
        check(rc == 0 and json.loads(out) == pages[""], "--no-paginate: the first page as is", describe(rc, out, err))
        rc, out, err = ctx.run(["list-phone-numbers", "--endpoint-url", fake.url])
        check(rc == 0 and json.loads(out) == numbers, "no paginator: one page with its NextToken",
              describe(rc, out, err))
        # A scalar value in brackets is sent as typed (only list options read JSON lists).
        before = len(fake.calls)
        rc, out, err = ctx.run(["get-phone-number", "--endpoint-url", fake.url, "--phone-number-id", "[x]"])
        check(len(fake.calls) == before + 1 and fake.calls[-1][1] == "/phone-numbers/%5Bx%5D",
              "'[x]' as a scalar value is sent as '[x]'", repr(fake.calls[before:]))
    finally:
        fake.close()


def scenario_exit_codes(ctx):
    """0, 1, 252, 253, 254, 255 and 130 (SIGINT, with the numbers already sent)."""
    svc = ctx.service()
    check(ctx.delete(svc, ["+12065550100"])[0] == 0, "0: success")
    check(ctx.delete(svc, ["+19995550199"])[0] == 1, "1: some numbers not deleted")
    check(ctx.run(["batch-delete-phone-number", "--phone-number-ids"])[0] == 252, "252: usage")
    check(ctx.delete(svc, ["+12065550101"], env=ctx.env(AWS_REGION=None))[0] == 253, "253: configuration")
    check(ctx.delete(svc, ["+12065550101"], env=ctx.env(AWS_SECRET_ACCESS_KEY="wrong"))[0] == 254, "254: service")
    port = svc.port
    svc.stop()
    rc, out, err = ctx.run(["batch-delete-phone-number", "--endpoint-url", "http://127.0.0.1:%d" % port,
                            "--phone-number-ids", "+1", "--max-attempts", "1"])
    check(rc == 255 and "connection_refused" in err, "255: transport", describe(rc, out, err))

    # --cli-read-timeout: a service that never answers is a transport failure (timeout), 255.
    hang = FakeService(lambda m, p, q, h, b: None)
    try:
        started = time.monotonic()
        rc, out, err = ctx.run(["batch-delete-phone-number", "--endpoint-url", hang.url, "--phone-number-ids", "+1",
                                "--max-attempts", "1", "--cli-read-timeout", "1"])
        check(rc == 255 and "timeout" in err and time.monotonic() - started < 15, "--cli-read-timeout 1: 255",
              describe(rc, out, err))
    finally:
        hang.close()

    # 130: the first call answered, the second hangs, SIGINT.
    answered = []

    def respond(method, path, query, headers, body):
        if not answered:
            answered.append(body)
            return json_response(200, {"PhoneNumberErrors": []})
        return None

    fake = FakeService(respond)
    try:
        p = subprocess.Popen([ctx.cli, "batch-delete-phone-number", "--endpoint-url", fake.url, "--batch-size", "1",
                              "--phone-number-ids", "+12065550100", "+12065550101", "+12065550102"],
                             env=ctx.env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 10
        while len(fake.calls) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.2)
        environ = "/proc/%d/environ" % p.pid
        if os.path.exists(environ):  # Linux: the command's own copy of its environment
            with open(environ, "rb") as f:
                check(SECRET_KEY.encode() not in f.read(), "the secret key is wiped from the process environment")
        p.send_signal(signal.SIGINT)
        out, err = p.communicate(timeout=10)
        rc = p.returncode
        check(rc == 130, "130: interrupted", describe(rc, out, err))
        check("interrupted" in err and "sent and answered (1 number(s)): +12065550100" in err and
              "may have been queued) (1 number(s)): +12065550101" in err and
              "not sent (1 number(s)): +12065550102" in err, "says which numbers were sent", err)
        check(len(fake.calls) == 2, "the third number was never sent", repr(fake.calls))
    finally:
        fake.close()


def scenario_batch_size(ctx):
    svc = ctx.service()
    ids = ["+12065550100", "+12065550110", "+12065550101", "+19995550199", "+12065550102"]
    rc, out, err = ctx.delete(svc, ids, "--batch-size", "2")
    check(rc == 1, "batches with failures: exit 1", describe(rc, out, err, svc))
    check(svc.batch_statuses() == ["200", "200", "200"], "three calls", svc.log())
    doc = json.loads(out)
    check(sorted(e["PhoneNumberId"] for e in doc["PhoneNumberErrors"]) == ["+12065550110", "+19995550199"],
          "PhoneNumberErrors merged", out)
    ids_by_call = [r["request_id"] for r in svc.requests() if r.get("method") == "POST"]
    for n, (rid, nums) in enumerate(zip(ids_by_call, [ids[0:2], ids[2:4], ids[4:5]]), 1):
        check(("call %d/3: request id %s" % (n, rid)) in err and (" ".join(nums)) in err,
              "call %d reports its request id and numbers" % n, err)
    check("3 of 5 phone number(s) queued for deletion, 2 failed" in err, "summary over all calls", err)
    rc, out, err = ctx.delete(svc, ["+12065550103", "+12065550104", "+12065550105"], "--batch-size", "2", "--dry-run")
    check(rc == 0 and out.count("POST /phone-numbers?operation=batch-delete HTTP/1.1") == 2, "dry run: two requests",
          out)
    check(out.count("Authorization: AWS4-HMAC-SHA256") + out.count("authorization: AWS4-HMAC-SHA256") == 2,
          "each signed", out)


def scenario_dry_run_signature(ctx):
    env = ctx.env(AWS_SESSION_TOKEN="session-token-secret")
    args = ["batch-delete-phone-number", "--phone-number-ids", "+12065550100", "--dry-run"]
    rc, out, err = ctx.run(args, env=env)
    check(rc == 0 and "Signature=<redacted>" in out and not re.search(r"Signature=[0-9a-f]{64}", out),
          "signature redacted by default", describe(rc, out, err))
    rc, out, err = ctx.run(args + ["--show-signature"], env=env)
    check(rc == 0 and re.search(r"Signature=[0-9a-f]{64}", out), "--show-signature shows it", describe(rc, out, err))
    check("session-token-secret" not in out + err and SECRET_KEY not in out + err, "never the secrets", out)
    check(out.endswith('{"PhoneNumberIds":["+12065550100"]}'), "body exact", repr(out[-60:]))
    rc, out, err = ctx.run(["batch-delete-phone-number", "--phone-number-ids", "+1", "--show-signature"])
    check(rc == 252, "--show-signature without --dry-run is a usage error", describe(rc, out, err))


def scenario_proxy(ctx):
    """http_proxy (libcurl's environment) carries the call; an empty response prints nothing."""
    fake = FakeService(lambda m, p, q, h, b: json_response(200, {}))
    try:
        env = ctx.env(http_proxy=fake.url)
        rc, out, err = ctx.run(["batch-delete-phone-number", "--endpoint-url", "http://chime.example.invalid:8080",
                                "--phone-number-ids", "+12065550100"], env=env)
        check(rc == 0, "sent through the proxy", describe(rc, out, err))
        check(len(fake.calls) == 1 and fake.calls[0][1] == "http://chime.example.invalid:8080/phone-numbers",
              "the proxy got the absolute URL", repr(fake.calls))
        check(out == "", "a response of {} prints nothing, as the AWS CLI", repr(out))
        rc, out, err = ctx.run(["batch-delete-phone-number", "--endpoint-url", "http://chime.example.invalid:8080",
                                "--phone-number-ids", "+12065550100", "--max-attempts", "1"],
                               env=dict(env, no_proxy="chime.example.invalid"))
        check(rc == 255 and len(fake.calls) == 1, "no_proxy: straight to the (unresolvable) host", describe(rc, out, err))
    finally:
        fake.close()


def make_cert(ctx):
    cert = os.path.join(ctx.tmp, "cert.pem")
    key = os.path.join(ctx.tmp, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True, timeout=30)
    return cert, key


class TlsProxy:
    """TLS on 127.0.0.1 in front of an HTTP service (a self-signed certificate);
    the request is forwarded as received (its Host header is the signed one)."""

    def __init__(self, backend_port, cert, key):
        import http.client
        import http.server
        import ssl
        import threading

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):
                pass

            def forward(self):
                n = int(self.headers.get("Content-Length", "0") or 0)
                body = self.rfile.read(n) if n else b""
                c = http.client.HTTPConnection("127.0.0.1", backend_port, timeout=20)
                c.putrequest(self.command, self.path, skip_host=True, skip_accept_encoding=True)
                for k, v in self.headers.items():
                    c.putheader(k, v)
                c.endheaders(body)
                r = c.getresponse()
                data = r.read()
                self.send_response(r.status)
                for k, v in r.getheaders():
                    if k.lower() not in ("content-length", "connection", "transfer-encoding", "date", "server"):
                        self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                c.close()

            do_GET = do_POST = forward

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        sslctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        sslctx.load_cert_chain(cert, key)
        self.server.socket = sslctx.wrap_socket(self.server.socket, server_side=True)
        self.url = "https://127.0.0.1:%d" % self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def scenario_tls(ctx):
    """--ca-bundle, AWS_CA_BUNDLE, ca_bundle and --no-verify-ssl against a TLS
    proxy with a self-signed certificate made now."""
    if shutil.which("openssl") is None:
        raise Failure("openssl is needed to make the test certificate")
    svc = ctx.service()
    cert, key = make_cert(ctx)
    proxy = TlsProxy(svc.port, cert, key)
    try:
        args = ["batch-delete-phone-number", "--endpoint-url", proxy.url, "--max-attempts", "1", "--phone-number-ids"]
        rc, out, err = ctx.run(args + ["+12065550100"])
        check(rc == 255 and "tls" in err, "an unknown CA is refused: 255", describe(rc, out, err, svc))
        check(svc.batch_statuses() == [], "nothing reached the service", svc.log())
        rc, out, err = ctx.run(args + ["+12065550100", "--no-verify-ssl"])
        check(rc == 0 and "warning" in err and "--no-verify-ssl" in err, "--no-verify-ssl works, with a warning",
              describe(rc, out, err, svc))
        rc, out, err = ctx.run(args + ["+12065550101", "--ca-bundle", cert])
        check(rc == 0 and "warning" not in err, "--ca-bundle", describe(rc, out, err, svc))
        rc, out, err = ctx.run(args + ["+12065550102"], env=ctx.env(AWS_CA_BUNDLE=cert))
        check(rc == 0, "AWS_CA_BUNDLE", describe(rc, out, err, svc))
        config = os.path.join(ctx.tmp, "config-tls")
        with open(config, "w") as f:
            f.write("[default]\nca_bundle = %s\n" % cert)
        rc, out, err = ctx.run(args + ["+12065550103", "--debug"], env=ctx.env(AWS_CONFIG_FILE=config))
        check(rc == 0 and ("ca_bundle %s (profile" % cert) in err, "ca_bundle in the profile, with its source",
              describe(rc, out, err, svc))
        check(svc.batch_statuses() == ["200"] * 4, "four calls reached the service through TLS", svc.log())
    finally:
        proxy.close()


def scenario_settings(ctx):
    """Settings from flags, environment and profile reach the wire, --debug says where each came from."""
    svc = ctx.service("--fail-503", "5")
    rc, out, err = ctx.delete(svc, ["+12065550100"], "--retry-mode", "legacy", "--debug")
    check(rc == 254 and svc.batch_statuses() == ["503"] * 5, "legacy mode: 5 attempts by default",
          describe(rc, out, err, svc))
    check("retry_mode legacy (explicit" in err, "the source of retry_mode", err)
    svc2 = ctx.service("--throttle-first", "2")
    rc, out, err = ctx.delete(svc2, ["+12065550100"], "--debug", env=ctx.env(AWS_RETRY_MODE="adaptive"))
    check(rc == 0 and svc2.batch_statuses() == ["429", "429", "200"], "adaptive mode retries throttling",
          describe(rc, out, err, svc2))
    check("retry_mode adaptive (environment: AWS_RETRY_MODE)" in err, "AWS_RETRY_MODE named as the source", err)
    config = os.path.join(ctx.tmp, "config-settings")
    with open(config, "w") as f:
        f.write("[profile s]\nregion = eu-west-1\nsdk_ua_app_id = fromprofile\noutput = text\n")
    env = ctx.env(AWS_CONFIG_FILE=config, AWS_PROFILE="s", AWS_REGION=None)
    rc, out, err = ctx.run(["batch-delete-phone-number", "--phone-number-ids", "+12065550100", "--dry-run", "--debug"],
                           env=env)
    check(rc == 0 and "/eu-west-1/chime/aws4_request" in out and "host: voice-chime.eu-west-1.amazonaws.com" in
          out.lower(), "region from the profile reaches the request", describe(rc, out, err))
    check("app/fromprofile" in out, "the profile's app id reaches the user agent", out)
    check("region eu-west-1 (profile: profile 's' in the config file, key region)" in err, "region's source", err)
    check("output text (profile: profile 's' in the config file, key output)" in err, "output's source", err)
    rc, out, err = ctx.run(["batch-delete-phone-number", "--phone-number-ids", "+1", "--dry-run", "--app-id", "flag"],
                           env=env)
    check(rc == 0 and "app/flag" in out, "--app-id beats the profile", describe(rc, out, err))
    svc3 = ctx.service()
    rc, out, err = ctx.run(["batch-delete-phone-number", "--phone-number-ids", "+19995550199"],
                           env=dict(env, AWS_ENDPOINT_URL_CHIME_SDK_VOICE=svc3.url, AWS_REGION=REGION))
    check(rc == 1 and out.startswith("PHONENUMBERERRORS\t"), "AWS_ENDPOINT_URL_CHIME_SDK_VOICE routes to the "
          "loopback service; output from the profile", describe(rc, out, err, svc3))
    svc4 = ctx.service("--clock-skew", "900")
    rc, out, err = ctx.delete(svc4, ["+12065550100"], "--no-clock-skew-correction")
    check(rc == 254 and svc4.batch_statuses() == ["403"], "--no-clock-skew-correction: no corrected retry",
          describe(rc, out, err, svc4))
    rc, out, err = ctx.delete(svc4, ["+12065550100"], env=ctx.env(AWS_DISABLE_CLOCK_SKEW_CORRECTION="true"))
    check(rc == 254 and svc4.batch_statuses() == ["403", "403"], "AWS_DISABLE_CLOCK_SKEW_CORRECTION",
          describe(rc, out, err, svc4))


def scenario_server_text_escaped(ctx):
    """A message holding ESC sequences and newlines never reaches the terminal raw."""
    evil = "gone\x1b]0;pwned\x07\nPHONENUMBERERRORS\tForged\tforged\t+10000000000\x1b[2J"

    def respond(method, path, query, headers, body):
        ids = json.loads(body or b"{}").get("PhoneNumberIds", [])
        if "+19995550100" in ids:
            return json_response(400, {"Code": "BadRequest", "Message": evil},
                                 **{"x-amzn-ErrorType": "BadRequestException", "x-amzn-RequestId": "rid\x1b[31m"})
        return json_response(200, {"PhoneNumberErrors": [{"PhoneNumberId": i, "ErrorCode": "NotFound",
                                                          "ErrorMessage": evil} for i in ids]})

    fake = FakeService(respond)
    try:
        args = ["batch-delete-phone-number", "--endpoint-url", fake.url, "--phone-number-ids"]
        for fmt in ("text", "table", "yaml", "json"):
            rc, out, err = ctx.run(args + ["+12065550100", "--output", fmt])
            check(rc == 1, "the call succeeded (%s)" % fmt, describe(rc, out, err))
            check("\x1b" not in out + err and "\x07" not in out + err, "no raw ESC or BEL (%s)" % fmt, repr(out + err))
            check(not any(l.startswith("PHONENUMBERERRORS\tForged") for l in out.splitlines()),
                  "no forged line (%s)" % fmt, repr(out))
        rc, out, err = ctx.run(args + ["+12065550100", "--output", "text"])
        check(len(out.splitlines()) == 1, "text: one line for one number", repr(out))
        rc, out, err = ctx.run(args + ["+12065550100", "--output", "json"])
        check(json.loads(out)["PhoneNumberErrors"][0]["ErrorMessage"] == evil, "json keeps the text, escaped as JSON",
              repr(out))
        rc, out, err = ctx.run(args + ["+19995550100", "--debug"])
        check(rc == 254 and "BadRequestException" in err, "a service error: 254", describe(rc, out, err))
        check("\x1b" not in out + err and "\x07" not in out + err, "no raw ESC in the error or --debug output", repr(err))
        check(not any(l.startswith("PHONENUMBERERRORS") for l in err.splitlines()), "no forged line on stderr", repr(err))
    finally:
        fake.close()


def scenario_credentials_file_robustness(ctx):
    """A credentials file that is a directory, unreadable or not UTF-8: a clear 253, never an abort."""
    base = dict(AWS_ACCESS_KEY_ID=None, AWS_SECRET_ACCESS_KEY=None)
    args = ["batch-delete-phone-number", "--phone-number-ids", "+12065550100", "--dry-run"]
    d = os.path.join(ctx.tmp, "creds-dir")
    os.makedirs(d)
    rc, out, err = ctx.run(args, env=ctx.env(AWS_SHARED_CREDENTIALS_FILE=d, **base))
    check(rc == 253 and "is a directory" in err and d in err, "a directory: 253", describe(rc, out, err))
    home_aws = os.path.join(ctx.tmp, "home", ".aws", "credentials")
    os.makedirs(home_aws)
    rc, out, err = ctx.run(args, env=ctx.env(AWS_SHARED_CREDENTIALS_FILE=None, **base))
    check(rc == 253 and "is a directory" in err, "~/.aws/credentials a directory: 253", describe(rc, out, err))
    bad = os.path.join(ctx.tmp, "creds-latin1")
    with open(bad, "wb") as f:
        f.write(b"[default]\naws_access_key_id = AKID\xe9\naws_secret_access_key = x\n")
    rc, out, err = ctx.run(args, env=ctx.env(AWS_SHARED_CREDENTIALS_FILE=bad, **base))
    check(rc == 253 and "UTF-8" in err, "not UTF-8: 253", describe(rc, out, err))
    rc, out, err = ctx.run(args, env=ctx.env(AWS_CONFIG_FILE=d))
    check(rc == 253 and "is a directory" in err, "a config file that is a directory: 253", describe(rc, out, err))
    if os.geteuid() != 0:  # root reads any file
        locked = os.path.join(ctx.tmp, "creds-locked")
        with open(locked, "w") as f:
            f.write("[default]\n")
        os.chmod(locked, 0)
        rc, out, err = ctx.run(args, env=ctx.env(AWS_SHARED_CREDENTIALS_FILE=locked, **base))
        check(rc == 253 and "cannot be read" in err, "unreadable: 253", describe(rc, out, err))


def scenario_parse_file(ctx):
    resp = os.path.join(ctx.tmp, "resp.http")
    body = '{"PhoneNumberErrors":[{"PhoneNumberId":"+1206","ErrorCode":"NotFound","ErrorMessage":"x"}]}'
    with open(resp, "w") as f:
        f.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nx-amzn-RequestId: req-file\r\n"
                "Content-Length: %d\r\n\r\n%s" % (len(body), body))
    rc, out, err = ctx.run(["parse", resp])
    check(rc == 1 and json.loads(out)["PhoneNumberErrors"][0]["PhoneNumberId"] == "+1206" and "req-file" in err,
          "parse FILE", describe(rc, out, err))
    rc, out, err = ctx.run(["parse", "-"], stdin=open(resp).read())
    check(rc == 1 and "req-file" in err, "parse - (standard input)", describe(rc, out, err))
    rc, out, err = ctx.run(["parse", resp + ".missing"])
    check(rc == 252, "a missing file: 252", describe(rc, out, err))
    # A hostile Date in a parsed response is only reported.
    with open(resp, "w") as f:
        f.write("HTTP/1.1 200 OK\r\nDate: Sat, 01 Jan 0000 00:00:00 GMT\r\nContent-Length: 2\r\n\r\n{}")
    rc, out, err = ctx.run(["parse", resp])
    check(rc == 0 and "ignoring the Date" in err, "a hostile Date (year 0000) is reported, never an error",
          describe(rc, out, err))


SCENARIOS = {name[len("scenario_"):]: fn for name, fn in sorted(globals().items()) if name.startswith("scenario_")}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cli")
    ap.add_argument("--server")
    ap.add_argument("--seed")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("scenario", nargs="?")
    args = ap.parse_args()
    if args.list:
        print("\n".join(SCENARIOS))
        return 0
    if not (args.cli and args.server and args.seed and args.scenario in SCENARIOS):
        ap.error("need --cli, --server, --seed and one of: " + ", ".join(SCENARIOS))
    tmp = tempfile.mkdtemp(prefix="chime-voice-e2e-")
    ctx = Context(args, tmp)
    try:
        SCENARIOS[args.scenario](ctx)
    except Failure as e:
        print("FAIL %s: %s" % (args.scenario, e), file=sys.stderr)
        return 1
    finally:
        service_problems = []
        for s in ctx.services:
            try:
                rc = s.stop()
                log = s.log()
                if rc != 0 or "Sanitizer" in log or "runtime error:" in log:
                    service_problems.append("chime-voice-local exited with %s:\n%s" % (rc, log))
            except Failure as e:
                service_problems.append(str(e))
        shutil.rmtree(tmp, ignore_errors=True)
    if service_problems:
        print("FAIL %s: %s" % (args.scenario, "\n".join(service_problems)), file=sys.stderr)
        return 1
    print("PASS %s" % args.scenario)
    return 0


if __name__ == "__main__":
    sys.exit(main())
