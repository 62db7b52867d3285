//! Random identifiers. They name records and nothing else: no count, no order, no identity.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::crypto::{CryptoError, random_bytes};

macro_rules! random_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub struct $name([u8; 16]);

        impl $name {
            pub(crate) fn random() -> Result<Self, CryptoError> {
                let mut bytes = [0u8; 16];
                random_bytes(&mut bytes)?;
                Ok(Self(bytes))
            }

            /// The id stored as these bytes (store keys, tests).
            pub const fn from_bytes(bytes: [u8; 16]) -> Self {
                Self(bytes)
            }

            /// The bytes records are keyed by.
            pub const fn as_bytes(&self) -> &[u8; 16] {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&hex::encode(self.0))
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self)
            }
        }

        impl FromStr for $name {
            type Err = ParseIdError;

            fn from_str(text: &str) -> Result<Self, Self::Err> {
                let mut bytes = [0u8; 16];
                hex::decode_to_slice(text.trim(), &mut bytes).map_err(|_| ParseIdError)?;
                Ok(Self(bytes))
            }
        }
    };
}

random_id!(
    /// A visitor, independent of any platform account.
    VisitorId
);
random_id!(
    /// One conversation of a visitor with HopeNow; its transcript has its own data key.
    ConversationId
);

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("an id is 32 hexadecimal characters")]
pub struct ParseIdError;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_print_and_parse_as_hex() {
        let id = VisitorId::random().unwrap();
        let text = id.to_string();
        assert_eq!(text.len(), 32);
        assert_eq!(text.parse::<VisitorId>().unwrap(), id);
        assert_eq!("xyz".parse::<ConversationId>().unwrap_err(), ParseIdError);
        assert_ne!(VisitorId::random().unwrap(), id);
    }
}
