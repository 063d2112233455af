//! Password hashing (server only): Argon2id, one hash per core at a time in buffers kept
//! between hashes, so a storm of sign-ups queues (and is answered 503 past a short wait)
//! instead of taking the machine's memory.

use crate::error::{AppError, AppResult};
use argon2::{
    password_hash::{rand_core::OsRng, Output, ParamsString, PasswordHash, SaltString},
    Algorithm, Argon2, Block, Params, Version,
};
use std::sync::{Mutex, OnceLock};

/// Password hashes (and checks) computed at once: one per core. Argon2id takes 19 MiB and a
/// core for a moment each; a storm of sign-ups queues here instead of exhausting the machine.
fn hashing_slots() -> &'static tokio::sync::Semaphore {
    static SLOTS: OnceLock<tokio::sync::Semaphore> = OnceLock::new();
    SLOTS.get_or_init(|| {
        tokio::sync::Semaphore::new(
            std::thread::available_parallelism()
                .map(std::num::NonZeroUsize::get)
                .unwrap_or(2),
        )
    })
}

/// How long a request waits for a hashing slot before it is answered 503 (busy).
const HASHING_WAIT: std::time::Duration = std::time::Duration::from_secs(3);

/// Argon2's working memory (19 MiB each), kept between hashes and reused: allocating and
/// freeing it for every hash made the allocator keep hundreds of MiB under a storm of
/// sign-ups. At most one buffer per hashing slot exists.
fn spare_memory() -> &'static Mutex<Vec<Vec<Block>>> {
    static SPARE: OnceLock<Mutex<Vec<Vec<Block>>>> = OnceLock::new();
    SPARE.get_or_init(|| Mutex::new(Vec::new()))
}

/// Runs `work` (a password hash or check) with working memory of `blocks` blocks on a
/// blocking thread once a hashing slot is free; `Unavailable` when none frees up in time.
async fn with_hashing_slot<T: Send + 'static>(
    blocks: usize,
    work: impl FnOnce(&mut [Block]) -> T + Send + 'static,
) -> AppResult<T> {
    let Ok(Ok(_slot)) = tokio::time::timeout(HASHING_WAIT, hashing_slots().acquire()).await else {
        tracing::warn!("password hashing is saturated: answering 503");
        return Err(AppError::Unavailable);
    };
    tokio::task::spawn_blocking(move || {
        let mut memory = spare_memory()
            .lock()
            .ok()
            .and_then(|mut spare| spare.pop())
            .unwrap_or_default();
        memory.resize(blocks, Block::default());
        let result = work(&mut memory);
        if let Ok(mut spare) = spare_memory().lock() {
            spare.push(memory);
        }
        result
    })
    .await
    .map_err(|error| {
        tracing::error!(%error, "password hashing task failed");
        AppError::Internal
    })
}

/// Argon2id with the crate's default cost, as a PHC string (`$argon2id$v=19$m=…`).
fn hash_with(
    password: &[u8],
    memory: &mut [Block],
) -> Result<String, argon2::password_hash::Error> {
    let params = Params::default();
    let salt = SaltString::generate(&mut OsRng);
    let mut salt_buf = [0u8; 64];
    let salt_bytes = salt.decode_b64(&mut salt_buf)?;
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
    let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
    argon.hash_password_into_with_memory(password, salt_bytes, &mut out, memory)?;
    Ok(PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params)?,
        salt: Some(salt.as_salt()),
        hash: Some(Output::new(&out)?),
    }
    .to_string())
}

/// Whether `password` matches the PHC string `stored`, computed in `memory`.
fn verify_with(password: &[u8], stored: &str, memory: &mut [Block]) -> bool {
    let mut check = || -> Result<bool, argon2::password_hash::Error> {
        let parsed = PasswordHash::new(stored)?;
        let algorithm = Algorithm::try_from(parsed.algorithm)?;
        let version = parsed
            .version
            .map(Version::try_from)
            .transpose()?
            .unwrap_or_default();
        let params = Params::try_from(&parsed)?;
        let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
            return Ok(false);
        };
        let mut salt_buf = [0u8; 64];
        let salt_bytes = salt.decode_b64(&mut salt_buf)?;
        let mut out = vec![0u8; expected.len()];
        let blocks = params.block_count().min(memory.len());
        let argon = Argon2::new(algorithm, version, params);
        argon.hash_password_into_with_memory(
            password,
            salt_bytes,
            &mut out,
            &mut memory[..blocks],
        )?;
        Ok(Output::new(&out)? == expected)
    };
    check().unwrap_or(false)
}

/// The working memory a stored hash needs (its `m` cost); the default for strings that do
/// not parse (they verify as false anyway).
fn blocks_for(stored: &str) -> usize {
    PasswordHash::new(stored)
        .ok()
        .and_then(|parsed| Params::try_from(&parsed).ok())
        .map_or(Params::default().block_count(), |params| {
            params.block_count()
        })
}

pub async fn hash_password(password: String) -> AppResult<String> {
    with_hashing_slot(Params::default().block_count(), move |memory| {
        hash_with(password.as_bytes(), memory)
    })
    .await?
    .map_err(|error| {
        tracing::error!(%error, "password hashing failed");
        AppError::Internal
    })
}

/// A hash to verify against when the email is unknown, so both cases take the same time.
pub(super) fn decoy_hash() -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY.get_or_init(|| {
        let mut memory = vec![Block::default(); Params::default().block_count()];
        hash_with(b"decoy password never used", &mut memory).unwrap_or_default()
    })
}

pub(super) async fn verify_password(password: String, hash: String) -> AppResult<bool> {
    with_hashing_slot(blocks_for(&hash), move |memory| {
        verify_with(password.as_bytes(), &hash, memory)
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_made_here_and_by_the_argon2_crate_verify_each_other() {
        use argon2::password_hash::{PasswordHasher, PasswordVerifier};
        let mut memory = vec![Block::default(); Params::default().block_count()];
        let ours = hash_with(b"correct horse battery", &mut memory).unwrap();
        assert!(
            ours.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{ours}"
        );
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(Argon2::default()
            .verify_password(b"correct horse battery", &parsed)
            .is_ok());
        assert!(verify_with(b"correct horse battery", &ours, &mut memory));
        assert!(!verify_with(b"wrong horse battery", &ours, &mut memory));
        let salt = SaltString::generate(&mut OsRng);
        let theirs = Argon2::default()
            .hash_password(b"another one", &salt)
            .unwrap()
            .to_string();
        assert!(verify_with(b"another one", &theirs, &mut memory));
        assert!(!verify_with(b"another", &theirs, &mut memory));
        assert!(!verify_with(b"x", "!", &mut memory), "no password");
    }

    #[test]
    fn a_full_hashing_queue_answers_busy_instead_of_failing() {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let slots = hashing_slots();
            let all = slots
                .acquire_many(u32::try_from(slots.available_permits()).unwrap())
                .await
                .unwrap();
            assert_eq!(
                hash_password("a long password".to_owned()).await,
                Err(AppError::Unavailable)
            );
            drop(all);
            assert!(hash_password("a long password".to_owned()).await.is_ok());
        });
    }
}
