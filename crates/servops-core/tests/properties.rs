//! Properties of grids and series that must hold for any valid input.
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

use std::time::Duration;

use chrono::{DateTime, Datelike, NaiveDate, TimeDelta, Utc};
use chrono_tz::Tz;
use proptest::prelude::*;
use servops_core::{
    Disambiguation, Error, IntervalGrid, IntervalSeries, local_to_utc, start_of_local_day,
};

/// Steps a contact centre uses, plus a few unusual valid ones.
const STEPS: [u64; 9] = [1, 5, 6, 10, 15, 30, 45, 60, 120];

/// Zones with every kind of clock change: none, 1 hour, 30 minutes, at
/// midnight, back across midnight (St_Johns until 2011), a skipped date, and
/// offsets on the quarter and half hour.
const ZONES: [Tz; 13] = [
    chrono_tz::UTC,
    chrono_tz::Europe::London,
    chrono_tz::America::New_York,
    chrono_tz::Australia::Lord_Howe,
    chrono_tz::America::Sao_Paulo,
    chrono_tz::America::Santiago,
    chrono_tz::America::Havana,
    chrono_tz::America::St_Johns,
    chrono_tz::Pacific::Apia,
    chrono_tz::Asia::Tokyo,
    chrono_tz::Asia::Kolkata,
    chrono_tz::Asia::Kathmandu,
    chrono_tz::Australia::Adelaide,
];

fn grid_strategy() -> impl Strategy<Value = IntervalGrid> {
    // Whole minutes between 1990 and 2050, any valid step, up to 3000 intervals.
    (
        0i64..31_557_600,
        prop::sample::select(STEPS.to_vec()),
        0usize..3000,
    )
        .prop_map(|(minute, step, len)| {
            let start = DateTime::<Utc>::from_timestamp(631_152_000 + minute * 60, 0).unwrap();
            IntervalGrid::new(start, Duration::from_secs(step * 60), len).unwrap()
        })
}

proptest! {
    #[test]
    fn index_of_inverts_interval_start(grid in grid_strategy(), pick in any::<prop::sample::Index>(), offset in 0u64..7200) {
        prop_assume!(!grid.is_empty());
        let i = pick.index(grid.len());
        let start = grid.interval_start(i).unwrap();
        prop_assert_eq!(grid.index_of(start), Some(i));
        // Any instant inside the interval maps to it too.
        let inside = start + TimeDelta::seconds((offset % (u64::from(grid.step_minutes()) * 60)) as i64);
        prop_assert_eq!(grid.index_of(inside), Some(i));
        prop_assert!(grid.contains(inside));
    }

    #[test]
    fn instants_outside_the_grid_have_no_index(grid in grid_strategy(), seconds in 1i64..1_000_000) {
        prop_assert_eq!(grid.index_of(grid.start() - TimeDelta::seconds(seconds)), None);
        prop_assert_eq!(grid.index_of(grid.end() + TimeDelta::seconds(seconds - 1)), None);
        prop_assert_eq!(grid.interval_start(grid.len()), None);
    }

    #[test]
    fn starts_are_evenly_spaced_and_end_at_end(grid in grid_strategy()) {
        let starts: Vec<_> = grid.starts().collect();
        prop_assert_eq!(starts.len(), grid.len());
        let step = TimeDelta::minutes(i64::from(grid.step_minutes()));
        let mut expected = grid.start();
        for s in &starts {
            prop_assert_eq!(*s, expected);
            expected += step;
        }
        prop_assert_eq!(expected, grid.end());
    }

    #[test]
    fn local_days_partition_into_whole_local_days(
        zone in prop::sample::select(ZONES.to_vec()),
        // 1990-01-01 plus up to about 50 years.
        offset_days in 0u64..18_000,
        days in 0usize..40,
        step in prop::sample::select(vec![5u64, 10, 15, 30, 60]),
    ) {
        let first = NaiveDate::from_ymd_opt(1990, 1, 1).unwrap() + chrono::Days::new(offset_days);
        match IntervalGrid::local_days(first, days, Duration::from_secs(step * 60), zone) {
            Ok(grid) => {
                prop_assert_eq!(grid.start(), start_of_local_day(first, zone).unwrap());
                let last = first + chrono::Days::new(days as u64);
                prop_assert_eq!(grid.end(), start_of_local_day(last, zone).unwrap());
                let span = (grid.end() - grid.start()).num_minutes();
                prop_assert_eq!(grid.len() as i64 * step as i64, span);
                // Each day of non-zero length is one group with the right count.
                let ranges = grid.local_day_ranges(zone);
                let total: usize = ranges.iter().map(|(_, r)| r.len()).sum();
                prop_assert_eq!(total, grid.len());
                let mut expected = Vec::new();
                for k in 0..days as u64 {
                    let d = first + chrono::Days::new(k);
                    let minutes = (start_of_local_day(d + chrono::Days::new(1), zone).unwrap()
                        - start_of_local_day(d, zone).unwrap()).num_minutes();
                    if minutes > 0 {
                        expected.push((d, (minutes / step as i64) as usize));
                    }
                }
                let got: Vec<_> = ranges.into_iter().map(|(d, r)| (d, r.len())).collect();
                prop_assert_eq!(got, expected);
            }
            Err(Error::UnevenLocalDay { tz, length, step: s, .. }) => {
                // Only a step that does not divide a day's length may fail.
                prop_assert_eq!(tz, zone);
                prop_assert_eq!(s, Duration::from_secs(step * 60));
                prop_assert!(length.as_secs() % (step * 60) != 0);
            }
            Err(other) => prop_assert!(false, "unexpected error {}", other),
        }
    }

    #[test]
    fn local_day_ranges_split_any_grid_at_the_starts_of_local_days(
        grid in grid_strategy(),
        zone in prop::sample::select(ZONES.to_vec()),
    ) {
        let ranges = grid.local_day_ranges(zone);
        let mut next = 0;
        for (k, (date, range)) in ranges.iter().enumerate() {
            // In order, covering every index once, one entry per date.
            prop_assert_eq!(range.start, next);
            prop_assert!(range.end > range.start);
            next = range.end;
            if k > 0 {
                prop_assert!(ranges[k - 1].0 < *date);
            }
            let day_start = start_of_local_day(*date, zone).unwrap();
            let next_day = start_of_local_day(date.succ_opt().unwrap(), zone).unwrap();
            for i in range.clone() {
                let t = grid.interval_start(i).unwrap();
                prop_assert!(day_start <= t && t < next_day, "{} {} {}", zone, date, t);
            }
        }
        prop_assert_eq!(next, grid.len());
    }

    #[test]
    fn local_to_utc_policies_agree_with_the_clock(
        zone in prop::sample::select(ZONES.to_vec()),
        year in 1990i32..2050,
        pick in any::<prop::sample::Index>(),
        quarter in -24i64..120,
    ) {
        // A quarter hour from 6 hours before to 30 hours after the start
        // of a day of the year that is not 24 hours long (of 1 January if
        // none is), so that gaps and folds come up often.
        let first = NaiveDate::from_ymd_opt(year, 1, 1).unwrap();
        let changes: Vec<NaiveDate> = first
            .iter_days()
            .take_while(|d| d.year() == year)
            .filter(|&d| {
                let start = start_of_local_day(d, zone).unwrap();
                let next = start_of_local_day(d.succ_opt().unwrap(), zone).unwrap();
                (next - start).num_hours() != 24
            })
            .collect();
        let day = if changes.is_empty() { first } else { changes[pick.index(changes.len())] };
        let local = day.and_hms_opt(0, 0, 0).unwrap() + TimeDelta::minutes(quarter * 15);
        let reads = |t: DateTime<Utc>| t.with_timezone(&zone).naive_local();
        let earlier = local_to_utc(local, zone, Disambiguation::Earlier).unwrap();
        let later = local_to_utc(local, zone, Disambiguation::Later).unwrap();
        let compatible = local_to_utc(local, zone, Disambiguation::Compatible).unwrap();
        match local_to_utc(local, zone, Disambiguation::Reject) {
            Ok(t) => {
                prop_assert_eq!(reads(t), local);
                prop_assert_eq!((earlier, later, compatible), (t, t, t));
            }
            Err(Error::AmbiguousLocalTime { earlier: e, later: l, .. }) => {
                prop_assert!(e < l);
                prop_assert_eq!((reads(e), reads(l)), (local, local));
                prop_assert_eq!((earlier, later, compatible), (e, l, e));
            }
            Err(Error::NonexistentLocalTime { .. }) => {
                // A gap of length g: `local` read with the offset after the
                // jump (earlier, before the jump, where the clock shows
                // local - g) and with the offset before it (later, after
                // the jump, showing local + g); compatible takes the later.
                prop_assert!(earlier < later);
                let gap = later - earlier;
                prop_assert_eq!(reads(earlier), local - gap);
                prop_assert_eq!(reads(later), local + gap);
                prop_assert_eq!(compatible, later);
            }
            Err(other) => prop_assert!(false, "unexpected error {}", other),
        }
    }

    #[test]
    fn zip_refuses_any_differing_grid(a in grid_strategy(), b in grid_strategy(), same in any::<bool>()) {
        let b = if same { a } else { b };
        let left = IntervalSeries::filled(a, 1u8);
        let right = IntervalSeries::filled(b, 2u8);
        let zipped = left.zip(&right);
        prop_assert_eq!(zipped.is_ok(), a == b);
        match zipped {
            Ok(z) => {
                prop_assert_eq!(z.grid(), &a);
                prop_assert!(z.values().iter().all(|&p| p == (1, 2)));
            }
            Err(e) => prop_assert!(matches!(e, Error::Misaligned { .. }), "{}", e),
        }
    }

    #[test]
    fn zip_refuses_a_one_field_change(
        grid in grid_strategy(),
        which in 0u8..3,
        delta in 1usize..100,
    ) {
        let other = match which {
            0 => IntervalGrid::new(
                grid.start() + TimeDelta::minutes(delta as i64),
                grid.step(),
                grid.len(),
            ),
            1 => {
                let step = STEPS.iter().copied().find(|&s| s != u64::from(grid.step_minutes())).unwrap();
                IntervalGrid::new(grid.start(), Duration::from_secs(step * 60), grid.len())
            }
            _ => IntervalGrid::new(grid.start(), grid.step(), grid.len() + delta),
        }.unwrap();
        let left = IntervalSeries::filled(grid, ());
        let right = IntervalSeries::filled(other, ());
        let forward = matches!(left.zip(&right), Err(Error::Misaligned { .. }));
        let backward = matches!(right.zip(&left), Err(Error::Misaligned { .. }));
        prop_assert!(forward);
        prop_assert!(backward);
    }

    #[test]
    fn slices_keep_instants_and_values(grid in grid_strategy(), a in 0usize..3000, b in 0usize..3000) {
        let series = IntervalSeries::from_fn(grid, |i, _| i);
        let (lo, hi) = (a.min(b), a.max(b));
        match series.slice(lo..hi) {
            Ok(part) => {
                prop_assert!(hi <= grid.len());
                prop_assert_eq!(part.len(), hi - lo);
                prop_assert!(part.grid().is_aligned_with(&grid));
                for (k, (t, &v)) in part.iter().enumerate() {
                    prop_assert_eq!(Some(t), grid.interval_start(lo + k));
                    prop_assert_eq!(v, lo + k);
                }
            }
            Err(e) => {
                prop_assert!(hi > grid.len());
                prop_assert_eq!(e, Error::RangeOutOfBounds { start: lo, end: hi, len: grid.len() });
            }
        }
    }

    #[test]
    fn aggregation_preserves_totals(grid in grid_strategy(), factor in 1u64..8, values in prop::collection::vec(0u64..1000, 0..3000)) {
        let series = IntervalSeries::from_fn(grid, |i, _| values.get(i).copied().unwrap_or(7));
        let coarse = Duration::from_secs(u64::from(grid.step_minutes()) * 60 * factor);
        match series.aggregate_sum(coarse) {
            Ok(sum) => {
                prop_assert_eq!(sum.values().iter().sum::<u64>(), series.values().iter().sum::<u64>());
                prop_assert_eq!(sum.grid().start(), grid.start());
                prop_assert_eq!(sum.grid().end(), grid.end());
                prop_assert_eq!(sum.len() as u64 * factor, grid.len() as u64);
            }
            Err(Error::InvalidParameter { .. }) => {
                prop_assert!(1440 % (u64::from(grid.step_minutes()) * factor) != 0);
            }
            Err(Error::IncompleteCoarseInterval { len, group }) => {
                prop_assert_eq!(group as u64, factor);
                prop_assert!(len % group != 0);
            }
            Err(other) => prop_assert!(false, "unexpected error {}", other),
        }
    }

    #[test]
    fn alignment_is_symmetric_and_means_shared_boundaries(a in grid_strategy(), b in grid_strategy()) {
        prop_assert_eq!(a.is_aligned_with(&b), b.is_aligned_with(&a));
        if a.is_aligned_with(&b) && !a.is_empty() {
            // b's start lies on a's lattice of boundaries, extended both ways.
            let diff = (b.start() - a.start()).num_minutes();
            prop_assert_eq!(diff % i64::from(a.step_minutes()), 0);
        }
    }
}

/// The significant digits of a decimal number as written (`-1.50e3` gives
/// `15`, `0.00025` gives `25`), and the power of ten of its last digit.
fn significant_digits(text: &str) -> (String, i32) {
    let text = text.trim_start_matches('-');
    let (mantissa, exponent) = match text.split_once('e') {
        Some((m, e)) => (m, e.parse::<i32>().unwrap()),
        None => (text, 0),
    };
    let decimals = mantissa.split_once('.').map_or(0, |(_, f)| f.len()) as i32;
    let all: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let trimmed_end = all.trim_end_matches('0');
    let trailing = (all.len() - trimmed_end.len()) as i32;
    let digits = trimmed_end.trim_start_matches('0').to_string();
    (digits, exponent - decimals + trailing)
}

/// Whether a decimal with one significant digit fewer than `digits` (the
/// nearest one below or above, `digits` times ten to `exp`) reads back as
/// `x`. Both candidates are tried, so this does not rely on the nearest
/// shorter decimal being the one in range.
fn shorter_reads_back<F: std::str::FromStr + PartialEq>(digits: &str, exp: i32, x: F) -> bool {
    if digits.len() <= 1 {
        return false;
    }
    let head: u64 = digits[..digits.len() - 1].parse().unwrap();
    [head, head + 1].iter().any(|h| {
        format!("{h}e{}", exp + 1)
            .parse::<F>()
            .is_ok_and(|y| y == x)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(20_000))]

    #[test]
    fn compact_float_reads_back_exactly_in_the_fewest_digits(bits in any::<u64>()) {
        let x = f64::from_bits(bits);
        let text = servops_core::CompactFloat(x).to_string();
        prop_assert_eq!(&text, &servops_core::MessageValue::message_text(&x));
        if x.is_nan() {
            prop_assert_eq!(text, "NaN");
            return Ok(());
        }
        // Bit for bit, so -0 keeps its sign and infinities their direction.
        let back: f64 = text.parse().unwrap();
        prop_assert_eq!(back.to_bits(), bits, "{}", text);
        let a = x.abs();
        let scientific = x.is_finite() && a != 0.0 && !(1e-5..1e16).contains(&a);
        prop_assert_eq!(text.contains('e'), scientific, "{}", text);
        prop_assert!(text.len() <= 24, "{}", text);
        if x.is_finite() && x != 0.0 {
            let (digits, exp) = significant_digits(&text);
            prop_assert!(digits.len() <= 17, "{}", text);
            prop_assert!(!shorter_reads_back(&digits, exp, a), "{} is not the shortest", text);
        }
    }

    #[test]
    fn f32_message_text_reads_back_exactly_in_the_fewest_digits(bits in any::<u32>()) {
        let x = f32::from_bits(bits);
        let text = servops_core::MessageValue::message_text(&x);
        if x.is_nan() {
            prop_assert_eq!(text, "NaN");
            return Ok(());
        }
        let back: f32 = text.parse().unwrap();
        prop_assert_eq!(back.to_bits(), bits, "{}", text);
        let a = x.abs();
        let scientific = x.is_finite() && a != 0.0 && !(1e-5..1e16).contains(&a);
        prop_assert_eq!(text.contains('e'), scientific, "{}", text);
        if x.is_finite() && x != 0.0 {
            let (digits, exp) = significant_digits(&text);
            prop_assert!(digits.len() <= 9, "{}", text);
            prop_assert!(!shorter_reads_back(&digits, exp, a), "{} is not the shortest", text);
        }
    }
}
