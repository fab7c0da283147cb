/** Trims line ends and collapses runs of blank lines: the last step of every conversion. */
export function tidyMarkdown(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n');
}
