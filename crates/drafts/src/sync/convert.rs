//! A saved record as this device keeps it and as it travels. A draft travels without what the
//! device worked out from it (the verdicts it last showed, and their rulebook); a draft that
//! arrives keeps those of the local copy, and the roster re-checks it anyway.

use crate::records::{Draft, Record};
use pingjia_sync::records::{SyncDraft, SyncRecord};

pub fn to_sync(record: &Record) -> SyncRecord {
    match record {
        Record::Draft(d) => SyncRecord::Draft(SyncDraft {
            id: d.id,
            revision: d.revision,
            life: d.life,
            changed_at: d.changed_at,
            institution: d.institution.clone(),
            contact: d.contact.clone(),
            session: d.session.clone(),
            application_date: d.application_date.clone(),
            notes: d.notes.clone(),
        }),
        Record::Candidate(c) => SyncRecord::Candidate((**c).clone()),
    }
}

/// The record to keep for `synced`, taking the device's own bookkeeping from `local`.
pub fn from_sync(synced: SyncRecord, local: Option<&Draft>) -> Record {
    match synced {
        SyncRecord::Draft(d) => {
            let (checked_with, verdicts) = local
                .map(|l| (l.checked_with.clone(), l.verdicts.clone()))
                .unwrap_or_default();
            Record::Draft(Box::new(Draft {
                id: d.id,
                revision: d.revision,
                life: d.life,
                changed_at: d.changed_at,
                institution: d.institution,
                contact: d.contact,
                session: d.session,
                application_date: d.application_date,
                notes: d.notes,
                checked_with,
                verdicts,
            }))
        }
        SyncRecord::Candidate(c) => Record::Candidate(Box::new(c)),
    }
}
