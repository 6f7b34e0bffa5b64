// Drafts written straight into the app's IndexedDB, as the app or an earlier version of it would
// have left them: for tests and benchmarks that need a draft the pages would take long to type.
// Open a page of the app first, so the database exists.

/**
 * Stores `draft` (any fields of a draft record; `id` is required) and `candidates` (candidate
 * records, each with `id` and `entry`; the rest is filled in) in one transaction: each
 * candidate alone under its id, as every version before schema v4 kept them, or, with
 * `{ batched: true }`, all in one batch, as the app now keeps candidates it saves for the first
 * time (an import; crates/drafts/src/batches.rs).
 */
export async function seedDraft(page, draft, candidates = [], { batched = false } = {}) {
  const draftRecord = { revision: 1, life: 'active', changed_at: 0, ...draft };
  const candidateRecords = candidates.map((c, position) => ({
    draft_id: draft.id, revision: 1, life: 'active', changed_at: 0, position, ...c,
  }));
  await page.evaluate(({ draftRecord, candidateRecords, batched }) => new Promise((resolve, reject) => {
    const request = indexedDB.open('pingjia');
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const db = request.result;
      const stores = batched ? ['drafts', 'candidate_batches'] : ['drafts', 'candidates'];
      const tx = db.transaction(stores, 'readwrite');
      tx.objectStore('drafts').put(draftRecord, draftRecord.id);
      if (batched) {
        const batch = { draft_id: draftRecord.id, utf8: new TextEncoder().encode(JSON.stringify(candidateRecords)) };
        tx.objectStore('candidate_batches').put(batch, `seed-${draftRecord.id}`);
      } else {
        for (const c of candidateRecords) tx.objectStore('candidates').put(c, c.id);
      }
      tx.oncomplete = () => { db.close(); resolve(); };
      tx.onerror = () => reject(tx.error);
    };
  }), { draftRecord, candidateRecords, batched });
}
