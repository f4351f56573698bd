/** Serializes access so that one transaction's statements never interleave with another's. */
export class Mutex {
  private tail: Promise<void> = Promise.resolve();

  /** Runs `work` once every earlier call has settled. */
  async run<T>(work: () => Promise<T> | T): Promise<T> {
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    try {
      return await work();
    } finally {
      release();
    }
  }
}
