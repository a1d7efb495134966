/**
 * Where the outbox keeps its entries: IndexedDB on this device (Blobs included), one object store.
 * Every change announces itself with an OUTBOX_CHANGED event on window (and to the other tabs by
 * BroadcastChannel) so the header status can redraw. Browser only.
 */
import type { OutboxEntry } from "./outbox-entry";

const DB_NAME = "secg-outbox";
const STORE = "entries";
export const OUTBOX_CHANGED = "secg-outbox-changed";

let opened: Promise<IDBDatabase> | null = null;

function database(): Promise<IDBDatabase> {
  opened ??= new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: "id" });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => {
      opened = null;
      reject(request.error);
    };
  });
  return opened;
}

async function run<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await database();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const request = work(tx.objectStore(STORE));
    tx.oncomplete = () => resolve(request.result);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

let channel: BroadcastChannel | null | undefined;
function announce() {
  window.dispatchEvent(new Event(OUTBOX_CHANGED));
  channel ??= typeof BroadcastChannel === "undefined" ? null : new BroadcastChannel(DB_NAME);
  channel?.postMessage("changed");
}

/** Calls `listener` when another tab changed the outbox. */
export function onOtherTabChange(listener: () => void): () => void {
  if (typeof BroadcastChannel === "undefined") return () => {};
  const other = new BroadcastChannel(DB_NAME);
  other.onmessage = listener;
  return () => other.close();
}

export async function listEntries(): Promise<OutboxEntry[]> {
  const all = await run("readonly", (store) => store.getAll() as IDBRequest<OutboxEntry[]>);
  return all.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

export async function putEntry(entry: OutboxEntry) {
  await run("readwrite", (store) => store.put(entry));
  announce();
}

export async function deleteEntry(id: string) {
  await run("readwrite", (store) => store.delete(id));
  announce();
}
