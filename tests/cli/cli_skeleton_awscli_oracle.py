# SPDX-License-Identifier: BSL-1.0
"""Oracle: generate_cli_skeleton() against what AWS CLI v2 prints for
`aws chime-sdk-voice <op> --generate-cli-skeleton input` and `... output`,
byte for byte. The AWS CLI runs in this process (awscli.clidriver), offline,
with no configuration or credentials files. `output` needs the required
arguments: they are given through --cli-input-json as botocore's
ArgumentGenerator(use_member_names=True) fills them, numbers at their minimum.

AWS CLI 2.9.19 (Jan 2023) knows an older chime-sdk-voice model: operations it
lacks are listed, not compared; an operation whose members differ between the
models is compared and reported (as a model difference) but does not fail.

    cli_skeleton_awscli_oracle.py <cli_oracle_dump>

Exits 77 (skipped) when AWS CLI v2 is not importable.
"""
import contextlib
import io
import json
import os
import subprocess
import sys


def filled_input(shape, stack=()):
    """Required-enough input: every member, strings at their minimum length."""
    t = shape.type_name
    if t == 'structure':
        if shape.name in stack:
            return {}
        return {k: filled_input(v, stack + (shape.name,)) for k, v in shape.members.items()}
    if t == 'list':
        return [filled_input(shape.member, stack)]
    if t == 'map':
        return {'KeyName': filled_input(shape.value, stack)}
    if t == 'string':
        if shape.enum:
            return shape.enum[0]
        n = max(shape.metadata.get('min', 1), 1)
        return ('x' * n)[:max(n, 1)]
    if t in ('integer', 'long'):
        return int(shape.metadata.get('min', 1))
    if t in ('float', 'double'):
        return float(shape.metadata.get('min', 1))
    if t == 'boolean':
        return True
    if t == 'timestamp':
        return '1970-01-01T00:00:00Z'
    return None


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
        from awscli.clidriver import AWSCLIEntryPoint, create_clidriver
        from botocore import xform_name
        from awscli.botocore.utils import ArgumentGenerator
        from awscli.utils import json_encoder
    except ImportError as e:
        print('SKIP: AWS CLI v2 is not importable by %s (%s)' % (sys.executable, e))
        return 77
    ours = json.loads(subprocess.run([sys.argv[1], 'skeletons'], check=True, capture_output=True, text=True).stdout)

    driver = create_clidriver()
    model = driver.session.get_service_model('chime-sdk-voice')
    theirs_ops = set(model.operation_names)

    def run(args):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            rc = AWSCLIEntryPoint().main(args)
        return rc, out.getvalue(), err.getvalue()

    compared = equal = 0
    model_diffs, failures, missing, cli_fails = [], [], [], []
    for op in sorted(ours):
        if op not in theirs_ops:
            missing.append(op)
            continue
        om = model.operation_model(op)
        cli = xform_name(op, '-')
        for kind in ('input', 'output'):
            args = ['chime-sdk-voice', cli, '--generate-cli-skeleton', kind]
            if kind == 'output' and om.input_shape is not None and om.input_shape.members:
                args += ['--cli-input-json', json.dumps(filled_input(om.input_shape))]
            rc, out, err = run(args)
            compared += 1
            if rc != 0:
                if kind == 'output' and 'Parameter validation failed' in err:
                    # The AWS CLI validates its own fake response and refuses
                    # the 0 it puts in members with @range min 1.
                    # Compare with what it would print: botocore's generator through
                    # the JSON output formatter (json.dumps, indent 4, datetimes isoformat).
                    fake = ArgumentGenerator(use_member_names=True).generate_skeleton(om.output_shape)
                    would = json.dumps(fake, indent=4, ensure_ascii=False, default=json_encoder) + '\n'
                    pruned = _prune(json.loads(ours[op][kind]), json.loads(would))
                    if json.dumps(pruned, indent=4, ensure_ascii=False) + '\n' != would:
                        failures.append('%s output differs from botocore ArgumentGenerator:\n%s--- ours\n%s'
                                        % (op, would, ours[op][kind]))
                    cli_fails.append('%s (%s)' % (op, ' '.join(err.split())[-120:]))
                else:
                    failures.append('%s %s: the AWS CLI failed (%s): %s' % (op, kind, rc, err.strip()[-300:]))
                continue
            if out == ours[op][kind]:
                equal += 1
                continue
            # Members added to the model since the AWS CLI's copy: the skeleton
            # without them must then be the AWS CLI's, byte for byte.
            try:
                a, b = json.loads(out or '{}'), json.loads(ours[op][kind] or '{}')
            except ValueError:
                a, b = None, None
            pruned = _prune(b, a)
            text = (json.dumps(pruned, indent=4, ensure_ascii=(kind == 'input')) + '\n') if pruned != {} or kind == 'input' else ''
            if a is not None and text == out:
                model_diffs.append('%s %s' % (op, kind))
            else:
                failures.append('%s %s differs:\n--- AWS CLI\n%s--- ours\n%s' % (op, kind, out, ours[op][kind]))
    for f in failures[:10]:
        print('DIFF ' + f)
    print('skeletons: %d compared (%d operations x input/output, AWS CLI %s): %d byte-equal, '
          '%d equal once the members added to the model since are left out, %d the AWS CLI cannot print (compared with its generator instead), '
          '%d other differences'
          % (compared, compared // 2, awscli.__version__, equal, len(model_diffs), len(cli_fails), len(failures)))
    if model_diffs:
        print('model differences: ' + ', '.join(model_diffs))
    if cli_fails:
        print('the AWS CLI fails on its own output skeleton: ' + '; '.join(cli_fails))
    if missing:
        print('not in AWS CLI %s (not compared): %s' % (awscli.__version__, ', '.join(missing)))
    return 1 if failures or not compared else 0


def _prune(ours, theirs):
    """`ours` without the members `theirs` does not have (at any depth), in our order."""
    if isinstance(ours, dict) and isinstance(theirs, dict):
        return {k: _prune(v, theirs[k]) for k, v in ours.items() if k in theirs}
    if isinstance(ours, list) and isinstance(theirs, list):
        return [_prune(x, y) for x, y in zip(ours, theirs)]
    return ours


if __name__ == '__main__':
    sys.exit(main())
