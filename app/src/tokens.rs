//! Secret tokens (server only): 256 random bits for links and sessions, and the hash the
//! database keeps instead of the token, so a copy of the database opens nothing.

use blake2::{Blake2b, Digest};

/// Random bytes as lower-case hex: `bytes` × 8 bits of entropy.
pub fn random_token(bytes: usize) -> Result<String, getrandom::Error> {
    let mut buf = vec![0u8; bytes];
    getrandom::getrandom(&mut buf)?;
    Ok(hex(&buf))
}

/// The stored form of a token: BLAKE2b-256, lower-case hex.
pub fn hash(token: &str) -> String {
    let mut hasher = Blake2b::<blake2::digest::consts::U32>::new();
    hasher.update(token.as_bytes());
    hex(&hasher.finalize())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_carry_256_bits_and_differ_each_time() {
        let a = random_token(32).unwrap();
        let b = random_token(32).unwrap();
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
    }

    #[test]
    fn the_stored_hash_is_not_the_token_and_is_stable() {
        let token = random_token(32).unwrap();
        assert_ne!(hash(&token), token);
        assert_eq!(hash(&token), hash(&token));
        assert_eq!(hash(&token).len(), 64);
    }
}
