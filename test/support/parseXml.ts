import { DOMParser } from '@xmldom/xmldom';

/**
 * Parses `text` as XML with every warning and error fatal, so a test can tell well-formed SVG
 * from text that only looks like it. Returns the document, or throws what is wrong.
 */
export function parseXml(text: string): ReturnType<DOMParser['parseFromString']> {
  return new DOMParser({
    onError: (level, message) => {
      throw new Error(`${level}: ${message}`);
    },
  }).parseFromString(text, 'image/svg+xml');
}
