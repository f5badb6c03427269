import type { CallRecord } from '../events/phone-events.js';
import { PhoneError } from './phone-error.js';

/** What the history needs from its phone: a way to report storage failures, and to say the count changed. */
export interface HistoryOwner {
  report(error: PhoneError): void;
  changed(): void;
}

export interface ListOptions {
  /** At most this many records (default: all that are kept). */
  limit?: number;
  /** Only calls that ended before this time (ms since the epoch): pass the last record's `endedAt` for the next page. */
  before?: number;
}

/** Where one account's calls live: `uri` is the account's normalized address. */
export interface HistorySettings {
  uri: string;
  enabled: boolean;
  limit: number;
}

const CALLS = 'calls';
const META = 'meta';
const ENDED_AT = 'endedAt';
const SEEN_AT = 'seenAt';

/** One database per account, so two accounts on one origin never share, or even open, each other's calls. */
export function historyDatabaseName(uri: string): string {
  return `phone-elements-history:${uri}`;
}

function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function committed(transaction: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error);
    transaction.onabort = () => reject(transaction.error ?? new Error('the transaction was aborted'));
  });
}

function open(name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    // Throws outright where storage is off (some private modes, sandboxed frames).
    const request = indexedDB.open(name, 1);
    request.onupgradeneeded = () => {
      const calls = request.result.createObjectStore(CALLS, { keyPath: 'callId' });
      calls.createIndex(ENDED_AT, ENDED_AT);
      request.result.createObjectStore(META);
    };
    request.onsuccess = () => {
      const db = request.result;
      // Another tab deleting or upgrading the database must not wait on us.
      db.onversionchange = () => db.close();
      resolve(db);
    };
    request.onerror = () => reject(request.error);
    request.onblocked = () => reject(new Error('the database is blocked by another tab'));
  });
}

/** Incoming calls never answered that ended after `seenAt`. */
/** An incoming call nobody answered (here or elsewhere). */
const isMissed = (record: CallRecord) => record.direction === 'incoming' && record.answeredAt === null;

async function countMissed(db: IDBDatabase): Promise<number> {
  const transaction = db.transaction([CALLS, META], 'readonly');
  const seenAt = Number((await done(transaction.objectStore(META).get(SEEN_AT))) ?? 0);
  const range = IDBKeyRange.lowerBound(seenAt, true);
  const records = (await done(transaction.objectStore(CALLS).index(ENDED_AT).getAll(range))) as CallRecord[];
  return records.filter(isMissed).length;
}

/**
 * `softPhone.history`: the records of ended calls (`phone-call-logged` details), kept in
 * IndexedDB per account, newest first. Operations run one after another, so `list()`
 * sees every call logged before it was asked. A storage failure (quota, private mode,
 * IndexedDB blocked or missing) is reported as `phone-error` `storage-failed`; calling
 * never depends on it.
 */
export class CallHistory {
  readonly #owner: HistoryOwner;
  #settings: HistorySettings | null = null;
  /** The open database, and whose it is (the account may change while an operation waits). */
  #db: { name: string; opened: Promise<IDBDatabase> } | null = null;
  #queue: Promise<unknown> = Promise.resolve();
  #missed = 0;
  #revision = 0;

  /** @internal Created by `PhoneController`. */
  constructor(owner: HistoryOwner) {
    this.#owner = owner;
  }

  /** Incoming calls never answered since the last `markSeen()` (0 until the history has been read). */
  get missed(): number {
    return this.#missed;
  }

  /** Grows whenever what `list()` returns may have changed: a view reloads when it does. */
  get revision(): number {
    return this.#revision;
  }

  /** @internal The controller applies each new configuration. */
  configure(settings: HistorySettings): void {
    const account = settings.enabled ? settings.uri : null;
    const previous = this.#settings?.enabled ? this.#settings.uri : null;
    this.#settings = settings;
    if (account === previous) return;
    this.#closeDatabase();
    this.#changedContent();
    this.#setMissed(0);
    if (account) void this.#run('read the missed calls', async (db) => this.#setMissed(await countMissed(db))).catch(() => undefined);
  }

  /** @internal The phone stopped: close the database once what is queued (the last calls' records) is written. */
  suspend(): void {
    void this.#queue.then(() => this.#closeDatabase());
  }

  /** @internal Stores a record, dropping the oldest beyond `history-limit`; failures become `phone-error`. */
  add(record: CallRecord): void {
    if (!this.#settings?.enabled) return;
    const limit = this.#settings.limit;
    // Counted at once, so that `missed` is current when phone-call-logged fires; the
    // count read back once the record is stored settles it (a markSeen, another tab).
    if (isMissed(record)) this.#setMissed(this.#missed + 1);
    const work = this.#run('save the call', async (db) => {
      const transaction = db.transaction(CALLS, 'readwrite');
      const calls = transaction.objectStore(CALLS);
      calls.put(record);
      const excess = (await done(calls.count())) - limit;
      if (excess > 0) {
        // Oldest first by end time: delete exactly the excess.
        const oldest = await done(calls.index(ENDED_AT).getAllKeys(null, excess));
        oldest.forEach((key) => calls.delete(key));
      }
      await committed(transaction);
      this.#changedContent();
      this.#setMissed(await countMissed(db));
    });
    void work.catch(() => undefined); // reported by #run
  }

  /** The kept calls, newest first; rejects with `PhoneError` `storage-failed` (also fired as `phone-error`). */
  list({ limit, before }: ListOptions = {}): Promise<CallRecord[]> {
    if (!this.#settings?.enabled) return Promise.resolve([]);
    return this.#run('read the call history', async (db) => {
      const index = db.transaction(CALLS, 'readonly').objectStore(CALLS).index(ENDED_AT);
      const range = typeof before === 'number' ? IDBKeyRange.upperBound(before, true) : null;
      const wanted = typeof limit === 'number' && limit >= 0 ? Math.floor(limit) : Infinity;
      const records: CallRecord[] = [];
      if (wanted === 0) return records;
      return new Promise<CallRecord[]>((resolve, reject) => {
        const request = index.openCursor(range, 'prev');
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const cursor = request.result;
          if (cursor) records.push(cursor.value as CallRecord);
          if (!cursor || records.length >= wanted) resolve(records);
          else cursor.continue();
        };
      });
    });
  }

  /** Forgets one call. */
  async remove(callId: string): Promise<void> {
    if (!this.#settings?.enabled) return;
    await this.#run('remove a call', async (db) => {
      const transaction = db.transaction(CALLS, 'readwrite');
      transaction.objectStore(CALLS).delete(String(callId));
      await committed(transaction);
      this.#changedContent();
      this.#setMissed(await countMissed(db));
    });
  }

  /** Forgets every call of this account (also what was kept before `history="off"`). */
  async clear(): Promise<void> {
    const uri = this.#settings?.uri;
    if (!uri) return;
    await this.#enqueue('clear the call history', async () => {
      this.#closeDatabase();
      await done(indexedDB.deleteDatabase(historyDatabaseName(uri)));
      this.#changedContent();
      this.#setMissed(0);
    });
  }

  /** The user has seen the missed calls: `missed` counts from now. */
  async markSeen(): Promise<void> {
    if (!this.#settings?.enabled) return;
    this.#setMissed(0);
    await this.#run('mark the missed calls seen', async (db) => {
      const transaction = db.transaction(META, 'readwrite');
      transaction.objectStore(META).put(Date.now(), SEEN_AT);
      await committed(transaction);
    });
  }

  /** Runs `work` on this account's database after the operations before it. */
  #run<T>(action: string, work: (db: IDBDatabase) => Promise<T>): Promise<T> {
    const name = historyDatabaseName(this.#settings!.uri);
    return this.#enqueue(action, async () => {
      if (this.#db?.name !== name) {
        this.#closeDatabase();
        this.#db = { name, opened: open(name) };
      }
      try {
        return await work(await this.#db.opened);
      } catch (error) {
        // The next operation tries a fresh connection (the user may have freed space).
        this.#closeDatabase();
        throw error;
      }
    });
  }

  #enqueue<T>(action: string, work: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(async () => {
      try {
        return await work();
      } catch (error) {
        const why = (error as Error | null)?.message || String(error);
        const failure = new PhoneError('storage-failed', `Could not ${action} (the call log is in IndexedDB): ${why}`);
        this.#owner.report(failure);
        throw failure;
      }
    });
    this.#queue = result.catch(() => undefined);
    return result;
  }

  #closeDatabase(): void {
    const db = this.#db;
    this.#db = null;
    db?.opened.then((opened) => opened.close()).catch(() => undefined);
  }

  #changedContent(): void {
    this.#revision += 1;
    this.#owner.changed();
  }

  #setMissed(count: number): void {
    if (count === this.#missed) return;
    this.#missed = count;
    this.#owner.changed();
  }
}
