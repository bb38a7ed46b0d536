//! A decision record: what a reviewer decided about one package, signed with the reviewer's
//! workspace key. Its id is the SHA-256 of its content, so the same record imported twice is
//! one record, and records from several PCs merge in any order.

use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use regdesk_package::sign::fingerprint;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Pass,
    Fail,
}

/// The signed content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct Decision {
    pub package_sha256: String,
    pub id_number: String,
    pub decision: Verdict,
    /// Review reason codes (`regdesk review reasons`).
    pub reasons: Vec<String>,
    pub note: Option<String>,
    pub reviewer_fingerprint: String,
    pub reviewer_name: String,
    /// RFC 3339.
    pub decided_at: String,
    /// Ids of the records this one settles (a conflict's resolution names both sides).
    pub resolves: Vec<String>,
}

/// A decision with its id, the reviewer's public key and the signature: one line of
/// `decisions.jsonl`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct SignedDecision {
    pub id: String,
    #[serde(flatten)]
    pub decision: Decision,
    pub public_key: String,
    pub signature: String,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex<const N: usize>(text: &str) -> Option<[u8; N]> {
    let t = text.trim();
    if t.len() != 2 * N {
        return None;
    }
    let mut out = [0u8; N];
    for (i, o) in out.iter_mut().enumerate() {
        *o = u8::from_str_radix(t.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(out)
}

/// The bytes that are hashed and signed: the decision's JSON (fields in declaration order).
fn canonical(d: &Decision) -> Vec<u8> {
    serde_json::to_vec(d).unwrap_or_default()
}

pub fn sign(decision: Decision, key: &SigningKey) -> SignedDecision {
    let bytes = canonical(&decision);
    SignedDecision {
        id: hex(&Sha256::digest(&bytes)),
        public_key: hex(key.verifying_key().as_bytes()),
        signature: hex(&key.sign(&bytes).to_bytes()),
        decision,
    }
}

/// Checks the id, that the key is the named reviewer's and the signature; why not, if not.
pub fn check(record: &SignedDecision) -> Result<(), &'static str> {
    let bytes = canonical(&record.decision);
    if hex(&Sha256::digest(&bytes)) != record.id {
        return Err("id does not match the content");
    }
    let key = unhex::<32>(&record.public_key)
        .and_then(|b| VerifyingKey::from_bytes(&b).ok())
        .ok_or("public key unreadable")?;
    if fingerprint(&key) != record.decision.reviewer_fingerprint {
        return Err("the key is not the named reviewer's");
    }
    let sig = unhex::<64>(&record.signature).ok_or("signature unreadable")?;
    key.verify_strict(&bytes, &Signature::from_bytes(&sig))
        .map_err(|_| "signature does not verify")
}
