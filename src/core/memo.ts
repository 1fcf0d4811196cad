/**
 * Answers kept by key, forgotten all at once when `limit` of them are kept: for answers that are cheap
 * to work out again (a post's parsed name, a compiled pattern, a folder's publication), asked for often,
 * where paths typed in an editor must not make the memo grow without end.
 */
export class BoundedMemo<K, V> {
  private readonly answers = new Map<K, V>();

  constructor(
    private readonly limit: number,
    private readonly compute: (key: K) => V,
  ) {}

  get(key: K): V {
    const known = this.answers.get(key);
    if (known !== undefined || this.answers.has(key)) return known as V;
    const answer = this.compute(key);
    if (this.answers.size >= this.limit) this.answers.clear();
    this.answers.set(key, answer);
    return answer;
  }
}
