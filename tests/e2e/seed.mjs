// Drafts written straight into the app's IndexedDB (schema v2), as an earlier version of the
// app or a long session would have left them: for tests and benchmarks that need a draft the
// pages would take long to type. Open a page of the app first, so the database exists.

/**
 * Stores `draft` (any fields of a draft record; `id` is required) and `candidates` (candidate
 * records, each with `id` and `entry`; the rest is filled in) in one transaction.
 */
export async function seedDraft(page, draft, candidates = []) {
  const draftRecord = { revision: 1, life: 'active', changed_at: 0, ...draft };
  const candidateRecords = candidates.map((c, position) => ({
    draft_id: draft.id, revision: 1, life: 'active', changed_at: 0, position, ...c,
  }));
  await page.evaluate(({ draftRecord, candidateRecords }) => new Promise((resolve, reject) => {
    const request = indexedDB.open('pingjia');
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const db = request.result;
      const tx = db.transaction(['drafts', 'candidates'], 'readwrite');
      tx.objectStore('drafts').put(draftRecord, draftRecord.id);
      for (const c of candidateRecords) tx.objectStore('candidates').put(c, c.id);
      tx.oncomplete = () => { db.close(); resolve(); };
      tx.onerror = () => reject(tx.error);
    };
  }), { draftRecord, candidateRecords });
}
