#!/usr/bin/env python3
# SPDX-License-Identifier: BSL-1.0
"""The phone-number lifecycle against `chime-voice-local` (issue 16), driven
by a command-line client whose subcommands are the AWS CLI's.

usage: lifecycle.py --server PATH --seed PATH --client "CMD..." [--endpoint-flag=FLAG]
                    [--require-aws-cli-v2] [--deletion-window SECONDS]
                    [--partial-failure-exit N]

The client is run as  CMD SUBCOMMAND FLAG URL --region us-east-1 --output json ARGS...
(e.g. --client "aws chime-sdk-voice" or --client "chime-voice"), with the
documentation's example keys in the environment and empty shared files. Only
its stdout (JSON) and stderr (the error's type) are read, never its exit code
beyond zero / non-zero, so clients with different exit codes fit — except
the BatchDeletePhoneNumber refused with PhoneNumberAssociationsExist, whose
exit status must be --partial-failure-exit exactly (the AWS CLI exits 0 on a
partial failure, chime-voice 1).

search -> order -> get order until Successful -> list/get -> update ->
create voice connector -> associate -> batch-delete refused with
PhoneNumberAssociationsExist -> disassociate -> batch-delete succeeds -> in the
deletion queue (list --status DeleteInProgress) -> restore -> back -> delete
again -> gone after the (shortened) deletion window; around it: the
not-implemented answer, a wrong secret refused, the voice connector deleted.

Exit 0 = pass, 1 = fail, 77 = skipped (--require-aws-cli-v2 and no AWS CLI v2).
"""
import argparse
import datetime
import json
import os
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time

from loopback import LoopbackService

ACCESS_KEY = "AKIDEXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
REGION = "us-east-1"
SKIP = 77


class Failure(Exception):
    pass


def check(cond, what, detail=""):
    if not cond:
        raise Failure(what + ("\n" + str(detail) if detail else ""))
    print("  ok: " + what)


def when(text):
    """An Iso8601Timestamp as a client prints it ("...Z", "...+00:00", fractions or not)."""
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


class Service(LoopbackService):
    def __init__(self, server, seed, tmp, flags):
        super().__init__([server, "--seed", seed, "--access-key-id", ACCESS_KEY, "--secret-access-key", SECRET_KEY,
                          "--region", REGION, "--timeout", "110"] + flags, os.path.join(tmp, "port"), error=Failure)

    def stop(self):
        return super().stop(strict=True)


class Client:
    def __init__(self, argv, endpoint_flag, url, tmp, partial_failure_exit=0):
        self.argv = argv
        self.partial_failure_exit = partial_failure_exit
        self.endpoint_flag = endpoint_flag
        self.url = url
        home = os.path.join(tmp, "home")
        os.makedirs(home, exist_ok=True)
        config = os.path.join(tmp, "config")
        creds = os.path.join(tmp, "credentials")
        for p in (config, creds):
            open(p, "w").close()
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": home,
            "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
            "AWS_CONFIG_FILE": config,
            "AWS_SHARED_CREDENTIALS_FILE": creds,
            "AWS_PAGER": "",
            "AWS_EC2_METADATA_DISABLED": "true",
        }
        self.calls = 0

    def run(self, sub, *args, env=None):
        cmd = self.argv + [sub, self.endpoint_flag, self.url, "--region", REGION, "--output", "json"] + list(args)
        self.calls += 1
        p = subprocess.run(cmd, env=env or self.env, capture_output=True, text=True, timeout=40)
        return p.returncode, p.stdout, p.stderr

    def ok(self, sub, *args):
        rc, out, err = self.run(sub, *args)
        if rc != 0:
            raise Failure("%s failed (exit %d):\n%s%s" % (sub, rc, out, err))
        return json.loads(out) if out.strip() else {}

    def partial(self, sub, *args):
        """A batch call that leaves some items undone: its output is read
        as ok()'s, and its exit status must be exactly the client's
        --partial-failure-exit (the AWS CLI 0, chime-voice 1)."""
        rc, out, err = self.run(sub, *args)
        if rc != self.partial_failure_exit:
            raise Failure("%s: exit %d, expected %d for a partial failure:\n%s%s" %
                          (sub, rc, self.partial_failure_exit, out, err))
        return json.loads(out) if out.strip() else {}

    def fails(self, sub, *args, env=None):
        rc, out, err = self.run(sub, *args, env=env)
        if rc == 0:
            raise Failure("%s succeeded, expected an error:\n%s" % (sub, out))
        return err


def aws_cli_v2(argv):
    try:
        p = subprocess.run([argv[0], "--version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    text = (p.stdout + p.stderr).strip()
    return text if text.startswith("aws-cli/2.") else None


def lifecycle(c, window):
    print("search and order")
    found = c.ok("search-available-phone-numbers", "--area-code", "206", "--max-results", "2")["E164PhoneNumbers"]
    check(len(found) == 2 and all(n.startswith("+1206") for n in found), "two free numbers in area code 206", found)
    n1, n2 = found

    order = c.ok("create-phone-number-order", "--product-type", "VoiceConnector", "--e164-phone-numbers", n1,
                 n2)["PhoneNumberOrder"]
    order_id = order["PhoneNumberOrderId"]
    check(order["Status"] == "Processing" and order["OrderType"] == "New" and order["ProductType"] == "VoiceConnector",
          "the order is created Processing", order)
    check(sorted(o["E164PhoneNumber"] for o in order["OrderedPhoneNumbers"]) == sorted([n1, n2]) and
          all(o["Status"] == "Processing" for o in order["OrderedPhoneNumbers"]), "both numbers Processing", order)
    seeded = [p["PhoneNumberId"] for p in c.ok("list-phone-numbers")["PhoneNumbers"]]
    check(n1 not in seeded and n2 not in seeded,
          "the numbers offered were not in the inventory, and are not while the order is processing", seeded)
    for _ in range(10):
        order = c.ok("get-phone-number-order", "--phone-number-order-id", order_id)["PhoneNumberOrder"]
        if order["Status"] != "Processing":
            break
        time.sleep(0.5)
    check(order["Status"] == "Successful", "GetPhoneNumberOrder: Successful", order)
    check(all(o["Status"] == "Acquired" for o in order["OrderedPhoneNumbers"]), "both numbers Acquired", order)

    print("list and get")
    p = c.ok("get-phone-number", "--phone-number-id", n1)["PhoneNumber"]
    check(p["PhoneNumberId"] == n1 and p["E164PhoneNumber"] == n1 and p["Status"] == "Unassigned" and
          p["ProductType"] == "VoiceConnector" and p["Type"] == "Local" and p["OrderId"] == order_id,
          "GetPhoneNumber: the ordered number, Unassigned, with its OrderId", p)
    unassigned = [x["PhoneNumberId"] for x in
                  c.ok("list-phone-numbers", "--status", "Unassigned", "--product-type", "VoiceConnector")["PhoneNumbers"]]
    check(n1 in unassigned and n2 in unassigned and "+12065550110" not in unassigned,
          "ListPhoneNumbers --status Unassigned --product-type VoiceConnector", unassigned)
    on_seed_vc = [x["PhoneNumberId"] for x in c.ok("list-phone-numbers", "--filter-name", "VoiceConnectorId",
                                                   "--filter-value", "abcdef1ghij2klmno3pqr4")["PhoneNumbers"]]
    check(on_seed_vc == ["+12065550110"], "ListPhoneNumbers --filter-name VoiceConnectorId --filter-value", on_seed_vc)
    page = c.ok("list-phone-numbers", "--max-results", "3")
    check(len(page["PhoneNumbers"]) == 3 and page.get("NextToken"), "--max-results 3 gives a page and a NextToken",
          page)
    rest = c.ok("list-phone-numbers", "--max-results", "100", "--next-token", page["NextToken"])
    both = [x["PhoneNumberId"] for x in page["PhoneNumbers"] + rest["PhoneNumbers"]]
    check(sorted(both) == sorted(set(both)) and n1 in both and n2 in both and len(both) == len(seeded) + 2,
          "the next page has the rest, no repeats", both)

    print("update")
    p = c.ok("update-phone-number", "--phone-number-id", n1, "--calling-name", "Lab Desk")["PhoneNumber"]
    check(p["CallingName"] == "Lab Desk", "UpdatePhoneNumber sets CallingName", p)

    # The list of structures as JSON, which the AWS CLI and chime-voice both
    # accept (the AWS CLI's shorthand `PhoneNumberId=..,CallingName=..` is
    # not one chime-voice parses).
    items = [{"PhoneNumberId": n2, "CallingName": "Other Desk"},
             {"PhoneNumberId": "+19995550199", "CallingName": "Nobody"}]
    res = c.ok("batch-update-phone-number", "--update-phone-number-request-items", json.dumps(items))
    errs = res.get("PhoneNumberErrors", [])
    check([(e["PhoneNumberId"], e["ErrorCode"]) for e in errs] == [("+19995550199", "NotFound")],
          "BatchUpdatePhoneNumber: the unknown number is NotFound", res)

    print("voice connector")
    vc = c.ok("create-voice-connector", "--name", "lab-connector", "--require-encryption",
              "--aws-region", "us-east-1")["VoiceConnector"]
    vc_id = vc["VoiceConnectorId"]
    check(len(vc_id) == 22 and vc["Name"] == "lab-connector" and vc["RequireEncryption"] is True and
          vc["OutboundHostName"] == vc_id + ".voiceconnector.chime.aws", "CreateVoiceConnector", vc)
    got = c.ok("get-voice-connector", "--voice-connector-id", vc_id)["VoiceConnector"]
    check(got["VoiceConnectorId"] == vc_id and got["Name"] == "lab-connector", "GetVoiceConnector", got)
    res = c.ok("associate-phone-numbers-with-voice-connector", "--voice-connector-id", vc_id, "--e164-phone-numbers", n1)
    check(res.get("PhoneNumberErrors") == [], "AssociatePhoneNumbersWithVoiceConnector: no errors", res)
    p = c.ok("get-phone-number", "--phone-number-id", n1)["PhoneNumber"]
    check(p["Status"] == "Assigned" and [(a["Name"], a["Value"]) for a in p["Associations"]] ==
          [("VoiceConnectorId", vc_id)], "the number is Assigned to the connector", p)

    print("delete, refused then done")
    res = c.partial("batch-delete-phone-number", "--phone-number-ids", n1)
    errs = res.get("PhoneNumberErrors", [])
    check(len(errs) == 1 and errs[0]["PhoneNumberId"] == n1 and errs[0]["ErrorCode"] == "PhoneNumberAssociationsExist",
          "BatchDeletePhoneNumber refuses the associated number: PhoneNumberAssociationsExist", res)
    err = c.fails("delete-voice-connector", "--voice-connector-id", vc_id)
    check("ConflictException" in err, "DeleteVoiceConnector with a number on it: ConflictException", err)
    res = c.ok("disassociate-phone-numbers-from-voice-connector", "--voice-connector-id", vc_id,
               "--e164-phone-numbers", n1)
    check(res.get("PhoneNumberErrors") == [], "DisassociatePhoneNumbersFromVoiceConnector: no errors", res)
    res = c.ok("batch-delete-phone-number", "--phone-number-ids", n1, n2)
    check(res.get("PhoneNumberErrors") == [], "BatchDeletePhoneNumber now succeeds", res)
    queued = {x["PhoneNumberId"]: x for x in c.ok("list-phone-numbers", "--status", "DeleteInProgress")["PhoneNumbers"]}
    check(set(queued) == {n1, n2}, "both in the deletion queue (list --status DeleteInProgress)", list(queued))
    check(queued[n2].get("CallingName") == "Other Desk", "the batch update took effect", queued[n2])
    for n in (n1, n2):
        delta = when(queued[n]["DeletionTimestamp"]) - when(queued[n]["UpdatedTimestamp"])
        check(delta == datetime.timedelta(seconds=window), "%s: DeletionTimestamp is the window (%d s) later" %
              (n, window), queued[n])

    print("restore")
    p = c.ok("restore-phone-number", "--phone-number-id", n1)["PhoneNumber"]
    check(p["Status"] == "Unassigned" and "DeletionTimestamp" not in p, "RestorePhoneNumber: Unassigned again", p)
    p = c.ok("get-phone-number", "--phone-number-id", n1)["PhoneNumber"]
    check(p["Status"] == "Unassigned" and p["CallingName"] == "Lab Desk", "it is back, as it was", p)

    print("delete again, then the window passes")
    c.ok("delete-phone-number", "--phone-number-id", n1)
    deleted_at = time.monotonic()
    p = c.ok("get-phone-number", "--phone-number-id", n1)["PhoneNumber"]
    check(p["Status"] == "DeleteInProgress" and "DeletionTimestamp" in p, "DeletePhoneNumber queues it", p)
    gone = None
    while time.monotonic() - deleted_at < window + 8:
        rc, out, err = c.run("get-phone-number", "--phone-number-id", n1)
        if rc != 0 and "NotFoundException" in err:
            gone = time.monotonic() - deleted_at
            break
        check(rc == 0 and json.loads(out)["PhoneNumber"]["Status"] == "DeleteInProgress",
              "still in the queue after %.1f s" % (time.monotonic() - deleted_at), out + err)
        time.sleep(0.25)
    check(gone is not None and gone >= window - 1.5, "gone after the deletion window (%s s, window %d s)" %
          (gone and round(gone, 1), window))
    listed = [x["PhoneNumberId"] for x in c.ok("list-phone-numbers")["PhoneNumbers"]]
    check(n1 not in listed and n2 not in listed, "neither number is listed any more", listed)
    err = c.fails("restore-phone-number", "--phone-number-id", n1)
    check("NotFoundException" in err, "too late to restore: NotFoundException", err)

    print("the rest")
    c.ok("delete-voice-connector", "--voice-connector-id", vc_id)
    err = c.fails("get-voice-connector", "--voice-connector-id", vc_id)
    check("NotFoundException" in err, "DeleteVoiceConnector: gone", err)
    err = c.fails("list-sip-rules")
    check("BadRequestException" in err and "not implemented by chime-voice-local" in err,
          "an operation it does not implement: BadRequestException saying so", err)
    env = dict(c.env, AWS_SECRET_ACCESS_KEY="not-the-secret")
    err = c.fails("list-phone-numbers", env=env)
    check("InvalidSignatureException" in err, "a wrong secret is refused (SigV4 verified)", err)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--server", required=True)
    ap.add_argument("--seed", required=True)
    ap.add_argument("--client", required=True, help='the command and its leading words, e.g. "aws chime-sdk-voice"')
    ap.add_argument("--endpoint-flag", default="--endpoint-url")
    ap.add_argument("--require-aws-cli-v2", action="store_true", help="skip (77) unless CMD is the AWS CLI v2")
    ap.add_argument("--deletion-window", type=int, default=10)
    ap.add_argument("--partial-failure-exit", type=int, default=0,
                    help="the exit status of a BatchDeletePhoneNumber that leaves numbers undeleted "
                         "(the AWS CLI: 0; chime-voice: 1)")
    args = ap.parse_args()
    argv = shlex.split(args.client)
    if args.require_aws_cli_v2:
        version = aws_cli_v2(argv)
        if version is None:
            print("SKIP: %s is not the AWS CLI v2" % argv[0])
            return SKIP
        print("client: " + version)
    tmp = tempfile.mkdtemp(prefix="chime-voice-lifecycle-")
    svc = None
    try:
        svc = Service(args.server, args.seed, tmp, ["--deletion-window", str(args.deletion_window),
                                                     "--order-delay", "60"])
        c = Client(argv, args.endpoint_flag, svc.url, tmp, args.partial_failure_exit)
        t0 = time.monotonic()
        lifecycle(c, args.deletion_window)
        print("%d client calls in %.1f s" % (c.calls, time.monotonic() - t0))
        check(SECRET_KEY not in svc.log(), "the service never logged the secret")
        check("+1206555" not in svc.log(), "the service log shows no phone number", svc.log()[-2000:])
    except Failure as e:
        print("FAIL: %s" % e, file=sys.stderr)
        if svc is not None:
            print("--- service log (end)\n" + svc.log()[-3000:], file=sys.stderr)
        return 1
    finally:
        if svc is not None:
            try:
                svc.stop()
            except Failure as e:
                print("FAIL: %s" % e, file=sys.stderr)
                return 1
        shutil.rmtree(tmp, ignore_errors=True)
    print("PASS lifecycle")
    return 0


if __name__ == "__main__":
    sys.exit(main())
