/**
 * JSON.parse's error message made safe to print: V8 quotes the text it stopped at (`Unexpected
 * token 'N', "Nguyễn Thị"... is not valid JSON`), which in a file given in the wrong place can be
 * a person's name or ID; errors must never show personal data. Quoted pieces are dropped, and a
 * position becomes a line and column.
 */
export function jsonSyntaxMessage(error: unknown, text: string): string {
  const raw = error instanceof Error ? error.message : String(error);
  const position = /at position (\d+)/.exec(raw);
  let message = raw.replace(/\s*in JSON at position \d+/, '');
  // Everything from the first quote (or the "..." V8 puts before a quoted excerpt) to the last:
  // an excerpt may itself hold quotes, so no pattern for one quoted piece is safe.
  const first = message.search(/['"]|\.\.\./);
  const last = Math.max(message.lastIndexOf('"'), message.lastIndexOf("'"));
  if (first >= 0 && last >= first) message = `${message.slice(0, first)}…${message.slice(last + 1).replace(/^\.\.\./, '')}`;
  message = message.trim();
  if (position !== null) {
    const at = Math.min(Number(position[1]), text.length);
    const before = text.slice(0, at);
    const line = before.split('\n').length;
    message += ` (line ${line}, column ${at - before.lastIndexOf('\n')})`;
  }
  return message;
}
