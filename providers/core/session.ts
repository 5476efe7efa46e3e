interface Entry<S> {
  promise: Promise<S>;
  value?: S;
}

/**
 * Auth sessions cached per process and key (origin + user). Concurrent callers share one login;
 * when a session expires, every caller that saw it expire shares one renewal.
 */
export class SessionCache<S> {
  private readonly entries = new Map<string, Entry<S>>();

  constructor(private readonly login: (key: string) => Promise<S>) {}

  get(key: string): Promise<S> {
    const cached = this.entries.get(key);
    if (cached) return cached.promise;
    const entry: Entry<S> = { promise: this.login(key) };
    this.entries.set(key, entry);
    entry.promise.then(
      (value) => {
        entry.value = value;
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    return entry.promise;
  }

  /** Forgets `stale` if it is still the cached session, so that the next `get` logs in again. */
  invalidate(key: string, stale: S): void {
    const entry = this.entries.get(key);
    if (entry && entry.value === stale) this.entries.delete(key);
  }

  /**
   * Runs `call` with the session; when `isExpired` says its result means "session expired",
   * renews once and runs it again.
   */
  async use<R>(key: string, call: (session: S) => Promise<R>, isExpired: (result: R) => boolean): Promise<R> {
    const session = await this.get(key);
    const first = await call(session);
    if (!isExpired(first)) return first;
    this.invalidate(key, session);
    return call(await this.get(key));
  }

  clear(): void {
    this.entries.clear();
  }
}
