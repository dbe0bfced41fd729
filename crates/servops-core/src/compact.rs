//! Compact display of floating-point values in messages.

use std::fmt;

/// An `f64` displayed as Rust's `Display` does (`0.25`, `-3`, `NaN`, `inf`),
/// except that a value of magnitude `1e16` or more, or below `1e-5` (zero
/// excepted), is written in scientific notation with the shortest digits
/// that read back to the same value (`1e300`, `2.5e-7`).
///
/// Plain `Display` writes every digit of the integer part, so `1e300`
/// would fill an error message with 301 characters. (Rust's `Debug` for
/// `f64` switches at the same `1e16` but already below `1e-4`: it writes
/// `0.00001` as `1e-5`.) Every servops error message shows its
/// floating-point values this way.
///
/// # Examples
///
/// ```
/// use servops_core::CompactFloat;
///
/// assert_eq!(CompactFloat(1e300).to_string(), "1e300");
/// assert_eq!(CompactFloat(-2.5e-7).to_string(), "-2.5e-7");
/// assert_eq!(CompactFloat(1234.5).to_string(), "1234.5");
/// assert_eq!(CompactFloat(-3.0).to_string(), "-3");
/// assert_eq!(CompactFloat(f64::NAN).to_string(), "NaN");
/// assert_eq!(CompactFloat(f64::NEG_INFINITY).to_string(), "-inf");
/// // What is written reads back to the same value.
/// let x = 1.234_567_890_123_456_7e-300;
/// assert_eq!(CompactFloat(x).to_string().parse::<f64>(), Ok(x));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CompactFloat(pub f64);

impl fmt::Display for CompactFloat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let x = self.0;
        let a = x.abs();
        if x.is_finite() && a != 0.0 && !(1e-5..1e16).contains(&a) {
            write!(f, "{x:e}")
        } else {
            write!(f, "{x}")
        }
    }
}

/// A value as an error message shows it: floating-point values through
/// [`CompactFloat`], everything else as its `Display` text.
///
/// The servops crates take `impl MessageValue` where they build an
/// "`name` must be `constraint`, got `value`" error, so that `1e300` reads
/// `1e300` in every message and an integer keeps all its digits.
///
/// # Examples
///
/// ```
/// use servops_core::MessageValue;
///
/// assert_eq!(1e300_f64.message_text(), "1e300");
/// assert_eq!(0.25_f64.message_text(), "0.25");
/// assert_eq!(u64::MAX.message_text(), "18446744073709551615");
/// assert_eq!("tomorrow".message_text(), "tomorrow");
/// ```
pub trait MessageValue {
    /// The text a message shows for the value.
    fn message_text(&self) -> String;
}

impl MessageValue for f64 {
    fn message_text(&self) -> String {
        CompactFloat(*self).to_string()
    }
}

impl MessageValue for f32 {
    fn message_text(&self) -> String {
        // Through f64 would print the binary expansion's extra digits
        // (0.1_f32 as 0.10000000149011612); the f32 shortest form is kept.
        let a = self.abs();
        if self.is_finite() && a != 0.0 && !(1e-5..1e16).contains(&a) {
            format!("{self:e}")
        } else {
            self.to_string()
        }
    }
}

impl MessageValue for CompactFloat {
    fn message_text(&self) -> String {
        self.to_string()
    }
}

macro_rules! display_message_value {
    ($($t:ty),*) => {
        $(impl MessageValue for $t {
            fn message_text(&self) -> String {
                self.to_string()
            }
        })*
    };
}

display_message_value!(
    u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize, bool, char, str, String
);

display_message_value!(
    chrono::NaiveDate,
    chrono::NaiveDateTime,
    chrono::NaiveTime,
    chrono::Weekday,
    chrono::DateTime<chrono::Utc>,
    chrono_tz::Tz
);

impl<T: MessageValue + ?Sized> MessageValue for &T {
    fn message_text(&self) -> String {
        (**self).message_text()
    }
}

#[cfg(test)]
mod tests {
    use super::{CompactFloat, MessageValue};

    #[test]
    fn message_values() {
        assert_eq!(1e-300_f32.message_text(), "0");
        assert_eq!(0.1_f32.message_text(), "0.1");
        assert_eq!(3e20_f32.message_text(), "3e20");
        assert_eq!(
            i128::MIN.message_text(),
            "-170141183460469231731687303715884105728"
        );
        assert_eq!((&&2.0e-9_f64).message_text(), "2e-9");
        assert_eq!(String::from("x").message_text(), "x");
    }

    #[test]
    fn switches_to_scientific_notation_at_the_debug_thresholds() {
        // Plain from 1e-5 up to but excluding 1e16 (Rust's float Debug
        // switches below 1e-4 instead).
        for (x, want) in [
            (1e16, "1e16"),
            (9_999_999_999_999_998.0, "9999999999999998"),
            (1e-5, "0.00001"),
            (9.999_999_999_999_999e-6, "9.999999999999999e-6"),
            (0.0, "0"),
            (-0.0, "-0"),
            (f64::MAX, "1.7976931348623157e308"),
            (f64::MIN_POSITIVE, "2.2250738585072014e-308"),
            (5e-324, "5e-324"),
        ] {
            assert_eq!(CompactFloat(x).to_string(), want, "{x:?}");
        }
    }

    #[test]
    fn round_trips() {
        let mut x = 1e-320_f64;
        while x < 1e300 {
            let s = CompactFloat(x).to_string();
            assert_eq!(s.parse::<f64>(), Ok(x), "{s}");
            assert!(s.len() <= 24, "{s}");
            x *= 3.7;
        }
    }
}
