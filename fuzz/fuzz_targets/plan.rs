//! The whole plan (`servops::plan::plan`): a history of 7 to 21 days of
//! hourly (or half-hourly) counts of any kind (NaN, negative, huge,
//! missing), handled counts and handle seconds, optional abandonment, in
//! UTC or a zone with a clock change; plan settings with any number of
//! days from 1 to 3 starting at or after the history's end, opening hours
//! or none, a target, shrinkage, a quantile, a model, finite lines or none
//! (with or without a blocking goal) and one or two shift templates; a
//! short solver time limit.
//!
//! Every stage returns a typed error or a plan in which every number is
//! finite, nothing is negative, a plan to the mean plans the mean, closed
//! intervals are forecast 0 and need nobody, the roster covers the roster
//! requirement, the plan has no miss (the solver covers every interval),
//! the days add up to the plan and the cost is the template's rate times
//! the paid hours.
#![no_main]

use std::time::Duration;

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use servops::core::chrono::{Days, NaiveDate, Weekday};
use servops::core::chrono_tz::{America, Europe, Tz, UTC};
use servops::core::{IntervalGrid, IntervalSeries};
use servops::cost::Decimal;
use servops::forecast::{Backtest, BestPick, Calendar, OpeningHours, Selection, WeightedIndex};
use servops::plan::{PlanHistory, PlanModel, PlanSettings, PlanTo, plan};
use servops::queue::{ChatConcurrency, Targets};
use servops::schedule::{ShiftTemplate, SolveOptions};
use servops_fuzz::{Dur, Fraction, Real};

/// A count: mostly a small whole number, sometimes anything or missing.
fn count(u: &mut Unstructured<'_>) -> arbitrary::Result<Option<f64>> {
    Ok(match u.int_in_range(0u8..=15)? {
        0 => None,
        1 => Some(Real::arbitrary(u)?.0),
        _ => Some(f64::from(u.int_in_range(0u8..=40)?)),
    })
}

fn run(u: &mut Unstructured<'_>) -> arbitrary::Result<()> {
    let tz: Tz = [UTC, Europe::London, America::New_York][u.choose_index(3)?];
    let step = Duration::from_secs(60 * [60u64, 30][u.choose_index(2)?]);
    // 2026-03-01 is a Sunday; London and New York change their clocks on
    // 2026-03-29 and 2026-03-08.
    let first = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap_or_default()
        + Days::new(u64::from(u.int_in_range(0u8..=28)?));
    let history_days = u.int_in_range(7usize..=21)?;
    let Ok(grid) = IntervalGrid::local_days(first, history_days, step, tz) else {
        return Ok(());
    };
    let (mut volume, mut handled, mut seconds) = (Vec::new(), Vec::new(), Vec::new());
    let aht = f64::from(u.int_in_range(30u16..=900)?);
    for _ in 0..grid.len() {
        let v = count(u)?;
        volume.push(v);
        let h = if u.ratio(1u8, 8)? { count(u)? } else { v };
        handled.push(h);
        seconds.push(if u.ratio(1u8, 8)? {
            Some(Real::arbitrary(u)?.0)
        } else {
            h.map(|h| h * aht)
        });
    }
    let (Ok(volume), Ok(handled), Ok(seconds)) = (
        IntervalSeries::new(grid, volume),
        IntervalSeries::new(grid, handled),
        IntervalSeries::new(grid, seconds),
    ) else {
        return Ok(());
    };
    let Ok(mut history) = PlanHistory::new(volume, handled, seconds) else {
        return Ok(());
    };
    if u.arbitrary()? {
        match history.with_abandonment(Real::arbitrary(u)?.0, Real::arbitrary(u)?.0) {
            Ok(h) => history = h,
            Err(_) => return Ok(()),
        }
    }

    let mut calendar = Calendar::new(tz);
    if u.arbitrary()? {
        let open = 60 * u32::from(u.int_in_range(0u8..=12)?);
        let close = open + 60 * u32::from(u.int_in_range(1u8..=12)?);
        let Ok(hours) = OpeningHours::new(open, close) else {
            return Ok(());
        };
        calendar = calendar
            .with_weekday_hours(
                &[
                    Weekday::Mon,
                    Weekday::Tue,
                    Weekday::Wed,
                    Weekday::Thu,
                    Weekday::Fri,
                ],
                Some(hours),
            )
            .with_weekday_hours(&[Weekday::Sat, Weekday::Sun], None);
    }
    let plan_first =
        first + Days::new((history_days + usize::from(u.int_in_range(0u8..=3)?)) as u64);
    let plan_days = u.int_in_range(1usize..=3)?;
    let k = u.int_in_range(1usize..=3)?;
    let (Ok(backtest), Ok(index)) = (Backtest::rolling(1, 1, 1), WeightedIndex::new(k)) else {
        return Ok(());
    };
    let Ok(method) = BestPick::new(vec![index.into()], backtest.clone(), Selection::PerSeries)
    else {
        return Ok(());
    };
    let target = match u.int_in_range(0u8..=2)? {
        0 => Targets::service_level_within(Fraction::arbitrary(u)?.0, Dur::arbitrary(u)?.0),
        1 => Targets::new().with_max_asa(Dur::arbitrary(u)?.0),
        _ => Targets::new().with_max_occupancy(Fraction::arbitrary(u)?.0),
    };
    let Ok(mut targets) = target else {
        return Ok(());
    };
    // Finite trunk lines, sometimes with a blocking goal.
    let lines = if u.ratio(1u8, 4)? {
        Some(u.int_in_range(0u32..=40)?)
    } else {
        None
    };
    if lines.is_some() && u.arbitrary()? {
        match targets.with_max_prob_blocked(Fraction::arbitrary(u)?.0) {
            Ok(t) => targets = t,
            Err(_) => return Ok(()),
        }
    }
    let mut templates = Vec::new();
    for i in 0..u.int_in_range(1usize..=2)? {
        let span = Duration::from_secs(3600 * u64::from(u.int_in_range(1u8..=10)?));
        let rate = Decimal::from(u.int_in_range(0u16..=60)?);
        match ShiftTemplate::builder(format!("t{i}"))
            .span(span)
            .hourly_rate(rate)
            .build()
        {
            Ok(t) => templates.push((t, rate)),
            Err(_) => return Ok(()),
        }
    }
    let Ok(mut settings) = PlanSettings::new(
        calendar.clone(),
        plan_first,
        plan_days,
        method,
        backtest,
        targets,
        templates.iter().map(|(t, _)| t.clone()).collect(),
    ) else {
        return Ok(());
    };
    settings = settings
        .with_solve_options(SolveOptions::default().with_time_limit(Duration::from_millis(200)));
    if u.arbitrary()? {
        match settings.with_shrinkage(Fraction::arbitrary(u)?.0) {
            Ok(s) => settings = s,
            Err(_) => return Ok(()),
        }
    }
    let to_mean = !u.arbitrary::<bool>()?;
    if !to_mean {
        match settings.with_plan_to(PlanTo::Quantile(Fraction::arbitrary(u)?.0)) {
            Ok(s) => settings = s,
            Err(_) => return Ok(()),
        }
    }
    let model = match u.int_in_range(0u8..=3)? {
        0 => PlanModel::ErlangC,
        1 => PlanModel::ErlangAEstimated,
        2 => PlanModel::ErlangA {
            patience: Dur::arbitrary(u)?.0,
        },
        _ => {
            // Two chats, the second no faster than the first (concave).
            let h1 = Dur::arbitrary(u)?.0;
            let stretch = 1.0 + f64::from(u.arbitrary::<u8>()?) / 64.0;
            let Ok(h2) = Duration::try_from_secs_f64(h1.as_secs_f64() * stretch) else {
                return Ok(());
            };
            let patience = Option::<Dur>::arbitrary(u)?.map(|d| d.0);
            match ChatConcurrency::new(&[h1, h2], patience) {
                Ok(concurrency) => PlanModel::Chat { concurrency },
                Err(_) => return Ok(()),
            }
        }
    };
    settings = settings.with_model(model);

    if let Some(k) = lines {
        match settings.with_lines(k) {
            Ok(s) => settings = s,
            Err(_) => return Ok(()),
        }
    }

    let Ok(p) = plan(&history, &settings) else {
        return Ok(());
    };
    // Chat: whole agents hold chats, at the profile's single-chat AHT, on
    // no lines.
    if let PlanModel::Chat { concurrency } = model {
        assert!(lines.is_none(), "a chat plan on lines");
        let h1 = concurrency.single_chat_aht().as_secs_f64();
        for (x, aht) in p.projected.values().iter().zip(p.aht.values()) {
            assert_eq!(x.on_phone.fract(), 0.0, "{} holding chats", x.on_phone);
            assert_eq!(*aht, h1);
        }
    }
    // On lines the projection counts whole agents, at most the lines.
    if let Some(k) = lines {
        for x in p.projected.values() {
            assert!(
                x.on_phone.fract() == 0.0 && x.on_phone <= f64::from(k),
                "{} on the phones with {k} lines",
                x.on_phone
            );
        }
    }

    // Every number finite and not negative.
    let finite = |what: &str, v: f64| {
        assert!(v.is_finite() && v >= 0.0, "{what}: {v}");
    };
    let plan_grid = *p.forecast.mean.grid();
    for i in 0..plan_grid.len() {
        let mean = p.forecast.mean.values()[i];
        let planned = p.forecast.planned.values()[i];
        finite("mean", mean);
        finite("planned", planned);
        if to_mean {
            assert_eq!(planned, mean, "planned to the mean");
        }
        finite("aht", p.aht.values()[i]);
        let required = f64::from(p.required.values()[i].agents);
        finite("required", required);
        finite("to roster", p.to_roster.values()[i]);
        finite("on phone", p.on_phone.values()[i]);
        // The roster covers the roster requirement.
        let covered = p.schedule.schedule.coverage.values()[i];
        assert!(
            covered + 1e-9 >= p.to_roster.values()[i],
            "interval {i}: {covered} rostered for {}",
            p.to_roster.values()[i]
        );
        // Closed intervals are forecast 0 and need nobody.
        if let (Some(date), Some(minute)) = (
            plan_grid.local_date(i, calendar.time_zone()),
            plan_grid.local_minute_of_day(i, calendar.time_zone()),
        ) && !calendar.is_open(date, minute)
        {
            assert_eq!(mean, 0.0, "closed interval {i}");
            assert_eq!(required, 0.0, "closed interval {i}");
        }
    }
    assert!(p.misses.is_empty(), "{:?}", p.misses);
    finite("paid hours", p.paid_hours);
    finite("planned contacts", p.planned_contacts);
    finite("expected contacts", p.expected_contacts);
    assert!(p.cost >= Decimal::ZERO, "cost {}", p.cost);
    for sl in [p.service_level_at_planned, p.service_level_at_expected]
        .into_iter()
        .flatten()
    {
        assert!((0.0..=1.0).contains(&sl), "service level {sl}");
    }
    // The days add up to the plan.
    let expected: f64 = p.days.iter().map(|d| d.expected_contacts).sum();
    assert!(
        (expected - p.expected_contacts).abs() <= 1e-9 * p.expected_contacts.max(1.0),
        "days {expected}, plan {}",
        p.expected_contacts
    );
    // One template (no fixed cost): the cost is its rate times the paid hours.
    if let [(_, rate)] = templates.as_slice() {
        let hours = Decimal::try_from(p.paid_hours).unwrap_or_default();
        let want = *rate * hours;
        let diff = (p.cost - want).abs();
        assert!(
            diff <= Decimal::new(1, 6) * (Decimal::ONE + want),
            "cost {} for {} paid hours at {rate}",
            p.cost,
            p.paid_hours
        );
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(&mut Unstructured::new(data));
});
