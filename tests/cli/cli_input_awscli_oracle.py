# SPDX-License-Identifier: BSL-1.0
"""Oracle: the input operation_commands builds from a command line against the
parameters AWS CLI v2 passes to the client for the same command line
(awscli.clidriver with CLIOperationCaller.invoke replaced by a recorder: no
request is made). The command lines cover every top-level member both models
have, per operation: all as options; all in --cli-input-json; --cli-input-json
overridden by options; booleans as --no-flag; lists as one JSON list; the
paginators' --starting-token / --page-size and --no-paginate. Whether the call
would be paginated is compared too.

    cli_input_awscli_oracle.py <cli_oracle_dump>

Exits 77 (skipped) when AWS CLI v2 is not importable.
"""
import contextlib
import io
import json
import os
import subprocess
import sys


def main():
    for k in list(os.environ):
        if k.startswith('AWS_'):
            del os.environ[k]
    os.environ.update({'AWS_CONFIG_FILE': os.devnull, 'AWS_SHARED_CREDENTIALS_FILE': os.devnull,
                       'AWS_DEFAULT_REGION': 'us-east-1', 'AWS_PAGER': '', 'AWS_ACCESS_KEY_ID': 'AKIDEXAMPLE',
                       'AWS_SECRET_ACCESS_KEY': 'secret', 'AWS_EC2_METADATA_DISABLED': 'true'})
    try:
        import awscli
        if not awscli.__version__.startswith('2.'):
            raise ImportError('awscli %s is not v2' % awscli.__version__)
        import awscli.clidriver
        from awscli.clidriver import AWSCLIEntryPoint, create_clidriver
        from botocore import xform_name
    except ImportError as e:
        print('SKIP: AWS CLI v2 is not importable by %s (%s)' % (sys.executable, e))
        return 77

    recorded = []

    def record(self, service_name, operation_name, parameters, parsed_globals):
        recorded.append((operation_name, parameters, bool(parsed_globals.paginate)))
        return 0

    awscli.clidriver.CLIOperationCaller.invoke = record
    session = create_clidriver().session
    model = session.get_service_model('chime-sdk-voice')
    client = session.create_client('chime-sdk-voice', region_name='us-east-1')
    ours_names = json.loads(subprocess.run([sys.argv[1], 'names'], check=True, capture_output=True, text=True).stdout)

    def value(shape, name, variant):
        t = shape.type_name
        if t == 'structure':
            return {k: value(v, k, variant) for k, v in shape.members.items()}
        if t == 'list':
            return [value(shape.member, name, variant), value(shape.member, name, variant + 1)]
        if t == 'map':
            return {'k%d' % variant: value(shape.value, name, variant)}
        if t == 'string':
            if shape.enum:
                return shape.enum[variant % len(shape.enum)]
            return '%s-%d' % (name, variant)
        if t in ('integer', 'long'):
            return 7 + variant
        if t in ('float', 'double'):
            return 1.5 + variant
        if t == 'boolean':
            return variant % 2 == 0
        if t == 'timestamp':
            return '2023-01-3%dT12:34:56Z' % (variant % 2)
        raise ValueError(t)

    def option_args(member, shape, v, json_lists=False):
        flag = '--' + xform_name(member, '-')
        t = shape.type_name
        if t == 'boolean':
            return [flag if v else '--no-' + xform_name(member, '-')]
        if t == 'list' and shape.member.type_name not in ('structure', 'list', 'map'):
            return [flag, json.dumps(v)] if json_lists else [flag] + [str(x) for x in v]
        if t in ('structure', 'list', 'map'):
            return [flag, json.dumps(v)]
        return [flag, str(v)]

    lines = []
    for op in sorted(ours_names):
        if op == 'BatchDeletePhoneNumber' or op not in model.operation_names:
            continue
        om = model.operation_model(op)
        cli = ours_names[op]['cli']
        members = {k: s for k, s in (om.input_shape.members.items() if om.input_shape else [])
                   if k in ours_names[op]['members']}
        v0 = {k: value(s, k, 0) for k, s in members.items()}
        v1 = {k: value(s, k, 1) for k, s in members.items()}
        all_options = [cli] + [a for k, s in members.items() for a in option_args(k, s, v0[k])]
        lines.append(all_options)
        lines.append([cli] + [a for k, s in members.items() for a in option_args(k, s, v1[k], json_lists=True)])
        if members:
            lines.append([cli, '--cli-input-json', json.dumps(v0)])
            half = list(members)[::2]
            lines.append([cli, '--cli-input-json', json.dumps(v0)] +
                         [a for k in half for a in option_args(k, members[k], v1[k])])
        if om.name in ('ListSipRules', 'ListSipMediaApplications'):
            lines.append([cli])
            lines.append([cli, '--no-paginate'])
            lines.append([cli, '--starting-token', 'tok', '--page-size', '5'])
            lines.append([cli, '--max-items', '2'])  # applied to the pages (render_pages), not sent
            lines.append([cli, '--next-token', 'tok'])
            lines.append([cli, '--cli-input-json', '{"MaxResults": 3}'])
        lines.append(all_options + ['--no-paginate'])

    ours = json.loads(subprocess.run([sys.argv[1], 'inputs'], input=json.dumps(lines), check=True,
                                     capture_output=True, text=True).stdout)
    compared = failed = 0
    for line, mine in zip(lines, ours):
        del recorded[:]
        err = io.StringIO()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
            rc = AWSCLIEntryPoint().main(['chime-sdk-voice'] + line)
        compared += 1
        if rc != 0 or not recorded:
            failed += 1
            print('AWS CLI refused %s (rc %s): %s' % (line, rc, err.getvalue().strip()[-300:]))
            continue
        op_name, params, paginate = recorded[0]
        # the global --no-paginate flag, and whether the client has a paginator
        paginate = paginate and client.can_paginate(xform_name(op_name))
        params = dict(params)
        pc = params.pop('PaginationConfig', None) or {}
        if 'StartingToken' in pc:
            params['NextToken'] = pc['StartingToken']
        if 'PageSize' in pc:
            params['MaxResults'] = pc['PageSize']
        theirs = json.loads(json.dumps(params))
        if 'error' in mine or mine['input'] != theirs or mine['paginate'] != paginate:
            failed += 1
            if failed <= 10:
                print('DIFF %s\n  AWS CLI: %s paginate=%s\n  ours:    %s' % (line, json.dumps(theirs), paginate, json.dumps(mine)))
    print('%d command lines: %d give the AWS CLI parameters (and paging), %d differ' % (compared, compared - failed, failed))
    return 1 if failed or not compared else 0


if __name__ == '__main__':
    sys.exit(main())
