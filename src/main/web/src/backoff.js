/**
 * Delays between re-attach attempts: the first soon, then doubling up to a ceiling, each with up to
 * a fifth of random spread so that many tabs cut off together do not come back in step.
 */
export class Backoff {
  constructor({ first = 250, ceiling = 15000, random = Math.random } = {}) {
    this.first = first;
    this.ceiling = ceiling;
    this.random = random;
    this.attempt = 0;
  }

  next() {
    const base = Math.min(this.ceiling, this.first * 2 ** this.attempt);
    this.attempt += 1;
    return Math.round(base * (0.8 + 0.2 * this.random()));
  }

  reset() {
    this.attempt = 0;
  }
}
