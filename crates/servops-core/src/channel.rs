//! Contact channels and queue identifiers.

use std::borrow::Borrow;
use std::fmt;
use std::str::FromStr;

use crate::error::{Error, Result};

/// The channel through which contacts arrive.
///
/// Displayed and serialized as a lower-case token (`voice`, `chat`, `email`,
/// `messaging`, `back_office`); parsed case-insensitively, accepting a space
/// or a hyphen for the underscore and `backoffice`.
///
/// # Examples
///
/// ```
/// use servops_core::Channel;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let channel: Channel = "Back Office".parse()?;
/// assert_eq!(channel, Channel::BackOffice);
/// assert_eq!(channel.to_string(), "back_office");
/// assert!("fax".parse::<Channel>().is_err());
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Channel {
    /// Telephone calls, answered live.
    Voice,
    /// Web chat, answered live, often several at once.
    Chat,
    /// Email, answered later.
    Email,
    /// Asynchronous messaging (SMS, social and messaging apps).
    Messaging,
    /// Back-office work items with no customer waiting on the line.
    BackOffice,
}

impl Channel {
    /// Every channel, in declaration order.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_core::Channel;
    ///
    /// assert_eq!(Channel::ALL.len(), 5);
    /// assert_eq!(Channel::ALL[0], Channel::Voice);
    /// ```
    pub const ALL: &'static [Self] = &[
        Self::Voice,
        Self::Chat,
        Self::Email,
        Self::Messaging,
        Self::BackOffice,
    ];

    /// The channel's token, as displayed and serialized.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_core::Channel;
    ///
    /// assert_eq!(Channel::Messaging.as_str(), "messaging");
    /// assert_eq!(Channel::BackOffice.as_str(), "back_office");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Voice => "voice",
            Self::Chat => "chat",
            Self::Email => "email",
            Self::Messaging => "messaging",
            Self::BackOffice => "back_office",
        }
    }
}

impl fmt::Display for Channel {
    /// Writes the channel's token, for example `back_office`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Channel {
    type Err = Error;

    /// Parses a channel token, ignoring case and surrounding whitespace.
    fn from_str(s: &str) -> Result<Self> {
        let token = s.trim().to_ascii_lowercase().replace([' ', '-'], "_");
        match token.as_str() {
            "voice" => Ok(Self::Voice),
            "chat" => Ok(Self::Chat),
            "email" => Ok(Self::Email),
            "messaging" => Ok(Self::Messaging),
            "back_office" | "backoffice" => Ok(Self::BackOffice),
            _ => Err(Error::UnknownChannel {
                input: s.to_owned(),
            }),
        }
    }
}

/// The identifier of a queue (or skill, or split): non-empty text without
/// leading or trailing whitespace or control characters.
///
/// # Examples
///
/// ```
/// use servops_core::QueueId;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let queue = QueueId::new("billing-en")?;
/// assert_eq!(queue.as_str(), "billing-en");
/// assert_eq!(queue.to_string(), "billing-en");
/// assert!(QueueId::new("").is_err());
/// assert!(QueueId::new(" billing").is_err());
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "String", into = "String")
)]
pub struct QueueId(String);

impl QueueId {
    /// Validates and wraps a queue identifier.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] if `id` is empty, starts or ends with
    /// whitespace, or contains a control character.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_core::{Error, QueueId};
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// assert_eq!(QueueId::new("Sales UK")?.as_str(), "Sales UK");
    /// let err = QueueId::new("sales\n").unwrap_err();
    /// assert!(matches!(err, Error::InvalidParameter { name: "queue id", .. }));
    /// # Ok(())
    /// # }
    /// ```
    pub fn new(id: impl Into<String>) -> Result<Self> {
        let id = id.into();
        let valid = !id.is_empty() && id.trim() == id && !id.chars().any(char::is_control);
        if valid {
            Ok(Self(id))
        } else {
            Err(Error::InvalidParameter {
                name: "queue id",
                value: format!("{id:?}"),
                constraint: "non-empty text without surrounding whitespace or control characters",
            })
        }
    }

    /// The identifier as text.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_core::QueueId;
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let queue: QueueId = "support".parse()?;
    /// assert_eq!(queue.as_str(), "support");
    /// # Ok(())
    /// # }
    /// ```
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Consumes the identifier and returns its text.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_core::QueueId;
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let text: String = QueueId::new("support")?.into_string();
    /// assert_eq!(text, "support");
    /// # Ok(())
    /// # }
    /// ```
    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for QueueId {
    /// Writes the identifier as it is.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for QueueId {
    type Err = Error;

    /// Validates like [`QueueId::new`].
    fn from_str(s: &str) -> Result<Self> {
        Self::new(s)
    }
}

impl TryFrom<String> for QueueId {
    type Error = Error;

    /// Validates like [`QueueId::new`].
    fn try_from(id: String) -> Result<Self> {
        Self::new(id)
    }
}

impl TryFrom<&str> for QueueId {
    type Error = Error;

    /// Validates like [`QueueId::new`].
    fn try_from(id: &str) -> Result<Self> {
        Self::new(id)
    }
}

impl From<QueueId> for String {
    fn from(id: QueueId) -> Self {
        id.0
    }
}

impl AsRef<str> for QueueId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// Lets maps keyed by `QueueId` be looked up with a `&str`.
impl Borrow<str> for QueueId {
    fn borrow(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_channel_round_trips_through_its_token() {
        for &c in Channel::ALL {
            assert_eq!(c.to_string().parse::<Channel>().unwrap(), c);
            assert_eq!(c.as_str().to_uppercase().parse::<Channel>().unwrap(), c);
        }
    }

    #[test]
    fn channel_parsing_accepts_spelling_variants() {
        for s in ["back_office", "Back-Office", "BACKOFFICE", " back office "] {
            assert_eq!(s.parse::<Channel>().unwrap(), Channel::BackOffice, "{s}");
        }
        assert_eq!(" Chat".parse::<Channel>().unwrap(), Channel::Chat);
    }

    #[test]
    fn unknown_channel_keeps_the_input() {
        assert_eq!(
            "e-mail box".parse::<Channel>().unwrap_err(),
            Error::UnknownChannel {
                input: "e-mail box".into()
            }
        );
        assert!("".parse::<Channel>().is_err());
        assert!("voices".parse::<Channel>().is_err());
    }

    #[test]
    fn queue_id_validation() {
        for ok in ["a", "Sales UK", "billing-en_2", "ventes-françaises"] {
            assert_eq!(QueueId::new(ok).unwrap().as_str(), ok);
        }
        for bad in ["", " ", "a ", " a", "a\tb", "\u{7f}", "x\u{0}"] {
            assert!(QueueId::new(bad).is_err(), "{bad:?}");
        }
        assert_eq!(
            QueueId::new("").unwrap_err().to_string(),
            "queue id must be non-empty text without surrounding whitespace \
             or control characters, got \"\""
        );
    }

    #[test]
    fn queue_id_conversions_validate() {
        assert!(QueueId::try_from(String::from(" x")).is_err());
        assert!(QueueId::try_from("x").is_ok());
        let id: QueueId = "x".parse().unwrap();
        assert_eq!(String::from(id.clone()), "x");
        assert_eq!(id.as_ref(), "x");
        let mut staffed = std::collections::HashMap::new();
        staffed.insert(id, 12);
        assert_eq!(staffed.get("x"), Some(&12));
    }
}
