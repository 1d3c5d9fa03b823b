import { ToolError } from '../errors.js';
import { readOptional, readRepoFile, type FileChange } from '../images/check.js';
import { generatedReadme, RULES_DOC, rulesPage } from './docs.js';
import { DIFF_RULES, VALIDATE_RULES } from './registry.js';

/** The files npm run docs writes, with their text now and as generated. */
export async function docsChanges(root: string): Promise<FileChange[]> {
  const readme = await readRepoFile(root, 'README.md', 'the README with the generated rule tables');
  let after: string;
  try {
    after = generatedReadme(readme, VALIDATE_RULES, DIFF_RULES);
  } catch (error) {
    throw new ToolError((error as Error).message);
  }
  const page = rulesPage([...VALIDATE_RULES, ...DIFF_RULES]);
  return [
    { file: 'README.md', before: readme, after },
    { file: RULES_DOC, before: await readOptional(root, RULES_DOC), after: page },
  ];
}
