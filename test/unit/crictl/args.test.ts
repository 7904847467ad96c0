/** crictl's command-line conventions: short aliases, combined booleans, repeated flags, exec's tail. */
import { describe, expect, it } from 'vitest';
import {
  UsageError,
  parseArgs,
  parseDuration,
  parseLabels,
  type OptSpec,
} from '../../../src-cluster/crictl/args';

const SPECS: OptSpec[] = [
  { name: 'all', short: 'a', kind: 'bool', help: '' },
  { name: 'quiet', short: 'q', kind: 'bool', help: '' },
  { name: 'output', short: 'o', kind: 'string', help: '', default: 'table' },
  { name: 'last', short: 'n', kind: 'int', help: '' },
  { name: 'label', kind: 'list', help: '' },
];

describe('parseArgs', () => {
  it('takes -aq, -o json, -ojson, --output=json and repeated --label', () => {
    const a = parseArgs(['-aq', '-o', 'yaml', '--label', 'a=b', '--label=c=d', 'x'], SPECS);
    expect([a.bool('all'), a.bool('quiet'), a.string('output')]).toEqual([true, true, 'yaml']);
    expect(a.list('label')).toEqual(['a=b', 'c=d']);
    expect(a.positional).toEqual(['x']);
    expect(parseArgs(['-ojson'], SPECS).string('output')).toBe('json');
    expect(parseArgs(['--output=json'], SPECS).string('output')).toBe('json');
    expect(parseArgs(['-qn', '3'], SPECS).int('last')).toBe(3);
  });

  it('has defaults and knows which flags were given', () => {
    const a = parseArgs([], SPECS);
    expect([a.string('output'), a.bool('all'), a.int('last'), a.set.size]).toEqual([
      'table',
      false,
      0,
      0,
    ]);
    expect(parseArgs(['--all=false'], SPECS).bool('all')).toBe(false);
  });

  it('stops at the first word for exec, so the command keeps its own flags', () => {
    const a = parseArgs(['-q', 'abc123', 'ls', '-l', '--all'], SPECS, { stopAtPositional: true });
    expect(a.positional).toEqual(['abc123', 'ls', '-l', '--all']);
    expect(a.bool('all')).toBe(false);
    expect(parseArgs(['--', '-a'], SPECS).positional).toEqual(['-a']);
  });

  it('rejects unknown flags, missing values and non-integers with the flag named', () => {
    expect(() => parseArgs(['--nope'], SPECS)).toThrow(UsageError);
    expect(() => parseArgs(['-x'], SPECS)).toThrow(/unknown flag -x \(known: -a\/--all/);
    expect(() => parseArgs(['-o'], SPECS)).toThrow('flag -o needs a value');
    expect(() => parseArgs(['--last', 'two'], SPECS).int('last')).toThrow(
      '--last must be an integer, got "two"',
    );
  });
});

describe('parseDuration and parseLabels', () => {
  it('reads Go durations and bare seconds', () => {
    expect(parseDuration('2s')).toBe(2000);
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('1m30s')).toBe(90_000);
    expect(parseDuration('3')).toBe(3000);
    expect(() => parseDuration('soon')).toThrow('invalid duration "soon"');
  });

  it('takes key=value labels and refuses anything else', () => {
    expect(parseLabels(['app=web', 'tier=front'])).toEqual({ app: 'web', tier: 'front' });
    expect(parseLabels([])).toBeUndefined();
    expect(() => parseLabels(['app'])).toThrow('incorrectly specified label: app');
    expect(() => parseLabels(['a=b=c'])).toThrow('incorrectly specified label: a=b=c');
  });
});
