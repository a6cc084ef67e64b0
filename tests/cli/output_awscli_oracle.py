# SPDX-License-Identifier: BSL-1.0
"""Oracle: render() of examples/cli/output.hpp against AWS CLI v2's own
formatters (awscli.formatter: json, text, table with --color off on an
80-column non-terminal, yaml), byte for byte. Outputs with control characters
are compared, for text, table and yaml, with the AWS CLI given the strings
escaped by escape_for_terminal (our one deliberate difference); their json
with the AWS CLI given them as they are. apply_cli_timestamp_format is
compared with the AWS CLI's iso8601 timestamp format.

    output_awscli_oracle.py <cli_oracle_dump>

Run it with the Python that has AWS CLI v2 (Debian: the awscli package);
exits 77 (skipped) when awscli v2 is not importable.
"""
import io
import json
import subprocess
import sys


def main():
    try:
        import awscli
        if not awscli.__version__.startswith('2.'):
            raise ImportError('awscli %s is not v2' % awscli.__version__)
        import awscli.table
        from awscli.formatter import get_formatter
    except ImportError as e:
        print('SKIP: AWS CLI v2 is not importable by %s (%s)' % (sys.executable, e))
        return 77
    # The AWS CLI sizes tables to the terminal; with stdout not a terminal
    # that is 80 columns, which is what render() assumes.
    awscli.table.determine_terminal_width = lambda default_width=80: 80

    class Args:
        query = None
        color = 'off'

    dump = subprocess.run([sys.argv[1], 'outputs'], check=True, capture_output=True, text=True).stdout
    cases = json.loads(dump)
    compared = failed = aws_raised = 0
    for case in cases:
        for fmt in ('json', 'text', 'table', 'yaml'):
            out = io.StringIO()
            # With control characters, render() escapes them first (the rule in
            # output.hpp) in text, table and yaml: the AWS CLI gets the escaped strings.
            source = case['escaped'] if fmt != 'json' and 'escaped' in case else case['output']
            data = json.loads(json.dumps(source))
            try:
                get_formatter(fmt, Args())(case['op'], data, out)
            except (ValueError, AttributeError, TypeError, KeyError, IndexError):
                # The AWS CLI cannot print some JSON that is no output shape
                # (table rows of different lengths, lists mixing structures and
                # scalars): allowed for the "any json" cases only.
                if not case['label'].startswith('any json'):
                    raise
                aws_raised += 1
                continue
            expected = out.getvalue()
            compared += 1
            if expected != case[fmt]:
                failed += 1
                if failed <= 10:
                    print('DIFF %s %s %s (%s)' % (case['label'], case['op'], fmt, json.dumps(case['output'], ensure_ascii=False)[:300]))
                    print('--- AWS CLI v2 %s' % awscli.__version__)
                    print(expected)
                    print('--- render()')
                    print(case[fmt])
    print('%d outputs x 4 formats: %d compared, %d equal, %d differ; %d not comparable (the AWS CLI raised on '
          'JSON that is no output shape) (AWS CLI %s)'
          % (len(cases), compared, compared - failed, failed, aws_raised, awscli.__version__))

    # Timestamps: the AWS CLI prints botocore's parse_timestamp(wire).isoformat()
    # (cli_timestamp_format iso8601, awscli/customizations/timestampformat.py).
    from awscli.customizations.timestampformat import iso_format
    stamps = json.loads(subprocess.run([sys.argv[1], 'timestamps'], check=True, capture_output=True, text=True).stdout)
    ts_failed = 0
    for t in stamps:
        expected = iso_format(t['wire'])
        if t['ours'] != expected or t['untouched'] != '2023-01-31T12:34:56Z':
            ts_failed += 1
            print('DIFF timestamp %r: AWS CLI %r, apply_cli_timestamp_format %r' % (t['wire'], expected, t['ours']))
    print('%d timestamps: %d equal to the AWS CLI iso8601 format, %d differ' % (len(stamps), len(stamps) - ts_failed, ts_failed))

    # Paginated calls: a real botocore PageIterator over the same pages (its
    # method hands them out by NextToken), with the same --max-items and
    # --starting-token, printed by the same formatters.
    import jmespath
    from botocore.paginate import PageIterator  # the class awscli.formatter checks for
    calls = json.loads(subprocess.run([sys.argv[1], 'pages'], check=True, capture_output=True, text=True).stdout)
    pg_compared = pg_failed = 0
    for call in calls:
        pages = call['pages']

        def method(**kwargs):
            token = kwargs.get('NextToken')
            return json.loads(json.dumps(pages[int(token.split('-')[1]) if token else 0]))

        for fmt in ('json', 'text', 'table', 'yaml'):
            it = PageIterator(method, ['NextToken'], [jmespath.compile('NextToken')], None,
                              [jmespath.compile(call['result_key'])], [], 'MaxResults',
                              call.get('max_items'), call.get('starting_token'), None, {})
            out = io.StringIO()
            get_formatter(fmt, Args())(call['op'], it, out)
            pg_compared += 1
            if out.getvalue() != call[fmt]:
                pg_failed += 1
                if pg_failed <= 5:
                    print('DIFF pages %s %s (%d pages, max_items %s, starting_token %s)\n--- AWS CLI\n%s--- render_pages()\n%s'
                          % (call['op'], fmt, len(pages), call.get('max_items'), call.get('starting_token'),
                             out.getvalue(), call[fmt]))
    print('%d paginated calls x 4 formats: %d compared, %d equal, %d differ'
          % (len(calls), pg_compared, pg_compared - pg_failed, pg_failed))
    return 1 if failed or ts_failed or pg_failed or not compared or not stamps or not pg_compared else 0


if __name__ == '__main__':
    sys.exit(main())
