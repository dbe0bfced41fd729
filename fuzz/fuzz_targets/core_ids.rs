//! servops-core identifiers: `QueueId` accepts exactly the documented text
//! and round-trips through every conversion; `Channel` parsing never
//! panics and round-trips through its canonical name.
#![no_main]

use std::str::FromStr;

use libfuzzer_sys::fuzz_target;
use servops_core::{Channel, QueueId};

fuzz_target!(|text: &str| {
    let valid = !text.is_empty() && text.trim() == text && !text.chars().any(char::is_control);
    let id = QueueId::new(text);
    assert_eq!(id.is_ok(), valid, "QueueId::new({text:?}) = {id:?}");
    assert_eq!(QueueId::from_str(text), id);
    assert_eq!(QueueId::try_from(text), id);
    assert_eq!(QueueId::try_from(text.to_owned()), id);
    if let Ok(id) = id {
        assert_eq!(id.as_str(), text);
        assert_eq!(id.to_string(), text);
        let s: &str = id.as_ref();
        assert_eq!(s, text);
        assert_eq!(String::from(id.clone()), text);
        assert_eq!(id.into_string(), text);
    }

    if let Ok(channel) = Channel::from_str(text) {
        assert_eq!(Channel::from_str(channel.as_str()), Ok(channel));
        assert_eq!(channel.to_string(), channel.as_str());
        assert!(Channel::ALL.contains(&channel));
    }
    for &channel in Channel::ALL {
        assert_eq!(
            Channel::from_str(&channel.as_str().to_uppercase()),
            Ok(channel)
        );
    }
});
