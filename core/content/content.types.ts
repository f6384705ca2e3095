/**
 * Shapes of the content files under `content/` (glossary, job-search tips, review status).
 * Content is data, written per language; these schemas are applied when the files are loaded,
 * so a bad file fails at start-up with the path of the bad field, not in front of a user.
 */
import { z } from 'zod';

/** Languages the content is written in; Italian is the source. Same codes as core/languages. */
export const CONTENT_LANGUAGES = ['it', 'en', 'fr', 'ar', 'ur', 'bn', 'ps', 'fa', 'ti', 'so'] as const;
export type ContentLanguage = (typeof CONTENT_LANGUAGES)[number];
export const SOURCE_LANGUAGE: ContentLanguage = 'it';

/** Screens are sent as single chat messages: keep them short. */
export const MAX_SCREEN_CHARS = 1000;
/** A button fits a phone screen at about 30 characters; longer text belongs in the message. */
export const MAX_BUTTON_CHARS = 30;

const nonEmpty = z.string().trim().min(1, 'must not be empty');
const contentId = z.string().regex(/^[a-z][a-z0-9_]*$/, 'ids are lower_snake_case');

/** The short form for buttons, when the term or title is longer than a button (see content-pick `buttonLabel`). */
const buttonLabel = nonEmpty.refine((s) => [...s].length <= MAX_BUTTON_CHARS, `a button label is at most ${MAX_BUTTON_CHARS} characters`);

export const GlossaryEntrySchema = z.strictObject({
  term: nonEmpty,
  label: buttonLabel.optional(),
  text: nonEmpty,
  keywords: z.array(nonEmpty).min(1, 'at least one keyword'),
});

/** A glossary file: entry id (same in every language) → entry. */
export const GlossaryFileSchema = z.record(contentId, GlossaryEntrySchema);

export const TipsTopicSchema = z.strictObject({
  title: nonEmpty,
  label: buttonLabel.optional(),
  keywords: z.array(nonEmpty).min(1, 'at least one keyword'),
  screens: z.array(nonEmpty.max(MAX_SCREEN_CHARS, `a screen is at most ${MAX_SCREEN_CHARS} characters`)).min(1, 'at least one screen'),
});

/** A tips file: topic id (same in every language) → topic. */
export const TipsFileSchema = z.record(contentId, TipsTopicSchema);

export const LanguageStatusSchema = z.strictObject({
  reviewed: z.boolean(),
  reviewer: z.string().min(1).nullable(),
  notes: z.string(),
});

/** Review status of each language's content (AI-written text awaits a native speaker). */
export const ContentStatusSchema = z.record(z.enum(CONTENT_LANGUAGES), LanguageStatusSchema);

export type GlossaryEntry = z.infer<typeof GlossaryEntrySchema>;
export type GlossaryFile = z.infer<typeof GlossaryFileSchema>;
export type TipsTopic = z.infer<typeof TipsTopicSchema>;
export type TipsFile = z.infer<typeof TipsFileSchema>;
export type LanguageStatus = z.infer<typeof LanguageStatusSchema>;
export type ContentStatus = z.infer<typeof ContentStatusSchema>;

export function isContentLanguage(code: string): code is ContentLanguage {
  return (CONTENT_LANGUAGES as readonly string[]).includes(code);
}
