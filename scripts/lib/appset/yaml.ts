/**
 * YAML decoding as Argo CD does it for git files and `elementsYaml`
 * (sigs.k8s.io/yaml over go-yaml v2): YAML 1.1 scalars (yes/no/on/off are
 * booleans, 0755 is octal), timestamps stay strings, keys become strings, and
 * every number is a float64 once it has gone through JSON.
 */
import { parse } from 'yaml';

export function parseArgoYaml(text: string): unknown {
  return parse(text, {
    version: '1.1',
    customTags: (tags) =>
      tags.filter((t) => !(typeof t === 'object' && (t.tag === 'tag:yaml.org,2002:timestamp' || t.format === 'TIME'))),
    uniqueKeys: false,
    maxAliasCount: 1000,
  });
}
