//! The time-based KPIs of servops-kpi: business time on a calendar of any
//! opening hours and holidays in a zone with clock changes, ticket times,
//! SLA attainment and backlog, schedule adherence, and the survey scores.
//!
//! Checked on every input that builds: business time never exceeds the
//! wall time, adds up over a split point, and equals the wall time on an
//! always-open calendar; every ticket created by the end of the data is
//! met, breached or pending; the backlog never counts more tickets than
//! exist; adherence and every survey rate lie in [0, 1]; NPS lies in
//! [-100, 100].
#![no_main]

use std::time::Duration;

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use servops_core::IntervalGrid;
use servops_core::chrono::{DateTime, NaiveDate, NaiveTime, TimeDelta, Utc, Weekday};
use servops_core::chrono_tz::{America, Australia, Europe, Tz, UTC};
use servops_fuzz::{Dur, Real};
use servops_kpi::{
    AdherencePolicy, BusinessCalendar, GraceRule, OutOfShift, Ticket, TicketClock, TicketMetric,
    TimeSpan, backlog, ces, csat, mean_ticket_time, nps, schedule_adherence, sla_attainment,
};

const ZONES: [Tz; 5] = [
    UTC,
    Europe::London,
    America::New_York,
    Australia::Lord_Howe,
    America::Santiago,
];

/// An instant: mostly within a few weeks of 2026-03-01 (London and New
/// York change their clocks in March), sometimes anywhere chrono allows.
fn instant(u: &mut Unstructured<'_>) -> arbitrary::Result<DateTime<Utc>> {
    let base: DateTime<Utc> = "2026-03-01T00:00:00Z".parse().unwrap_or_default();
    Ok(if u.ratio(1u8, 20)? {
        DateTime::from_timestamp(u.arbitrary::<i64>()? % 8_000_000_000_000, 0).unwrap_or(base)
    } else {
        base + TimeDelta::seconds(u.int_in_range(-86_400i64..=60 * 86_400)?)
    })
}

fn hour(u: &mut Unstructured<'_>) -> arbitrary::Result<NaiveTime> {
    let s = 900 * u.int_in_range(0u32..=95)?;
    Ok(NaiveTime::from_num_seconds_from_midnight_opt(s, 0).unwrap_or_default())
}

fn calendar(u: &mut Unstructured<'_>, tz: Tz) -> arbitrary::Result<Option<BusinessCalendar>> {
    if u.ratio(1u8, 4)? {
        return Ok(Some(BusinessCalendar::always_open(tz)));
    }
    let mut cal = BusinessCalendar::new(tz);
    if u.arbitrary()? {
        match cal.with_weekdays(hour(u)?, hour(u)?) {
            Ok(c) => cal = c,
            Err(_) => return Ok(None),
        }
    }
    for _ in 0..u.int_in_range(0u8..=3)? {
        let day = [Weekday::Mon, Weekday::Fri, Weekday::Sat, Weekday::Sun][u.choose_index(4)?];
        match cal.with_hours(day, hour(u)?, hour(u)?) {
            Ok(c) => cal = c,
            Err(_) => return Ok(None),
        }
    }
    for _ in 0..u.int_in_range(0u8..=2)? {
        let d = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap_or_default()
            + TimeDelta::days(u.int_in_range(0i64..=40)?);
        cal = cal.with_holiday(d);
    }
    Ok(Some(cal))
}

fn business(u: &mut Unstructured<'_>) -> arbitrary::Result<()> {
    let tz = ZONES[u.choose_index(ZONES.len())?];
    let Some(cal) = calendar(u, tz)? else {
        return Ok(());
    };
    let mut t = [instant(u)?, instant(u)?, instant(u)?];
    t.sort();
    // Spans of more than 20,000 years take long to walk day by day.
    if t[2] - t[0] > TimeDelta::days(20 * 365) {
        return Ok(());
    }
    let (Ok(ab), Ok(bc), Ok(ac)) = (
        cal.business_time(t[0], t[1]),
        cal.business_time(t[1], t[2]),
        cal.business_time(t[0], t[2]),
    ) else {
        return Ok(());
    };
    let wall = (t[2] - t[0]).to_std().unwrap_or_default();
    assert!(ac <= wall, "business {ac:?} over wall {wall:?}");
    assert_eq!(ab + bc, ac, "{t:?} in {tz}");
    if cal == BusinessCalendar::always_open(tz) {
        assert_eq!(ac, wall, "always open, {t:?} in {tz}");
    }
    assert_eq!(cal.business_time(t[2], t[0]).ok(), Some(Duration::ZERO));
    Ok(())
}

fn tickets(u: &mut Unstructured<'_>) -> arbitrary::Result<()> {
    let tz = ZONES[u.choose_index(ZONES.len())?];
    let clock = match calendar(u, tz)? {
        Some(cal) if u.arbitrary()? => TicketClock::Business(cal),
        _ => TicketClock::Calendar,
    };
    let mut list = Vec::new();
    for _ in 0..u.int_in_range(0u8..=12)? {
        let created = instant(u)?;
        let later = |u: &mut Unstructured<'_>| -> arbitrary::Result<Option<DateTime<Utc>>> {
            Ok(if u.arbitrary()? {
                Some(created + TimeDelta::seconds(u.int_in_range(-3_600i64..=30 * 86_400)?))
            } else {
                None
            })
        };
        let (reply, resolved) = (later(u)?, later(u)?);
        if let Ok(t) = Ticket::new(created, reply, resolved) {
            list.push(t);
        }
    }
    // The same 20,000-year limit as above, from the earliest instant to
    // the latest.
    let mut all: Vec<DateTime<Utc>> = list
        .iter()
        .flat_map(|t| [Some(t.created()), t.first_reply(), t.resolved()])
        .flatten()
        .collect();
    all.sort();
    if let (Some(first), Some(last)) = (all.first(), all.last())
        && *last - *first > TimeDelta::days(20 * 365)
    {
        return Ok(());
    }
    let metric = [TicketMetric::FirstReply, TicketMetric::FullResolution][u.choose_index(2)?];
    if let Ok((kpi, _pending)) = mean_ticket_time(&list, metric, &clock)
        && let Some(v) = kpi.value()
    {
        assert!(v.is_finite() && v >= 0.0, "mean ticket time {v}");
    }
    let target = Dur::arbitrary(u)?.0;
    let data_end = instant(u)?;
    if let Ok(r) = sla_attainment(&list, metric, target, &clock, data_end) {
        // Tickets created after the end of the data are counted nowhere.
        let by_end = list.iter().filter(|t| t.created() <= data_end).count() as u64;
        assert_eq!(r.met + r.breached + r.pending, by_end, "{r:?}");
        if let Some(v) = r.attainment().value() {
            assert!((0.0..=1.0).contains(&v), "attainment {v}");
        }
    }
    let start = instant(u)?;
    let step = Duration::from_secs(60 * [15u64, 30, 60][u.choose_index(3)?]);
    if let Ok(grid) = IntervalGrid::new(start, step, u.int_in_range(1usize..=200)?) {
        let b = backlog(&list, grid);
        assert!(b.values().iter().all(|&n| n <= list.len() as u64));
    }
    Ok(())
}

fn adherence(u: &mut Unstructured<'_>) -> arbitrary::Result<()> {
    let labels = ["phone", "break", "lunch", "meeting"];
    let states = ["available", "on_call", "acw", "break", "offline"];
    let span = |u: &mut Unstructured<'_>, names: &[&str]| -> arbitrary::Result<Option<TimeSpan>> {
        let start = instant(u)?;
        let end = start + TimeDelta::seconds(u.int_in_range(-60i64..=4 * 3_600)?);
        Ok(TimeSpan::new(start, end, names[u.choose_index(names.len())?]).ok())
    };
    let mut schedule = Vec::new();
    for _ in 0..u.int_in_range(0u8..=6)? {
        if let Some(s) = span(u, &labels)? {
            schedule.push(s);
        }
    }
    let mut actual = Vec::new();
    for _ in 0..u.int_in_range(0u8..=10)? {
        if let Some(s) = span(u, &states)? {
            actual.push(s);
        }
    }
    let mut policy = AdherencePolicy::new()
        .with_adherent_states("phone", &["available", "on_call", "acw"])
        .with_adherent_states("break", &["break", "offline"])
        .with_working_states(&["available", "on_call", "acw"])
        .with_working_activities(&["phone"]);
    if u.arbitrary()? {
        policy = policy.with_grace(GraceRule::ForgiveShorter(Dur::arbitrary(u)?.0));
    }
    if u.arbitrary()? {
        policy = policy.with_out_of_shift(OutOfShift::Exception);
    }
    if let Ok(r) = schedule_adherence(&schedule, &actual, &policy) {
        assert!(r.exception <= r.scheduled, "{r:?}");
        if let Some(v) = r.adherence().value() {
            assert!((0.0..=1.0).contains(&v), "adherence {v}: {r:?}");
        }
    }
    Ok(())
}

fn surveys(u: &mut Unstructured<'_>) -> arbitrary::Result<()> {
    let mut scores = Vec::new();
    for _ in 0..u.int_in_range(0u8..=30)? {
        scores.push(match u.int_in_range(0u8..=5)? {
            0 => None,
            1 => Some(Real::arbitrary(u)?.0),
            _ => Some(f64::from(u.int_in_range(0u8..=10)?)),
        });
    }
    if let Ok(n) = nps(&scores) {
        assert_eq!(
            n.promoters + n.passives + n.detractors,
            scores.iter().flatten().count() as u64
        );
        if let Some(v) = n.score() {
            assert!((-100.0..=100.0).contains(&v), "NPS {v}");
        }
        if let Some(v) = n.response_rate().value() {
            assert!((0.0..=1.0).contains(&v), "response rate {v}");
        }
    }
    if let Ok(c) = ces(&scores) {
        for (what, k) in [("mean", &c.mean), ("agree", &c.agree)] {
            if let Some(v) = k.value() {
                assert!(v.is_finite(), "CES {what} {v}");
            }
        }
        if let Some(v) = c.agree.value() {
            assert!((0.0..=1.0).contains(&v), "CES agree {v}");
        }
    }
    let scale = servops_kpi::SurveyScale::new(
        i32::from(u.int_in_range(0u8..=1)?),
        i32::from(u.int_in_range(2u8..=10)?),
    );
    if let Ok(scale) = scale
        && let Ok(policy) = servops_kpi::CsatPolicy::new(scale, u.int_in_range(1u32..=3)?)
        && let Ok(r) = csat(&scores, policy)
        && let Some(v) = r.kpi.value()
    {
        assert!((0.0..=1.0).contains(&v), "CSAT {v}");
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let _ = match u.int_in_range(0u8..=3) {
        Ok(0) => business(&mut u),
        Ok(1) => tickets(&mut u),
        Ok(2) => adherence(&mut u),
        _ => surveys(&mut u),
    };
});
