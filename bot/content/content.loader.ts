/**
 * Loads the content files (glossary, job-search tips, review status) from `content/` at start-up
 * and validates them with the zod schemas of core/content. A bad file stops the start with an
 * error that names the file and the path of the bad field, e.g.
 *   content/glossary/ps.json: busta_paga.keywords[2]: must not be empty
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { z } from 'zod';
import {
  CONTENT_LANGUAGES,
  ContentStatusSchema,
  GlossaryFileSchema,
  SOURCE_LANGUAGE,
  TipsFileSchema,
  type ContentLanguage,
  type ContentStatus,
  type GlossaryFile,
  type TipsFile,
} from '../../core/content/content.types';
import { projectPath } from '../project-paths';

export interface LoadedContent {
  glossary: Record<ContentLanguage, GlossaryFile>;
  tips: Record<ContentLanguage, TipsFile>;
  status: ContentStatus;
}

export class ContentLoadError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`invalid content in ${file}:\n  ${problems.join('\n  ')}`);
    this.name = 'ContentLoadError';
  }
}

export const DEFAULT_CONTENT_DIR = projectPath('content');

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(root)' : out;
}

function displayName(dir: string, file: string): string {
  return join('content', relative(dir, file));
}

function readJson(dir: string, file: string): unknown {
  const name = displayName(dir, file);
  if (!existsSync(file)) throw new ContentLoadError(name, ['file is missing']);
  const raw = readFileSync(file, 'utf8');
  try {
    return JSON.parse(raw.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new ContentLoadError(name, [`not valid JSON: ${(err as Error).message}`]);
  }
}

function parseFile<S extends z.ZodType>(dir: string, file: string, schema: S): z.infer<S> {
  const result = schema.safeParse(readJson(dir, file));
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
    throw new ContentLoadError(displayName(dir, file), problems);
  }
  return result.data;
}

/** Every language must have exactly the ids of the Italian source. */
function checkParity(dir: string, kind: 'glossary' | 'tips', files: Record<ContentLanguage, object>): void {
  const source = Object.keys(files[SOURCE_LANGUAGE]);
  for (const lng of CONTENT_LANGUAGES) {
    if (lng === SOURCE_LANGUAGE) continue;
    const ids = Object.keys(files[lng]);
    const missing = source.filter((id) => !ids.includes(id));
    const extra = ids.filter((id) => !source.includes(id));
    const problems = [...missing.map((id) => `${id}: missing (present in ${SOURCE_LANGUAGE}.json)`), ...extra.map((id) => `${id}: not in ${SOURCE_LANGUAGE}.json`)];
    if (problems.length > 0) throw new ContentLoadError(displayName(dir, join(dir, kind, `${lng}.json`)), problems);
  }
}

/** Reads and validates all content; throws ContentLoadError on the first bad file. */
export function loadContent(dir: string = DEFAULT_CONTENT_DIR): LoadedContent {
  const glossary = {} as Record<ContentLanguage, GlossaryFile>;
  const tips = {} as Record<ContentLanguage, TipsFile>;
  for (const lng of CONTENT_LANGUAGES) {
    glossary[lng] = parseFile(dir, join(dir, 'glossary', `${lng}.json`), GlossaryFileSchema);
    tips[lng] = parseFile(dir, join(dir, 'tips', `${lng}.json`), TipsFileSchema);
  }
  checkParity(dir, 'glossary', glossary);
  checkParity(dir, 'tips', tips);
  const status = parseFile(dir, join(dir, 'STATUS.json'), ContentStatusSchema);
  return { glossary, tips, status };
}
