"""Sums ONNX Runtime profiles (ProfileSteps) by operator, each node counted at its fastest step.

    python3 profile_minima.py A.json B.json ...        # one column per profile, operators as rows
    python3 profile_minima.py --nodes REGEX A.json     # the matching nodes of one profile

On a machine shared with other builds a step's wall time and a node's mean time move with the load; a node's
minimum over the steps (the first two, warm-up, left out) is the time its kernel takes when nothing preempts
it, so the sums of minima of two graphs compare where their means cannot (docs/imported-models-performance.md).
"""
import collections
import json
import re
import sys


def events(path):
    # The training API's three sessions may write into one file: its largest JSON array is the training session's.
    text, decoder, at, documents = open(path).read(), json.JSONDecoder(), 0, []
    while at < len(text):
        while at < len(text) and text[at].isspace():
            at += 1
        if at >= len(text):
            break
        document, at = decoder.raw_decode(text, at)
        documents.append(document)
    return max((d for d in documents if isinstance(d, list)), key=len)


def node_minima(path):
    times, ops = collections.defaultdict(list), {}
    for e in events(path):
        if e.get('cat') == 'Node' and e['name'].endswith('_kernel_time'):
            times[e['name']].append(e['dur'])
            ops[e['name']] = e['args'].get('op_name')
    return {name: (ops[name], min(v[2:] if len(v) > 4 else v) / 1000) for name, v in times.items()}


def main(args):
    if args[0] == '--nodes':
        pattern, path = re.compile(args[1]), args[2]
        rows = [(ms, name[:-len('_kernel_time')], op) for name, (op, ms) in node_minima(path).items()
                if pattern.search(name)]
        for ms, name, op in sorted(rows, reverse=True):
            print('%-96s %-16s %6.2f' % (name, op, ms))
        print('sum %.2f ms' % sum(r[0] for r in rows))
        return
    columns = []
    for path in args:
        by_op = collections.Counter()
        for op, ms in node_minima(path).values():
            by_op[op] += ms
        columns.append(by_op)
    ops = sorted(set().union(*columns), key=lambda o: -columns[0].get(o, 0))
    print('%-24s' % 'ms (minima)' + ''.join('%9d' % (i + 1) for i in range(len(args))))
    print('%-24s' % 'total' + ''.join('%9.2f' % sum(c.values()) for c in columns))
    for op in ops:
        if max(c.get(op, 0) for c in columns) >= 0.1:
            print('%-24s' % op + ''.join('%9.2f' % c.get(op, 0) for c in columns))


if __name__ == '__main__':
    main(sys.argv[1:])
