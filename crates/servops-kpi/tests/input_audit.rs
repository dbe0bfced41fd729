//! Input audit: values outside their meaningful range give a typed error or a
//! documented result, never a panic, an overflow or a NaN/infinite KPI.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use servops_core::chrono::{DateTime, Utc};

fn t(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

#[test]
fn nps_with_counts_summing_past_u64_does_not_overflow() {
    use servops_kpi::nps;

    let mut n = nps(&[Some(10.0)]).unwrap();
    n.promoters = u64::MAX;
    n.passives = 1;
    n.detractors = 1;
    let score = n.score().unwrap();
    assert!((score - 100.0).abs() < 1e-9, "{score}");
    let rate = n.response_rate();
    assert!(rate.numerator.is_finite() && rate.numerator > 1.8e19);
}

#[test]
fn fcr_report_with_counts_summing_past_u64_does_not_overflow() {
    use servops_kpi::fcr_by_repeat_window;

    let mut r =
        fcr_by_repeat_window(&[], Duration::from_secs(3600), t("2026-03-02T00:00:00Z")).unwrap();
    r.resolved = u64::MAX;
    r.repeated = 1;
    let v = r.fcr().value().unwrap();
    assert!((v - 1.0).abs() < 1e-12, "{v}");
}

#[test]
fn sla_report_with_counts_summing_past_u64_does_not_overflow() {
    use servops_kpi::{TicketClock, TicketMetric, sla_attainment};

    let mut r = sla_attainment(
        &[],
        TicketMetric::FirstReply,
        Duration::from_secs(3600),
        &TicketClock::Calendar,
        t("2026-03-02T00:00:00Z"),
    )
    .unwrap();
    r.met = u64::MAX;
    r.breached = 1;
    let v = r.attainment().value().unwrap();
    assert!((v - 1.0).abs() < 1e-12, "{v}");
}

#[test]
fn overlapping_opening_windows_count_once() {
    use servops_core::chrono::{NaiveTime, Weekday};
    use servops_core::chrono_tz::UTC;
    use servops_kpi::BusinessCalendar;

    let hour = |h| NaiveTime::from_hms_opt(h, 0, 0).unwrap();
    let (from, to) = (t("2026-03-02T00:00:00Z"), t("2026-03-03T00:00:00Z")); // a Monday
    let overlap = BusinessCalendar::new(UTC)
        .with_hours(Weekday::Mon, hour(9), hour(17))
        .unwrap()
        .with_hours(Weekday::Mon, hour(12), hour(18))
        .unwrap();
    assert_eq!(
        overlap.business_time(from, to).unwrap(),
        Duration::from_secs(9 * 3600)
    );
    let twice = BusinessCalendar::new(UTC)
        .with_weekdays(hour(9), hour(17))
        .unwrap()
        .with_weekdays(hour(9), hour(17))
        .unwrap();
    assert_eq!(
        twice.business_time(from, to).unwrap(),
        Duration::from_secs(8 * 3600)
    );
    let open = BusinessCalendar::always_open(UTC)
        .with_hours(Weekday::Mon, hour(9), hour(17))
        .unwrap();
    assert_eq!(
        open.business_time(from, to).unwrap(),
        Duration::from_secs(24 * 3600)
    );
    // adjacent windows are unchanged
    let adjacent = BusinessCalendar::new(UTC)
        .with_hours(Weekday::Mon, hour(9), hour(12))
        .unwrap()
        .with_hours(Weekday::Mon, hour(12), hour(17))
        .unwrap();
    assert_eq!(
        adjacent.business_time(from, to).unwrap(),
        Duration::from_secs(8 * 3600)
    );
}

#[test]
fn confidence_level_just_below_one_has_a_finite_z() {
    use servops_kpi::qa::{ConfidenceLevel, sample_size_for_proportion, wilson_interval};

    let level = 1.0 - f64::EPSILON / 2.0; // the largest f64 below 1
    let c = ConfidenceLevel::new(level).unwrap();
    // two-sided tail 2^-54 per side: z = 8.29...
    assert!(c.z().is_finite() && c.z() > 8.2 && c.z() < 8.4, "{}", c.z());
    let w = wilson_interval(3, 10, c).unwrap().unwrap();
    assert!(w.lower.is_finite() && w.upper.is_finite(), "{w:?}");
    assert!(w.lower >= 0.0 && w.lower <= 0.3 && w.upper >= 0.3 && w.upper <= 1.0);
    assert!(sample_size_for_proportion(0.5, 0.05, c, None).is_ok());
}

#[test]
fn scheduled_staff_that_overflows_is_an_error() {
    use servops_kpi::{Error, scheduled_for_required};

    let r = scheduled_for_required(f64::MAX, 0.5);
    assert!(
        matches!(
            r,
            Err(Error::InvalidParameter {
                name: "scheduled staff",
                ..
            })
        ),
        "{r:?}"
    );
    let r = scheduled_for_required(1e300, 1.0 - f64::EPSILON);
    assert!(matches!(r, Err(Error::InvalidParameter { .. })), "{r:?}");
    // a representable result is unchanged
    assert!((scheduled_for_required(91.0, 0.3).unwrap() - 130.0).abs() < 1e-9);
}
