// One statement or transaction at a time on a connection, in arrival order. Prisma's SQLite adapter
// has one connection: a statement sent while another request's transaction is open would otherwise
// run inside it (and vanish with its rollback).

/** A first-come first-served lock with a release that may be called more than once. */
export class Gate {
  #tail: Promise<void> = Promise.resolve();

  /** Waits for the gate; resolves with its release. */
  acquire(): Promise<() => void> {
    let open!: () => void;
    const mine = new Promise<void>((resolve) => {
      open = resolve;
    });
    const before = this.#tail;
    this.#tail = before.then(() => mine);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      open();
    };
    return before.then(() => release);
  }

  /** The gate if it comes within `waitMs`, else null (and it is handed on at once when it comes). */
  tryAcquire(waitMs: number): Promise<(() => void) | null> {
    return new Promise((resolve) => {
      let late = false;
      const timer = setTimeout(() => {
        late = true;
        resolve(null);
      }, waitMs);
      void this.acquire().then((release) => {
        if (late) release();
        else {
          clearTimeout(timer);
          resolve(release);
        }
      });
    });
  }
}
