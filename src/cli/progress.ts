/**
 * Progress on stderr: a one-line bar redrawn in place when stderr is a terminal, nothing at all
 * otherwise (pipelines and CI logs get only the final summary line). Never prints record data.
 *
 * The match job reads the register and the doses at the same time (the doses in a worker), so
 * the two reading stages report in turn: they share one line, each with its own count, instead of
 * the line flickering between them.
 */
const READING = ['read_registry', 'read_doses'];

export class Progress {
  private last = 0;
  private readonly tty: boolean;
  private readonly rowsRead = new Map<string, number>();

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {
    this.tty = stream.isTTY === true;
  }

  update(stage: string, done: number, total: number): void {
    if (!this.tty) return;
    if (READING.includes(stage)) this.rowsRead.set(stage, done);
    const now = Date.now();
    if (now - this.last < 100 && done !== total) return;
    this.last = now;
    this.stream.write(`\r${this.line(stage, done, total)}\x1b[K`);
  }

  /** The line drawn for a stage's update (the other reading stage's count as last recorded). */
  line(stage: string, done: number, total: number): string {
    if (READING.includes(stage)) {
      const rows = (s: string): number | undefined => (s === stage ? done : this.rowsRead.get(s));
      return `reading        ${READING.filter((s) => rows(s) !== undefined)
        .map((s) => `${s === 'read_registry' ? 'register' : 'doses'} ${rows(s)} rows`)
        .join(', ')}`;
    }
    const width = 30;
    if (total > 0) {
      const filled = Math.round((done / total) * width);
      return `${stage.padEnd(14)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`;
    }
    return `${stage.padEnd(14)} ${done} rows`;
  }

  done(): void {
    if (this.tty) this.stream.write('\r\x1b[K');
  }
}
