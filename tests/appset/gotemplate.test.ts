import { describe, expect, it } from 'vitest';
import { renderGoTemplate, TemplateExecError, TemplateSyntaxError } from '../../scripts/lib/appset/index.js';
import type { MissingKey } from '../../scripts/lib/appset/index.js';
import { fromData } from '../../scripts/lib/appset/gotemplate/index.js';

const data = fromData({
  name: 'Billing_API',
  env: 'prod',
  empty: '',
  zero: 0,
  n: 3,
  big: 1000000,
  f: 2.5,
  yes: true,
  nil: null,
  list: ['a', 'b', 'c'],
  none: [],
  map: { z: 1, a: 'x', 'with-dash': 'd' },
  nested: { deep: { value: 'v' } },
});

function r(src: string, missingKey: MissingKey = 'default'): string {
  return renderGoTemplate(src, data, { missingKey });
}

describe('go template: output and fields', () => {
  it.each([
    ['plain text', 'plain text'],
    ['{{ .name }}', 'Billing_API'],
    ['{{.nested.deep.value}}', 'v'],
    ['{{ .n }} {{ .big }} {{ .f }}', '3 1e+06 2.5'],
    ['{{ .yes }} {{ .list }} {{ .map }}', 'true [a b c] map[a:x with-dash:d z:1]'],
    ['{{ .missing }}', '<no value>'],
    ['{{ .missing.deeper }}', '<no value>'],
    ['{{ .nil }}', '<no value>'],
    ['{{ index .map "with-dash" }}', 'd'],
    ['{{ index .list 2 }}', 'c'],
    ['{{ index .map "absent" }}', '<no value>'],
    ['{{ . | len }}', '13'],
    ["{{ 42 }} {{ -1 }} {{ 1.50 }} {{ 0x1F }} {{ 1e3 }} {{ 'a' }}", '42 -1 1.5 31 1000 97'],
    ['{{ "quote\\"d\\n" }}|{{ `raw\\n` }}', 'quote"d\n|raw\\n'],
    ['{{ true }} {{ false }}', 'true false'],
  ])('%s', (src, want) => {
    expect(r(src)).toBe(want);
  });
});

describe('go template: trim markers and comments', () => {
  it.each([
    ['a  {{- "b" -}}  c', 'abc'],
    ['a  {{- "b" }}  c', 'ab  c'],
    ['a\n\t{{- /* comment */ -}}\n  b', 'ab'],
    ['{{/* only a comment */}}x', 'x'],
    ['{{-3}}', '-3'],
    ['x{{ "y" -}}\n\n  z', 'xyz'],
  ])('%j', (src, want) => {
    expect(r(src)).toBe(want);
  });
});

describe('go template: control flow and variables', () => {
  it.each([
    ['{{ if .yes }}y{{ end }}', 'y'],
    ['{{ if .empty }}y{{ else }}n{{ end }}', 'n'],
    ['{{ if .zero }}a{{ else if .none }}b{{ else if .list }}c{{ else }}d{{ end }}', 'c'],
    ['{{ with .nested.deep }}{{ .value }}{{ end }}', 'v'],
    ['{{ with .missing }}x{{ else }}none{{ end }}', 'none'],
    ['{{ with .missing }}x{{ else with .env }}{{ . }}{{ end }}', 'prod'],
    ['{{ range .list }}[{{ . }}]{{ end }}', '[a][b][c]'],
    ['{{ range $i, $v := .list }}{{ $i }}{{ $v }}{{ end }}', '0a1b2c'],
    ['{{ range $v := .list }}{{ $v }}{{ end }}', 'abc'],
    ['{{ range $k, $v := .map }}{{ $k }}={{ $v }},{{ end }}', 'a=x,with-dash=d,z=1,'],
    ['{{ range .none }}x{{ else }}empty{{ end }}', 'empty'],
    ['{{ range 3 }}{{ . }}{{ end }}', '012'],
    ['{{ range .list }}{{ if eq . "b" }}{{ break }}{{ end }}{{ . }}{{ end }}', 'a'],
    ['{{ range .list }}{{ if eq . "b" }}{{ continue }}{{ end }}{{ . }}{{ end }}', 'ac'],
    ['{{ $x := .env }}{{ $x }}-{{ $.name }}', 'prod-Billing_API'],
    ['{{ $x := 1 }}{{ range .list }}{{ $x = . }}{{ end }}{{ $x }}', 'c'],
    ['{{ range .list }}{{ $.env }}{{ end }}', 'prodprodprod'],
    ['{{ with $v := .env }}{{ $v }}{{ end }}', 'prod'],
  ])('%s', (src, want) => {
    expect(r(src)).toBe(want);
  });
});

describe('go template: pipelines, functions, comparisons', () => {
  it.each([
    ['{{ .name | lower | replace "_" "-" }}', 'billing-api'],
    ['{{ .name | printf "%s-%s" .env }}', 'prod-Billing_API'],
    ['{{ (index .list 1) | upper }}', 'B'],
    ['{{ (.nested.deep).value }}', 'v'],
    ['{{ len (slice .list 1) }}', '2'],
    ['{{ and .yes .env }} {{ and .empty .env }} {{ or .empty .zero "last" }}', 'prod  last'],
    ['{{ not .empty }}', 'true'],
    ['{{ eq .env "dev" "prod" }} {{ ne .n 3.0 }} {{ lt .n 4.0 }} {{ ge 2 2 }}', 'true false true true'],
    ['{{ eq .missing "x" }}', 'false'],
    [
      '{{ printf "%d|%5s|%-4s|%q|%v|%.2f|%t|%x|%%" 7 "ab" "c" "q" .list .f .yes 255 }}',
      '7|   ab|c   |"q"|[a b c]|2.50|true|ff|%',
    ],
    ['{{ printf "%d" .n }}', '%!d(float64=3)'],
    ['{{ printf "%s %s" "only" }}', 'only %!s(MISSING)'],
    ['{{ print "a" 1 2 "b" }}', 'a1 2b'],
    ['{{ default "d" .missing }} {{ .missing | default "p" }} {{ default "d" .env }}', 'd p prod'],
    ['{{ empty .none }} {{ empty .list }} {{ coalesce .empty .zero .env }}', 'true false prod'],
    ['{{ ternary "a" "b" .yes }}', 'a'],
    ['{{ trunc 4 .name }} {{ trunc -3 .name }} {{ substr 1 4 .name }}', 'Bill API ill'],
    ['{{ trimPrefix "Billing_" .name }} {{ trimSuffix "_API" .name }} {{ trim "  x " }}', 'API Billing x'],
    ['{{ contains "API" .name }} {{ hasPrefix "Bill" .name }} {{ hasSuffix "z" .name }}', 'true true false'],
    ['{{ title "a b-c" }} {{ upper "x" }} {{ lower "Y" }}', 'A B-C X y'],
    ['{{ quote .env 1 }} {{ squote .env }}', '"prod" "1" \'prod\''],
    ['{{ toJson .map }}', '{"a":"x","with-dash":"d","z":1}'],
    ['{{ toJson "<&>" }}', '"\\u003c\\u0026\\u003e"'],
    ['{{ .map | toYaml }}', 'a: x\nwith-dash: d\nz: 1'],
    // go-yaml v2 quotes what YAML 1.1 would read back as another type; whole numbers are ints
    [
      '{{ dict "s" "yes" "o" "off" "n" "1.0" "e" "" "c" "a: b" "q" "it\'s" ' +
        '"m" "x\\ny" "f" 1.5 "i" 1000000.0 | toYaml }}',
      'c: \'a: b\'\ne: ""\nf: 1.5\ni: 1000000\nm: |-\n  x\n  y\n"n": "1.0"\no: "off"\nq: it\'s\ns: "yes"',
    ],
    [
      '{{ list "no" (list 1 2) (dict "b2" 1 "b10" 2 "a" (list)) | toYaml }}',
      '- "no"\n- - 1\n  - 2\n- a: []\n  b2: 1\n  b10: 2',
    ],
    [
      '{{ (fromYaml "a: yes\\nb: 0755\\nc: [1, x]").a }} {{ (fromYaml "a: ' +
        'yes\\nb: 0755").b }} {{ fromYamlArray "[on, 2]" | toJson }}',
      'true 493 [true,2]',
    ],
    [
      '{{ semverCompare ">=1.28, <1.30" "v1.29.3" }} {{ semverCompare "^1.2" ' +
        '"1.30.0-rc.1" }} {{ (semver "v2.3").Minor }}',
      'true false 3',
    ],
    [
      '{{ b32enc "hi" }} {{ sha512sum "" | trunc 8 }} {{ base "a/b.yaml" }} {{ ext "a/b.yaml" }} {{ dir "a/b.yaml" }}',
      'NBUQ==== cf83e135 b.yaml .yaml a',
    ],
    [
      '{{ untilStep 0 6 2 | toJson }} {{ chunk 2 (list 1 2 3) | toJson }} {{ seq 3 }} {{ mustFirst .list }}',
      '[0,2,4] [[1,2],[3]] 1 2 3 a',
    ],
    ['{{ list 1 "a" | toJson }} {{ dict "k" .env | toJson }}', '[1,"a"] {"k":"prod"}'],
    ['{{ join "," .list }} {{ splitList "," "x,y" | join "+" }} {{ (split "," "x,y")._1 }}', 'a,b,c x+y y'],
    ['{{ regexReplaceAll "([A-Z])" .name "-$1" }} {{ regexMatch "^B" .name }}', '-Billing_-A-P-I true'],
    ['{{ b64enc "hi" }} {{ b64dec "aGk=" }} {{ sha256sum "" | trunc 8 }}', 'aGk= hi e3b0c442'],
    [
      '{{ int "42" }} {{ int .f }} {{ add 1 2 3 }} {{ sub 5 .n }} {{ mul 2 3 }} {{ div 7 2 }} {{ mod 7 2 }}',
      '42 2 6 2 6 3 1',
    ],
    [
      '{{ kindOf .list }} {{ kindOf .map }} {{ kindOf .n }} {{ kindOf 1 }} {{ kindIs "string" .env }}',
      'slice map float64 int true',
    ],
    ['{{ first .list }} {{ last .list }} {{ rest .list }} {{ has "b" .list }}', 'a c [b c] true'],
    ['{{ hasKey .map "a" }} {{ keys .nested | toJson }} {{ get .map "a" }}', 'true ["deep"] x'],
    [
      '{{ normalize "Foo_Bar/Baz." }} {{ slugify "Hello World" }} {{ slugify 5 false "Hello World" }}',
      'foo-bar-baz hello-world hello',
    ],
  ])('%s', (src, want) => {
    expect(r(src)).toBe(want);
  });
});

describe('go template: missingkey', () => {
  it('missingkey=error names the missing key', () => {
    expect(() => r('{{ .nested.nope }}', 'error')).toThrow('map has no entry for key "nope"');
  });
  it('missingkey=error fails before default runs (argo-cd#20594)', () => {
    expect(() => r('{{ .nope | default "x" }}', 'error')).toThrow('map has no entry for key "nope"');
  });
  it('missingkey=error still allows index on a missing key', () => {
    expect(r('{{ index .map "nope" | default "x" }}', 'error')).toBe('x');
  });
  it('errors carry line, column and the failing node', () => {
    expect(() => r('line1\n  {{ .nope }}', 'error')).toThrow(
      'template: :2:5: executing "" at <.nope>: map has no entry for key "nope"',
    );
  });
  it('missingkey=zero renders <no value> for interface maps, as Go does', () => {
    expect(r('{{ .nope }}', 'zero')).toBe('<no value>');
  });
});

describe('go template: errors', () => {
  it.each([
    ['{{ .name', 'unclosed action'],
    ['{{ if .yes }}x', 'has no matching {{end}}'],
    ['{{ end }}', 'unexpected {{end}}'],
    ['{{ else }}', 'unexpected {{else}}'],
    ['{{ nosuchfunc 1 }}', 'function "nosuchfunc" not defined'],
    ['{{ $undefined }}', 'undefined variable "$undefined"'],
    ['{{ if true }}{{ $x := 1 }}{{ end }}{{ $x }}', 'undefined variable "$x"'],
    ['{{ break }}', '{{break}} outside {{range}}'],
    ['{{ "a" | "b" }}', 'non executable command in pipeline stage 2'],
    ['{{ "unterminated }}', 'unterminated quoted string'],
    ['{{ ( .name }}', 'unclosed left paren'],
    ['{{ .name ) }}', 'unexpected right paren'],
    ['{{ define "x" }}{{ end }}', 'not supported'],
    ['{{ 1.2.3 }}', ''],
  ])('parse error: %s', (src, msg) => {
    let err: unknown;
    try {
      r(src);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TemplateSyntaxError);
    expect((err as Error).message).toContain(msg);
  });

  it.each([
    ['{{ .name.first }}', "can't evaluate field first in type string"],
    ['{{ .nil.x }}', 'nil pointer evaluating interface {}.x'],
    ['{{ index .list 5 }}', 'error calling index: index out of range: 5'],
    ['{{ eq .n 3 }}', 'error calling eq: incompatible types for comparison'],
    ['{{ lt .list 1 }}', 'invalid type for comparison'],
    ['{{ upper .n }}', 'wrong type for value; expected string; got float64'],
    ['{{ .missing | upper }}', 'invalid value; expected string'],
    ['{{ trunc .n .name }}', 'wrong type for value; expected int; got float64'],
    ['{{ trunc "x" .name }}', 'expected integer; found "x"'],
    ['{{ upper }}', 'wrong number of args for upper: want 1 got 0'],
    ['{{ "s" 1 }}', "can't give argument to non-function"],
    ['{{ range .env }}{{ end }}', "range can't iterate over prod"],
    ['{{ fail "custom failure" }}', 'error calling fail: custom failure'],
    ['{{ now }}', 'not deterministic'],
    ['{{ .env 1 }}', 'env is not a method but has arguments'],
  ])('exec error: %s', (src, msg) => {
    let err: unknown;
    try {
      r(src);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TemplateExecError);
    expect((err as Error).message).toContain(msg);
  });
});
