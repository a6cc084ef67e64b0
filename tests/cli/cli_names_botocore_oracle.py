# SPDX-License-Identifier: BSL-1.0
"""Oracle: cli_name() of every operation and every top-level input member
equals botocore's xform_name(name, '-'), the AWS CLI's command and option names.

    cli_names_botocore_oracle.py <cli_oracle_dump>

Exits 77 (skipped) when botocore is not importable.
"""
import json
import subprocess
import sys


def main():
    try:
        from botocore import xform_name
    except ImportError as e:
        print('SKIP: botocore is not importable by %s (%s)' % (sys.executable, e))
        return 77
    names = json.loads(subprocess.run([sys.argv[1], 'names'], check=True, capture_output=True, text=True).stdout)
    compared = failed = 0
    for op, entry in sorted(names.items()):
        pairs = [(op, entry['cli'])] + sorted(entry['members'].items())
        for model_name, ours in pairs:
            expected = xform_name(model_name, '-')
            compared += 1
            if ours != expected:
                failed += 1
                print('DIFF %s: cli_name gives %r, xform_name %r' % (model_name, ours, expected))
    print('%d operations, %d names compared with botocore xform_name: %d equal, %d differ'
          % (len(names), compared, compared - failed, failed))
    return 1 if failed or compared < 96 else 0


if __name__ == '__main__':
    sys.exit(main())
