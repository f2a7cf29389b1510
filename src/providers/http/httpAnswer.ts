/**
 * What an HTTP API's answer body can be before its own format is tried:
 * nothing at all, or a web page from something in front of the API (a proxy's
 * error page, a maintenance page). Pure: no I/O and no error policy.
 */

export type EmptyOrWebPage = { kind: 'empty' } | { kind: 'html'; title?: string };

/** The page's `<title>`, trimmed; undefined when it has none, an empty one or one over 200 characters. */
function htmlTitle(body: string): string | undefined {
  const title = /<title[^>]*>([^<]{1,200})<\/title>/i.exec(body)?.[1]?.trim();
  return title === undefined || title === '' ? undefined : title;
}

/** `empty` for a blank body, `html` (with its title) for one that starts as an HTML page; undefined for anything else. */
export function emptyOrWebPage(body: string): EmptyOrWebPage | undefined {
  const trimmed = body.trim();
  if (trimmed === '') return { kind: 'empty' };
  if (/^(<!doctype html|<html[\s>])/i.test(trimmed)) {
    const title = htmlTitle(trimmed);
    return title === undefined ? { kind: 'html' } : { kind: 'html', title };
  }
  return undefined;
}
