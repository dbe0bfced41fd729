//! servops-core grids and series: `IntervalGrid::new` and `local_days`
//! accept exactly the documented inputs; indices, instants, slices and
//! coarser grids agree with each other; local-day ranges partition a
//! `local_days` grid; `IntervalSeries` checks lengths and alignment, and
//! aggregation preserves totals. Also `start_of_local_day` and
//! `local_to_utc`.
#![no_main]

use std::time::Duration;

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use servops_core::chrono::{DateTime, NaiveDate, NaiveDateTime, TimeDelta, Utc};
use servops_core::chrono_tz::{TZ_VARIANTS, Tz};
use servops_core::{
    Disambiguation, IntervalGrid, IntervalSeries, local_to_utc, start_of_local_day,
};
use servops_fuzz::Dur;

/// Grids whose intervals are iterated are kept to this length.
const ITERATE_MAX: usize = 5_000;

#[derive(Debug)]
struct Input {
    start: Option<DateTime<Utc>>,
    step: Duration,
    len: usize,
    coarse_step: Duration,
    ranges: [(usize, usize); 2],
    instants: [i64; 2],
    tz: Tz,
    first_day: Option<NaiveDate>,
    days: usize,
    naive: Option<NaiveDateTime>,
    disambiguation: Disambiguation,
    value_shift: i8,
}

fn step(u: &mut Unstructured<'_>) -> arbitrary::Result<Duration> {
    Ok(match u.int_in_range(0u8..=3)? {
        0 => u.arbitrary::<Dur>()?.0,
        1 => Duration::from_secs(60 * u64::from(u.arbitrary::<u16>()?)),
        _ => Duration::from_secs(
            60 * [1u64, 5, 10, 15, 20, 30, 45, 60, 90, 120, 240, 480, 1440][u.choose_index(13)?],
        ),
    })
}

/// Seconds around 1900-2100, or anything.
fn seconds(u: &mut Unstructured<'_>) -> arbitrary::Result<i64> {
    Ok(match u.int_in_range(0u8..=3)? {
        0 => u.arbitrary()?,
        1 => u.int_in_range(-2_208_988_800i64..=4_102_444_800)?,
        _ => 60 * u.int_in_range(-36_816_480i64..=68_374_080)?,
    })
}

impl<'a> Arbitrary<'a> for Input {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        let start = DateTime::from_timestamp(seconds(u)?, 0);
        let step = step(u)?;
        let len = if u.ratio(1u8, 8)? {
            u.arbitrary()?
        } else {
            u.int_in_range(0usize..=400)?
        };
        let coarse_step = step_or_multiple(u, step)?;
        let ranges = [
            (
                u.int_in_range(0..=len.min(1000) + 2)?,
                u.int_in_range(0..=len.min(1000) + 2)?,
            ),
            u.arbitrary()?,
        ];
        let instants = [seconds(u)?, seconds(u)?];
        let tz = TZ_VARIANTS[u.choose_index(TZ_VARIANTS.len())?];
        let first_day = if u.ratio(1u8, 8)? {
            NaiveDate::from_num_days_from_ce_opt(u.arbitrary()?)
        } else {
            NaiveDate::from_num_days_from_ce_opt(u.int_in_range(693_596..=766_645)?) // 1900..2100
        };
        let days = u.int_in_range(0usize..=10)?;
        let naive = DateTime::from_timestamp(seconds(u)?, 0).map(|d| d.naive_utc());
        let disambiguation = [
            Disambiguation::Compatible,
            Disambiguation::Earlier,
            Disambiguation::Later,
            Disambiguation::Reject,
        ][u.choose_index(4)?];
        Ok(Self {
            start,
            step,
            len,
            coarse_step,
            ranges,
            instants,
            tz,
            first_day,
            days,
            naive,
            disambiguation,
            value_shift: u.arbitrary()?,
        })
    }
}

fn step_or_multiple(u: &mut Unstructured<'_>, fine: Duration) -> arbitrary::Result<Duration> {
    if u.arbitrary()? {
        Ok(fine.saturating_mul(u.int_in_range(1u32..=8)?))
    } else {
        step(u)
    }
}

fn valid_step(step: Duration) -> Option<u64> {
    let secs = step.as_secs();
    (step.subsec_nanos() == 0
        && secs.is_multiple_of(60)
        && secs > 0
        && 1440u64.is_multiple_of(secs / 60))
    .then_some(secs / 60)
}

fn add_steps(start: DateTime<Utc>, step_minutes: u64, n: usize) -> Option<DateTime<Utc>> {
    let minutes = i64::try_from(n)
        .ok()?
        .checked_mul(i64::try_from(step_minutes).ok()?)?;
    start.checked_add_signed(TimeDelta::try_minutes(minutes)?)
}

fn check_grid(grid: &IntervalGrid, input: &Input) {
    let len = grid.len();
    let minutes = u64::from(grid.step_minutes());
    assert_eq!(grid.step(), Duration::from_secs(60 * minutes));
    assert_eq!(grid.is_empty(), len == 0);
    assert_eq!(add_steps(grid.start(), minutes, len), Some(grid.end()));
    assert!(grid.ensure_matches(grid).is_ok());
    assert!(grid.is_aligned_with(grid));
    assert_eq!(grid.interval_start(len), None);
    assert_eq!(grid.index_of(grid.end()), None);
    if len > 0 {
        assert_eq!(grid.interval_start(0), Some(grid.start()));
        assert_eq!(grid.index_of(grid.start()), Some(0));
        let last = grid.interval_start(len - 1).unwrap();
        assert_eq!(grid.index_of(last), Some(len - 1));
        assert_eq!(
            grid.index_of(grid.end() - TimeDelta::seconds(1)),
            Some(len - 1)
        );
    }
    for s in input.instants {
        if let Some(instant) = DateTime::from_timestamp(s, 0) {
            let index = grid.index_of(instant);
            assert_eq!(index.is_some(), grid.contains(instant));
            if let Some(i) = index {
                let start = grid.interval_start(i).unwrap();
                assert!(start <= instant && instant < start + TimeDelta::minutes(minutes as i64));
            }
        }
    }
    // Slices.
    for (a, b) in input.ranges {
        let sliced = grid.slice(a..b);
        assert_eq!(
            sliced.is_ok(),
            a <= b && b <= len,
            "slice({a}..{b}) of {len}: {sliced:?}"
        );
        if let Ok(s) = sliced {
            assert_eq!(s.len(), b - a);
            assert_eq!(s.step(), grid.step());
            assert_eq!(Some(s.start()), add_steps(grid.start(), minutes, a));
            assert_eq!(Some(s.end()), add_steps(grid.start(), minutes, b));
            assert!(grid.is_aligned_with(&s) && s.is_aligned_with(grid));
            assert_eq!(grid.ensure_matches(&s).is_ok(), a == 0 && b == len);
        }
    }
    // Coarser grids.
    let coarse = grid.coarsen(input.coarse_step);
    match valid_step(input.coarse_step) {
        Some(c) if c.is_multiple_of(minutes) && len.is_multiple_of((c / minutes) as usize) => {
            let coarse = coarse.unwrap();
            assert_eq!(coarse.len() * (c / minutes) as usize, len);
            assert_eq!((coarse.start(), coarse.end()), (grid.start(), grid.end()));
        }
        _ => assert!(
            coarse.is_err(),
            "coarsen({:?}) of {grid:?} = {coarse:?}",
            input.coarse_step
        ),
    }
    if len <= ITERATE_MAX {
        assert_eq!(grid.starts().count(), len);
        assert_eq!(
            grid.starts().next_back(),
            len.checked_sub(1).and_then(|i| grid.interval_start(i))
        );
        check_series(grid, input);
        let days = grid.local_day_ranges(input.tz);
        let mut next = 0;
        for (date, range) in &days {
            assert_eq!(range.start, next, "local day ranges leave a gap");
            assert!(!range.is_empty());
            next = range.end;
            // Each range holds the intervals that start in its day, from
            // `start_of_local_day` to that of the next date. (This is the
            // clock's date except where the clocks go back across midnight,
            // as in Newfoundland until 2011.)
            let day_start = start_of_local_day(*date, input.tz).ok();
            let next_start = date
                .succ_opt()
                .and_then(|d| start_of_local_day(d, input.tz).ok());
            for i in [range.start, range.end - 1] {
                let t = grid.interval_start(i).expect("inside the grid");
                assert!(
                    day_start.is_none_or(|s| t >= s),
                    "{date}: {t} before the day"
                );
                assert!(
                    next_start.is_none_or(|s| t < s),
                    "{date}: {t} after the day"
                );
            }
        }
        assert_eq!(next, len);
        for i in [0, len / 2, len.saturating_sub(1)] {
            if let Some(m) = grid.local_minute_of_day(i, input.tz) {
                assert!(m < 1440);
                assert!(grid.local_weekday(i, input.tz).is_some());
            }
        }
    }
}

fn check_series(grid: &IntervalGrid, input: &Input) {
    let len = grid.len();
    let values: Vec<u64> = (0..len as u64).collect();
    let shifted = (len as i64 + i64::from(input.value_shift)).max(0) as usize;
    let other = IntervalSeries::new(*grid, vec![1u64; shifted]);
    assert_eq!(other.is_ok(), shifted == len);
    let series = IntervalSeries::new(*grid, values.clone()).unwrap();
    assert_eq!(series.len(), len);
    assert_eq!(IntervalSeries::from_fn(*grid, |i, _| i as u64), series);
    assert_eq!(series.iter().count(), len);
    assert_eq!(series.try_map(|v| Ok::<u64, ()>(*v)).unwrap(), series);
    let doubled = series.map(|v| 2 * v);
    let total: u64 = values.iter().sum();
    let zipped = series.zip_with(&doubled, |a, b| a + b).unwrap();
    assert_eq!(zipped.values().iter().sum::<u64>(), 3 * total);
    assert_eq!(
        series
            .zip(&IntervalSeries::filled(*grid, ()))
            .unwrap()
            .len(),
        len
    );
    for (a, b) in input.ranges {
        if let Ok(part) = series.slice(a..b) {
            assert_eq!(part.values(), &values[a..b]);
            assert_eq!(part.grid(), &grid.slice(a..b).unwrap());
            // Series on different grids refuse to meet.
            assert_eq!(series.zip(&part).is_ok(), a == 0 && b == len);
        }
    }
    for s in input.instants {
        if let Some(instant) = DateTime::from_timestamp(s, 0) {
            assert_eq!(
                series.value_at(instant),
                grid.index_of(instant).map(|i| &values[i])
            );
        }
    }
    if let Ok(coarse) = series.aggregate_sum(input.coarse_step) {
        assert_eq!(coarse.values().iter().sum::<u64>(), total);
        assert_eq!(coarse.grid(), &grid.coarsen(input.coarse_step).unwrap());
        let sizes = series.aggregate(input.coarse_step, <[u64]>::len).unwrap();
        let group = (coarse.grid().step_minutes() / grid.step_minutes()) as usize;
        assert!(sizes.values().iter().all(|&n| n == group));
    } else {
        assert!(grid.coarsen(input.coarse_step).is_err());
    }
    let (g, v) = series.into_parts();
    assert_eq!((g, v), (*grid, values));
}

fuzz_target!(|input: Input| {
    if let Some(start) = input.start {
        let result = IntervalGrid::new(start, input.step, input.len);
        let on_minute = start.timestamp().rem_euclid(60) == 0;
        let expected = valid_step(input.step)
            .filter(|_| on_minute)
            .and_then(|m| add_steps(start, m, input.len));
        assert_eq!(
            result.is_ok(),
            expected.is_some(),
            "IntervalGrid::new({start}, {:?}, {}) = {result:?}",
            input.step,
            input.len
        );
        if let Ok(grid) = result {
            assert_eq!(
                (grid.start(), grid.step(), grid.len()),
                (start, input.step, input.len)
            );
            check_grid(&grid, &input);
        }
    }

    if let Some(day) = input.first_day {
        let tz = input.tz;
        let grid = IntervalGrid::local_days(day, input.days, input.step, tz);
        if valid_step(input.step).is_none() {
            assert!(grid.is_err());
        }
        if let Ok(grid) = grid {
            let start = start_of_local_day(day, tz).unwrap();
            assert_eq!(grid.start(), start);
            let last = day
                .checked_add_days(servops_core::chrono::Days::new(input.days as u64))
                .unwrap();
            assert_eq!(grid.end(), start_of_local_day(last, tz).unwrap());
            let ranges = grid.local_day_ranges(tz);
            assert!(ranges.len() <= input.days);
            assert_eq!(
                ranges.iter().map(|(_, r)| r.len()).sum::<usize>(),
                grid.len()
            );
            for (date, _) in &ranges {
                assert!(*date >= day && *date < last, "{date} outside {day}..{last}");
            }
            check_grid(&grid, &input);
        }
        // Never panics, even near the limits of the date range.
        let _ = start_of_local_day(day, tz);
    }

    if let Some(naive) = input.naive
        && let Ok(utc) = local_to_utc(naive, input.tz, input.disambiguation)
        && input.disambiguation == Disambiguation::Reject
    {
        // Only unique readings pass, and they read back unchanged.
        assert_eq!(utc.with_timezone(&input.tz).naive_local(), naive);
    }
});
