/**
 * Progress on stderr: a one-line bar redrawn in place when stderr is a terminal, nothing at all
 * otherwise (pipelines and CI logs get only the final summary line). Never prints record data.
 */
export class Progress {
  private last = 0;
  private readonly tty: boolean;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {
    this.tty = stream.isTTY === true;
  }

  update(stage: string, done: number, total: number): void {
    if (!this.tty) return;
    const now = Date.now();
    if (now - this.last < 100 && done !== total) return;
    this.last = now;
    const width = 30;
    let line: string;
    if (total > 0) {
      const filled = Math.round((done / total) * width);
      line = `${stage.padEnd(14)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`;
    } else {
      line = `${stage.padEnd(14)} ${done} rows`;
    }
    this.stream.write(`\r${line}\x1b[K`);
  }

  done(): void {
    if (this.tty) this.stream.write('\r\x1b[K');
  }
}
