#!/usr/bin/env python3
# SPDX-License-Identifier: BSL-1.0
"""The `chime-voice` command side by side with the AWS CLI v2.

usage: cli_parity.py --cli PATH --server PATH --seed PATH --aws PATH [--only NAME] [--list] [--write-golden]

For each case the same arguments go to `aws chime-sdk-voice <op> ...` and to
`chime-voice <op> ...`, each against its own fresh `chime-voice-local` (same
seed inventory, so the same state), with the same isolated environment. The
AWS CLI is the independent implementation: what it prints on standard output
is the expected output, byte for byte, and its exit status is the expected
status. Where chime-voice deliberately differs (the issue asks it to refuse
what the AWS CLI silently sends, or to exit 1 on a partial failure), the case
says so and what is expected of each side instead; those differences are
listed in docs/cli.md.

The AWS CLI's output for the cases that do not depend on the time is also
recorded in golden/cli_parity.json (`--write-golden`, with the AWS CLI v2);
with the AWS CLI present the test also checks that record is still what it
prints. Without the AWS CLI v2 only the recorded cases run, against the
record, and the test exits 77 (ctest: skipped) for the rest; CI installs
Debian's awscli 2.9.19, so there every case runs.
"""
import argparse
import base64
import http.server
import json
import threading
import urllib.parse

from loopback import LoopbackService
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ACCESS_KEY = "AKIDEXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
CHILD_TIMEOUT = 60

# Numbers of examples/seed-inventory.json: free, associated with a Voice
# Connector, and unknown to the inventory.
FREE = ["+12065550100", "+12065550101"]
ASSOCIATED = "+12065550110"
UNKNOWN = "+19995550199"


class Service(LoopbackService):
    def __init__(self, args, tmp, n):
        super().__init__([args.server, "--seed", args.seed, "--access-key-id", ACCESS_KEY,
                          "--secret-access-key", SECRET_KEY, "--region", "us-east-1", "--timeout", "120",
                          "--max-requests", "100", "--quiet"], os.path.join(tmp, "port-%d" % n))


class PagedSipRules:
    """A fake ListSipRules (GET /sip-rules) with 5 rules in pages of 2 (or
    max-results): the paginated operation the AWS CLI follows, which the
    loopback service does not implement. Answers without checking signatures."""

    RULES = [{"SipRuleId": "rule-%d" % i, "Name": "rule %d" % i, "Disabled": i % 2 == 0,
              "TriggerType": "ToPhoneNumber", "TriggerValue": "+1206555%04d" % i,
              "CreatedTimestamp": "2026-11-%02dT10:00:00.000Z" % (i + 1)} for i in range(5)]

    def __init__(self):
        rules = self.RULES

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                url = urllib.parse.urlsplit(self.path)
                q = urllib.parse.parse_qs(url.query)
                start = int(q.get("next-token", ["t0"])[0][1:])
                size = int(q.get("max-results", ["2"])[0])
                doc = {"SipRules": rules[start:start + size]}
                if start + size < len(rules):
                    doc["NextToken"] = "t%d" % (start + size)
                body = json.dumps(doc).encode()
                self.send_response(200 if url.path == "/sip-rules" else 404)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.send_header("x-amzn-RequestId", "paged-%d" % start)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *a):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = "http://127.0.0.1:%d" % self.server.server_address[1]

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def environment(tmp, **overrides):
    home = os.path.join(tmp, "home")
    os.makedirs(home, exist_ok=True)
    empty = os.path.join(tmp, "empty")
    open(empty, "a").close()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": home,
        "LC_ALL": "C.UTF-8",
        "AWS_ACCESS_KEY_ID": ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        "AWS_REGION": "us-east-1",
        "AWS_CONFIG_FILE": empty,
        "AWS_SHARED_CREDENTIALS_FILE": empty,
        "AWS_MAX_ATTEMPTS": "1",
        "AWS_PAGER": "",
    }
    for k, v in overrides.items():
        if v is None:
            env.pop(k, None)
        else:
            env[k] = v
    return env


class Case:
    """One command line for both programs.

    args: the arguments after the subcommand; "{url}" is replaced by the
    service's address, "{tmp}" by the case's folder.
    files: name -> content, written into the case's folder first.
    differs: None (same stdout and status), or a pair (aws status, ours
    status) with `same_stdout` saying whether stdout must still agree.
    """

    def __init__(self, name, op, args, files=None, env=None, differs=None, same_stdout=True, endpoint=True,
                 why="", partial=False, shared=False, fake=False, pre=None):
        if partial:  # the call succeeded and left some numbers undeleted
            differs, why = (0, 1), PARTIAL
        self.name, self.op, self.args = name, op, args
        self.files, self.env = files or {}, env or {}
        self.differs, self.same_stdout, self.endpoint, self.why = differs, same_stdout, endpoint, why
        self.shared = shared  # read-only: both programs ask one service (same timestamps)
        self.fake = fake      # PagedSipRules instead of the loopback service
        self.pre = pre or []  # global options before the command


PARTIAL = "chime-voice exits 1 when some numbers were not deleted; the AWS CLI exits 0"


def bd(*args):
    return ["--phone-number-ids"] + list(args)


CASES = []
for fmt in ("json", "text", "table", "yaml"):
    CASES.append(Case("output_%s_all_deleted" % fmt, "batch-delete-phone-number",
                      bd(*FREE) + ["--output", fmt]))
    CASES.append(Case("output_%s_some_failed" % fmt, "batch-delete-phone-number",
                      bd(FREE[0], ASSOCIATED, UNKNOWN) + ["--output", fmt], partial=True))
# Every output format of operations that only read (one service for both).
for fmt in ("json", "text", "table", "yaml"):
    CASES.append(Case("get_phone_number_%s" % fmt, "get-phone-number",
                      ["--phone-number-id", ASSOCIATED, "--output", fmt], shared=True))
    CASES.append(Case("list_phone_numbers_%s" % fmt, "list-phone-numbers", ["--output", fmt], shared=True))
CASES += [
    Case("input_space_separated", "batch-delete-phone-number", bd(FREE[0], UNKNOWN), partial=True),
    Case("input_json_list", "batch-delete-phone-number", bd('["%s","%s"]' % (FREE[0], UNKNOWN)), partial=True),
    Case("input_file_list", "batch-delete-phone-number", bd("file://{tmp}/ids.json"),
         files={"ids.json": '["%s", "%s"]\n' % (FREE[1], UNKNOWN)}, partial=True),
    Case("input_cli_input_json", "batch-delete-phone-number",
         ["--cli-input-json", '{"PhoneNumberIds": ["%s", "%s"]}' % (FREE[0], UNKNOWN)], partial=True),
    Case("input_cli_input_json_file", "batch-delete-phone-number", ["--cli-input-json", "file://{tmp}/in.json"],
         files={"in.json": '{"PhoneNumberIds": ["%s"]}' % UNKNOWN}, partial=True),
    Case("input_option_overrides_cli_input_json", "batch-delete-phone-number",
         ["--cli-input-json", '{"PhoneNumberIds": ["%s"]}' % FREE[0]] + bd(UNKNOWN), partial=True),
    Case("input_comma_is_refused", "batch-delete-phone-number", bd("%s,%s" % (FREE[0], UNKNOWN)),
         differs=(0, 252), same_stdout=False,
         why="the AWS CLI sends '+1...,+1...' as one ID; chime-voice refuses it with a hint (usage error)"),
    Case("skeleton_input", "batch-delete-phone-number", ["--generate-cli-skeleton", "input"], endpoint=False),
    # The AWS CLI v2 checks the required members before printing the output
    # skeleton, and sends nothing.
    Case("skeleton_output", "batch-delete-phone-number", bd(FREE[0]) + ["--generate-cli-skeleton", "output"]),
    Case("get_phone_number_unknown", "get-phone-number", ["--phone-number-id", UNKNOWN], shared=True),
    Case("list_phone_numbers_filtered_text", "list-phone-numbers",
         ["--status", "Assigned", "--output", "text"], shared=True),
    Case("list_phone_numbers_page_json", "list-phone-numbers", ["--max-results", "2"], shared=True),
    Case("list_phone_numbers_no_paginate", "list-phone-numbers", ["--max-results", "3", "--no-paginate"],
         shared=True),
    # Pages: the AWS CLI follows NextToken for ListSipRules (a botocore
    # paginator) and merges the pages; --max-items stops early and prints its
    # own resumable token, which --starting-token takes back.
    Case("pages_merged_json", "list-sip-rules", [], fake=True),
    Case("pages_text", "list-sip-rules", ["--output", "text"], fake=True),
    Case("pages_table", "list-sip-rules", ["--output", "table"], fake=True),
    Case("pages_page_size", "list-sip-rules", ["--page-size", "3"], fake=True),
    Case("pages_max_items", "list-sip-rules", ["--max-items", "3"], fake=True),
    Case("pages_max_items_text", "list-sip-rules", ["--max-items", "1", "--output", "text"], fake=True),
    Case("pages_starting_token", "list-sip-rules",
         ["--starting-token", base64.b64encode(json.dumps({"NextToken": "t2", "boto_truncate_amount": 1})
                                               .encode()).decode(), "--max-items", "2"], fake=True),
    Case("pages_no_paginate", "list-sip-rules", ["--no-paginate"], fake=True),
    Case("pages_no_paginate_global", "list-sip-rules", [], fake=True, pre=["--no-paginate"]),
    Case("usage_missing_required", "batch-delete-phone-number", []),
    Case("usage_unknown_option", "batch-delete-phone-number", bd(FREE[0]) + ["--phone-number-idz", "x"]),
    Case("usage_bad_output_format", "batch-delete-phone-number", bd(FREE[0]) + ["--output", "xml"]),
    Case("service_error_wrong_secret", "batch-delete-phone-number", bd(FREE[0]),
         env={"AWS_SECRET_ACCESS_KEY": "not-the-secret"}),
    Case("config_no_credentials", "batch-delete-phone-number", bd(FREE[0]),
         env={"AWS_ACCESS_KEY_ID": None, "AWS_SECRET_ACCESS_KEY": None}),
    Case("config_unknown_profile", "batch-delete-phone-number", bd(FREE[0]) + ["--profile", "nosuchprofile"],
         differs=(255, 253),
         why="a profile that is not in the shared files is a configuration error: 253 as the AWS CLI v2 "
             "documents its exit codes; AWS CLI 2.9.19 exits 255 (ProfileNotFound is not mapped)"),
    Case("transport_connection_refused", "batch-delete-phone-number", bd(FREE[0]) +
         ["--endpoint-url", "http://127.0.0.1:9"], endpoint=False),
]


def is_aws_cli_v2(aws):
    try:
        p = subprocess.run([aws, "--version"], capture_output=True, text=True, timeout=CHILD_TIMEOUT)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return (p.stdout + p.stderr).startswith("aws-cli/2.")


GOLDEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "golden", "cli_parity.json")


def prepare(case, tmp):
    folder = os.path.join(tmp, case.name)
    os.makedirs(folder, exist_ok=True)
    for name, content in case.files.items():
        with open(os.path.join(folder, name), "w") as f:
            f.write(content)
    return folder


def run_programs(args, case, folder, who_list):
    """Runs the case with each program of who_list; returns {who: (status, stdout, stderr, argv)}."""
    results = {}
    shared = PagedSipRules() if case.fake else Service(args, folder, 9) if case.shared else None
    for who in who_list:
        svc = shared or (Service(args, folder, len(results)) if case.endpoint else None)
        try:
            argv = [a.replace("{tmp}", folder) for a in case.args]
            if svc:
                argv += ["--endpoint-url", svc.url]
            cmd = ([args.aws] + case.pre + ["chime-sdk-voice", case.op] if who == "aws" else
                   [args.cli] + case.pre + [case.op]) + argv
            p = subprocess.run(cmd, env=environment(folder, **case.env), capture_output=True, text=True,
                               timeout=CHILD_TIMEOUT, stdin=subprocess.DEVNULL)
            results[who] = (p.returncode, p.stdout, p.stderr, cmd)
        finally:
            if svc and not shared:
                svc.stop()
    if shared:
        shared.stop()
    return results


def run_case(args, case, tmp, golden, have_aws):
    """None when the case passes, "skip" when it needs the AWS CLI, else the failure's description."""
    folder = prepare(case, tmp)
    recorded = golden.get(case.name)
    if not have_aws and recorded is None:
        return "skip"
    results = run_programs(args, case, folder, ("aws", "ours") if have_aws else ("ours",))
    orc, oout, oerr, ocmd = results["ours"]
    problems = []
    if have_aws:
        arc, aout, aerr, acmd = results["aws"]
        if recorded is not None and (recorded["status"], recorded["stdout"]) != (arc, aout):
            problems.append("the AWS CLI no longer prints what %s recorded (run with --write-golden)" %
                            os.path.basename(GOLDEN))
    else:  # what the AWS CLI printed when the golden file was written
        arc, aout, aerr, acmd = recorded["status"], recorded["stdout"], "(recorded)\n", ["(recorded)"]
    want_aws, want_ours = case.differs if case.differs else (arc, arc)
    if arc != want_aws:
        problems.append("the AWS CLI exited %d, the case expects %d (the case is out of date)" % (arc, want_aws))
    if orc != want_ours:
        problems.append("chime-voice exited %d, expected %d" % (orc, want_ours))
    if case.same_stdout and aout != oout:
        problems.append("standard output differs")
    if "Sanitizer" in oerr or "runtime error:" in oerr:
        problems.append("a sanitizer report")
    if problems:
        return ("%s: %s\n  aws:  %s\n  ours: %s\n--- aws stdout (exit %d)\n%s--- ours stdout (exit %d)\n%s"
                "--- aws stderr\n%s--- ours stderr\n%s" %
                (case.name, "; ".join(problems), " ".join(acmd), " ".join(ocmd), arc, aout, orc, oout, aerr, oerr))
    return None


def write_golden(args, tmp):
    """Records what the AWS CLI prints for every case that does not depend on the time (not `shared`)."""
    version = subprocess.run([args.aws, "--version"], capture_output=True, text=True).stdout.split()[0]
    out = {"_source": "standard output and exit status of %s, written by cli_parity.py --write-golden" % version}
    for case in CASES:
        if case.shared or case.fake:
            continue
        status, stdout, _, _ = run_programs(args, case, prepare(case, tmp), ("aws",))["aws"]
        out[case.name] = {"status": status, "stdout": stdout}
    os.makedirs(os.path.dirname(GOLDEN), exist_ok=True)
    with open(GOLDEN, "w") as f:
        json.dump(out, f, indent=1, sort_keys=True, ensure_ascii=False)
        f.write("\n")
    print("wrote %d cases to %s" % (len(out) - 1, GOLDEN))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli")
    ap.add_argument("--server")
    ap.add_argument("--seed")
    ap.add_argument("--aws", default=shutil.which("aws"))
    ap.add_argument("--only")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--write-golden", action="store_true")
    args = ap.parse_args()
    if args.list:
        for c in CASES:
            print(c.name + ("  (differs: %s)" % c.why if c.differs else ""))
        return 0
    have_aws = bool(args.aws) and is_aws_cli_v2(args.aws)
    cases = [c for c in CASES if not args.only or c.name == args.only]
    if not cases:
        print("cli_parity: no case named %s" % args.only)
        return 2
    tmp = tempfile.mkdtemp(prefix="cli-parity-")
    try:
        if args.write_golden:
            if not have_aws:
                print("cli_parity: --write-golden needs the AWS CLI v2")
                return 2
            write_golden(args, tmp)
            return 0
        golden = {}
        if os.path.exists(GOLDEN):
            with open(GOLDEN) as f:
                golden = json.load(f)
        if not have_aws:
            print("cli_parity: the AWS CLI v2 is not installed (Debian: apt-get install awscli): "
                  "only the cases recorded in %s run" % os.path.basename(GOLDEN))
        failures, skipped = [], []
        for c in cases:
            problem = run_case(args, c, tmp, golden, have_aws)
            if problem == "skip":
                skipped.append(c.name)
                continue
            print(("FAIL " if problem else "ok   ") + c.name, flush=True)
            if problem:
                failures.append(problem)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for f in failures:
        print("\n" + f)
    ran = len(cases) - len(skipped)
    print("%d passed, %d failed" % (ran - len(failures), len(failures)) +
          (", %d skipped (they need the AWS CLI v2): %s" % (len(skipped), " ".join(skipped)) if skipped else ""))
    if failures:
        return 1
    return 77 if skipped else 0


if __name__ == "__main__":
    sys.exit(main())
