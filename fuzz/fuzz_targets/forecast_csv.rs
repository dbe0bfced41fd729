//! The forecast CSV reader accepts or rejects any bytes without panicking;
//! what it accepts is a contiguous grid whose gaps and rows add up, and a
//! history built from it fits without panicking.
#![no_main]

use std::time::Duration;

use libfuzzer_sys::fuzz_target;
use servops_core::chrono_tz::{Europe::London, UTC};
use servops_forecast::{
    Calendar, CsvSpec, FittedModel, History, Method, TimestampFormat, WeightedIndex, read_csv,
};

fuzz_target!(|data: &[u8]| {
    let Some((&mode, text)) = data.split_first() else {
        return;
    };
    let (format, tz) = match mode % 3 {
        0 => (TimestampFormat::Rfc3339, UTC),
        1 => (TimestampFormat::Local, UTC),
        _ if mode & 0x80 != 0 => (TimestampFormat::Either, London),
        _ => (TimestampFormat::Local, London),
    };
    let step = Duration::from_secs(60 * [5u64, 15, 30, 60][usize::from(mode / 3 % 4)]);
    let mut spec = CsvSpec::new("t", "n", step, tz, format);
    if mode & 0x40 != 0 {
        spec = spec.with_handle_time("h", "s");
    }
    let Ok(d) = read_csv(text, &spec) else {
        return;
    };
    let missing: usize = d.gaps.iter().map(|g| g.intervals).sum();
    assert_eq!(d.rows + missing, d.volume.len());
    assert!(
        d.volume
            .values()
            .iter()
            .flatten()
            .all(|v| v.is_finite() && *v >= 0.0)
    );
    if d.volume.len() > 20_000 {
        return;
    }
    if let Ok(h) = History::new(&d.volume, Calendar::new(tz)) {
        if let Ok(f) = WeightedIndex::new(2).and_then(|m| m.fit(&h)) {
            let _ = f.forecast_day(h.end_date().succ_opt().unwrap_or(h.end_date()), 1);
        }
    }
});
