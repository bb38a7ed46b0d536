//! Signed packages: a workspace's Ed25519 key signs the exact bytes of `manifest.json` (which
//! hash every other member), written beside it as `manifest.sig`. Verifying tells a package a
//! centre made from one edited afterwards with re-computed hashes. Signing is authenticity,
//! not secrecy: a package stays readable by whoever receives it.

use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub const SIGNATURE_NAME: &str = "manifest.sig";

/// `manifest.sig`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SignatureFile {
    /// Always `ed25519`.
    pub algorithm: String,
    /// The signer's public key, hex.
    pub public_key: String,
    /// The signature over the bytes of `manifest.json`, hex.
    pub signature: String,
}

/// What verifying found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum SignatureState {
    Valid,
    Invalid,
    /// No `manifest.sig` (a version-1 package, or an unsigned export).
    Missing,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    let t = text.trim();
    if !t.len().is_multiple_of(2) {
        return None;
    }
    (0..t.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(t.get(i..i + 2)?, 16).ok())
        .collect()
}

/// A key's fingerprint: SHA-256 of the public key, hex (what people compare and trust).
pub fn fingerprint(key: &VerifyingKey) -> String {
    hex(&Sha256::digest(key.as_bytes()))
}

/// A new signing key from the OS's randomness.
pub fn new_key() -> Result<SigningKey, getrandom::Error> {
    let mut secret = [0u8; 32];
    getrandom::fill(&mut secret)?;
    Ok(SigningKey::from_bytes(&secret))
}

pub fn key_from_bytes(bytes: &[u8]) -> Option<SigningKey> {
    let secret: [u8; 32] = bytes.try_into().ok()?;
    Some(SigningKey::from_bytes(&secret))
}

pub fn sign(manifest: &[u8], key: &SigningKey) -> Vec<u8> {
    let file = SignatureFile {
        algorithm: "ed25519".into(),
        public_key: hex(key.verifying_key().as_bytes()),
        signature: hex(&key.sign(manifest).to_bytes()),
    };
    serde_json::to_vec_pretty(&file).unwrap_or_default()
}

/// The state of `sig` over `manifest`, and the signer's fingerprint when the file names a key.
pub fn check(manifest: &[u8], sig: Option<&[u8]>) -> (SignatureState, Option<String>) {
    let Some(sig) = sig else {
        return (SignatureState::Missing, None);
    };
    let Ok(file) = serde_json::from_slice::<SignatureFile>(sig) else {
        return (SignatureState::Invalid, None);
    };
    let key = unhex(&file.public_key)
        .and_then(|b| <[u8; 32]>::try_from(b).ok())
        .and_then(|b| VerifyingKey::from_bytes(&b).ok());
    let Some(key) = key else {
        return (SignatureState::Invalid, None);
    };
    let print = Some(fingerprint(&key));
    let signature = unhex(&file.signature)
        .and_then(|b| <[u8; 64]>::try_from(b).ok())
        .map(|b| Signature::from_bytes(&b));
    match signature {
        Some(s) if file.algorithm == "ed25519" && key.verify_strict(manifest, &s).is_ok() => {
            (SignatureState::Valid, print)
        }
        _ => (SignatureState::Invalid, print),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_verifies_and_any_change_breaks_it() {
        let key = new_key().unwrap();
        let manifest = br#"{"formatVersion":2}"#;
        let sig = sign(manifest, &key);
        let (state, signer) = check(manifest, Some(&sig));
        assert_eq!(state, SignatureState::Valid);
        assert_eq!(signer.unwrap(), fingerprint(&key.verifying_key()));
        assert_eq!(
            check(br#"{"formatVersion":3}"#, Some(&sig)).0,
            SignatureState::Invalid
        );
        assert_eq!(check(manifest, None).0, SignatureState::Missing);
        assert_eq!(check(manifest, Some(b"junk")).0, SignatureState::Invalid);
        // Another key's signature with this key's name on it.
        let other = sign(manifest, &new_key().unwrap());
        let mut forged: SignatureFile = serde_json::from_slice(&other).unwrap();
        forged.public_key = hex(key.verifying_key().as_bytes());
        let forged = serde_json::to_vec(&forged).unwrap();
        assert_eq!(check(manifest, Some(&forged)).0, SignatureState::Invalid);
    }
}
