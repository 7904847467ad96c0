import { describe, expect, it } from 'vitest';
import {
  fromLabelSelector,
  LabelSelector,
  parseLabelSelector,
  SelectorError,
  selectorFromSet,
} from '../../../../src-cluster/api/selectors/label-selector';

const web = { app: 'web', tier: 'fe', version: '3' };
const db = { app: 'db', tier: 'be' };
const bare = {};

describe('parseLabelSelector: matching', () => {
  // selector, matches web?, matches db?, matches an unlabelled object?
  const cases: [string, boolean, boolean, boolean][] = [
    ['', true, true, true],
    ['   ', true, true, true],
    ['app=web', true, false, false],
    ['app==web', true, false, false],
    ['app!=web', false, true, true],
    ['app in (web,db)', true, true, false],
    ['app in (web, db )', true, true, false],
    ['app notin (web)', false, true, true],
    ['app', true, true, false],
    ['!app', false, false, true],
    ['app=web,tier=fe', true, false, false],
    ['app=web,tier=be', false, false, false],
    ['  app = web ,  tier in(fe) ', true, false, false],
    ['tier,!version', false, true, false],
    ['version>2', true, false, false],
    ['version<3', false, false, false],
    ['app=', false, false, false],
    ['app in (web,)', true, false, false],
    ['kubernetes.io/cluster-service=true', false, false, false],
  ];
  it.each(cases)('%j', (sel, w, d, b) => {
    const s = parseLabelSelector(sel);
    expect([s.matches(web), s.matches(db), s.matches(bare)]).toEqual([w, d, b]);
  });

  it('an empty value matches a label set to ""', () => {
    expect(parseLabelSelector('app==').matches({ app: '' })).toBe(true);
    expect(parseLabelSelector('app=').matches({ app: '' })).toBe(true);
    expect(parseLabelSelector('app in (x,)').matches({ app: '' })).toBe(true);
  });

  it('a label may be named like a keyword', () => {
    expect(parseLabelSelector('in=notin').matches({ in: 'notin' })).toBe(true);
    expect(parseLabelSelector('in in (in)').matches({ in: 'in' })).toBe(true);
  });

  it('absent labels are no labels', () => {
    expect(parseLabelSelector('!a').matches(undefined)).toBe(true);
    expect(parseLabelSelector('a').matches(null)).toBe(false);
  });
});

describe('parseLabelSelector: canonical form', () => {
  it.each([
    ['tier=fe,app=web', 'app=web,tier=fe'],
    ['app==web', 'app==web'],
    ['b in (y, x, y),a notin (q)', 'a notin (q),b in (x,y)'],
    ['!a , b', '!a,b'],
    ['n>5', 'n>5'],
    ['', ''],
  ])('%j prints as %j', (input, canonical) => {
    expect(parseLabelSelector(input).toString()).toBe(canonical);
    // Printing and parsing again gives the same selector.
    expect(parseLabelSelector(canonical).toString()).toBe(canonical);
  });
});

describe('parseLabelSelector: errors', () => {
  it.each([
    ['app=web extra', /found 'extra', expected ',' or 'end of string'/],
    ['app=web,', /found end of string, expected a label key/],
    [',app', /found ',', expected '!' or a label key/],
    ['app in web', /found 'web', expected '\(' after in\/notin/],
    ['app in (a b)', /found 'b', expected ',' or '\)'/],
    ['app in (a', /found end of string/],
    ['app notin ()x', /found 'x'/],
    ['!app=web', /found '=', expected ',' or 'end of string'/],
    ['app foo', /found 'foo', expected '=', '==', '!=', 'in', 'notin'/],
    ['-bad=x', /invalid label key "-bad"/],
    ['a/b/c=x', /invalid label key "a\/b\/c"/],
    ['Example.COM/a=x', /invalid label key "Example.COM\/a": prefix part/],
    [`${'k'.repeat(64)}=x`, /name part must be no more than 63 characters/],
    ['app=-web', /invalid label value "-web" for key "app"/],
    [`app=${'v'.repeat(64)}`, /must be no more than 63 characters/],
    ['n>x', /exactly one integer value/],
    ['a===b', /found '=', expected a value/],
  ])('%j', (input, message) => {
    expect(() => parseLabelSelector(input)).toThrow(SelectorError);
    expect(() => parseLabelSelector(input)).toThrow(message);
  });
});

describe('fromLabelSelector (metav1.LabelSelector)', () => {
  it('null/undefined selects nothing; {} selects everything', () => {
    for (const sel of [null, undefined]) {
      const s = fromLabelSelector(sel);
      expect(s.matches(web)).toBe(false);
      expect(s.matches(bare)).toBe(false);
      expect(s.isNothing()).toBe(true);
    }
    const all = fromLabelSelector({});
    expect(all.matches(web) && all.matches(bare)).toBe(true);
    expect(all.isEverything()).toBe(true);
    expect(fromLabelSelector({ matchLabels: {}, matchExpressions: [] }).isEverything()).toBe(true);
  });

  it('matchLabels and matchExpressions combine with AND, printed canonically', () => {
    const s = fromLabelSelector({
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['fe', 'edge'] },
        { key: 'canary', operator: 'DoesNotExist' },
        { key: 'version', operator: 'Exists' },
        { key: 'zone', operator: 'NotIn', values: ['z9'] },
      ],
    });
    expect(s.matches(web)).toBe(true);
    expect(s.matches({ ...web, canary: 'y' })).toBe(false);
    expect(s.matches({ ...web, zone: 'z9' })).toBe(false);
    expect(s.matches({ app: 'web', tier: 'fe' })).toBe(false);
    expect(s.toString()).toBe('app=web,!canary,tier in (edge,fe),version,zone notin (z9)');
  });

  it('Scale status.selector of a Deployment is "app=web"', () => {
    expect(fromLabelSelector({ matchLabels: { app: 'web' } }).toString()).toBe('app=web');
  });

  it.each([
    [
      { matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] },
      /"Gt" is not a valid label selector operator/,
    ],
    [{ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }, /values set can't be empty/],
    [
      { matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] },
      /values set must be empty/,
    ],
    [{ matchLabels: { 'bad key': 'x' } }, /invalid label key "bad key"/],
  ])('rejects %j', (sel, message) => {
    expect(() => fromLabelSelector(sel)).toThrow(message);
  });
});

describe('selectorFromSet', () => {
  it('requires every pair; an empty set selects everything', () => {
    const s = selectorFromSet({ app: 'web', tier: 'fe' });
    expect(s.matches(web)).toBe(true);
    expect(s.matches({ app: 'web' })).toBe(false);
    expect(s.toString()).toBe('app=web,tier=fe');
    expect(selectorFromSet({}).matches(bare)).toBe(true);
    expect(LabelSelector.nothing().toString()).toBe('');
  });
});
