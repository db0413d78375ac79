/**
 * Idempotency keys for posts a person may send twice (a lost reply, a double tap, a retry after a
 * timeout): the same payload keeps its key until the server has answered, so the server stores one
 * message; a changed payload is a new request and gets a new key.
 */

function randomKey(): string {
  const c = globalThis.crypto as Crypto | undefined;
  if (c && typeof c.randomUUID === "function") return c.randomUUID();
  const bytes = new Uint8Array(16);
  if (c) c.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export interface KeyKeeper {
  /** The key for this payload: the pending one when the payload is unchanged, else a new one. */
  keyFor(payload: unknown): string;
  /** The server answered (stored or refused for good): the next post gets a new key. */
  settled(): void;
}

export function keyKeeper(newKey: () => string = randomKey): KeyKeeper {
  let pending: { payload: string; key: string } | null = null;
  return {
    keyFor(payload: unknown): string {
      const text = JSON.stringify(payload);
      if (!pending || pending.payload !== text) pending = { payload: text, key: newKey() };
      return pending.key;
    },
    settled(): void {
      pending = null;
    },
  };
}
