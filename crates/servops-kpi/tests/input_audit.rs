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

/// Consistent counts: every relation of `Components::check` holds.
fn consistent_components() -> servops_kpi::Components {
    let mut c = servops_kpi::Components::default();
    (c.answered, c.answered_within) = (100, 80);
    (c.abandoned, c.abandoned_within, c.short_abandoned) = (10, 4, 3);
    (c.flowed_out, c.flowed_out_within) = (5, 2);
    (c.callbacks, c.callbacks_within) = (6, 1);
    (c.transferred, c.resolution_known, c.resolved) = (7, 60, 45);
    c
}

/// `check` on `c` fails naming `name` with the value text `value`.
fn assert_check_names(c: &servops_kpi::Components, name: &str, value: &str) {
    use servops_kpi::Error;

    let r = c.check();
    assert!(
        matches!(&r, Err(Error::InvalidParameter { name: n, value: v, .. }) if *n == name && v == value),
        "expected InvalidParameter naming {name} with {value}, got {r:?}"
    );
    // the message names the field and both values
    let msg = r.unwrap_err().to_string();
    assert!(msg.contains(name) && msg.contains(value), "{msg}");
}

#[test]
fn components_check_accepts_consistent_and_boundary_counts() {
    let c = consistent_components();
    assert!(c.check().is_ok());
    assert!(servops_kpi::Components::default().check().is_ok());
    // every relation at equality
    let mut e = c;
    e.answered_within = e.answered;
    e.abandoned_within = e.abandoned;
    e.short_abandoned = e.abandoned;
    e.flowed_out_within = e.flowed_out;
    e.callbacks_within = e.callbacks;
    e.transferred = e.answered;
    e.resolution_known = e.answered;
    e.resolved = e.resolution_known;
    assert!(e.check().is_ok(), "{:?}", e.check());
    // short abandons and abandons within the threshold are independent
    let mut s = c;
    (s.abandoned_within, s.short_abandoned) = (0, 10);
    assert!(s.check().is_ok());
    (s.abandoned_within, s.short_abandoned) = (10, 0);
    assert!(s.check().is_ok());
}

#[test]
fn components_check_names_answered_within() {
    let mut c = consistent_components();
    (c.answered, c.answered_within) = (1, 5);
    (c.transferred, c.resolution_known, c.resolved) = (0, 0, 0);
    assert_check_names(&c, "answered_within", "5 > answered 1");
}

#[test]
fn components_check_names_abandoned_within() {
    let mut c = consistent_components();
    c.abandoned_within = 11;
    assert_check_names(&c, "abandoned_within", "11 > abandoned 10");
}

#[test]
fn components_check_names_short_abandoned() {
    let mut c = consistent_components();
    c.short_abandoned = 12;
    assert_check_names(&c, "short_abandoned", "12 > abandoned 10");
}

#[test]
fn components_check_names_flowed_out_within() {
    let mut c = consistent_components();
    c.flowed_out_within = 6;
    assert_check_names(&c, "flowed_out_within", "6 > flowed_out 5");
}

#[test]
fn components_check_names_callbacks_within() {
    let mut c = consistent_components();
    c.callbacks_within = 7;
    assert_check_names(&c, "callbacks_within", "7 > callbacks 6");
}

#[test]
fn components_check_names_transferred() {
    let mut c = consistent_components();
    c.transferred = 101;
    assert_check_names(&c, "transferred", "101 > answered 100");
}

#[test]
fn components_check_names_resolution_known() {
    let mut c = consistent_components();
    c.resolution_known = 101;
    assert_check_names(&c, "resolution_known", "101 > answered 100");
}

#[test]
fn components_check_names_resolved() {
    let mut c = consistent_components();
    c.resolved = 61;
    assert_check_names(&c, "resolved", "61 > resolution_known 60");
}

#[test]
fn components_check_names_the_first_failed_relation() {
    let mut c = consistent_components();
    c.resolved = 61;
    c.short_abandoned = 12;
    assert_check_names(&c, "short_abandoned", "12 > abandoned 10");
}

#[test]
fn inconsistent_counts_give_no_kpi_value() {
    use servops_kpi::{AbandonTreatment, AbandonmentPolicy, Components, ServiceLevelPolicy};

    // answered_within 5 with answered 1: was a service level of 5.0
    let mut c = Components::default();
    (c.answered, c.answered_within) = (1, 5);
    let sl = c.service_level(ServiceLevelPolicy::new(AbandonTreatment::Ignore));
    assert_eq!(sl.value(), None);
    assert_eq!(sl.percent(), None);
    assert_eq!((sl.numerator, sl.denominator), (5.0, 1.0));

    // abandoned_within > abandoned under RemoveWithinThreshold: was -0.0
    let mut c = Components::default();
    (c.abandoned, c.abandoned_within) = (1, 2);
    let sl = c.service_level(ServiceLevelPolicy::new(
        AbandonTreatment::RemoveWithinThreshold,
    ));
    assert_eq!(sl.value(), None);

    // short_abandoned > abandoned under ShortExcluded: was -0.25
    let mut c = Components::default();
    (c.answered, c.abandoned, c.short_abandoned) = (2, 1, 3);
    assert_eq!(
        c.abandonment_rate(AbandonmentPolicy::ShortExcluded).value(),
        None
    );
    assert_eq!(
        c.abandonment_rate(AbandonmentPolicy::ShortIncluded).value(),
        None
    );

    // resolved > resolution_known: was an FCR by flag of 5.0
    let mut c = Components::default();
    (c.answered, c.resolution_known, c.resolved) = (10, 1, 5);
    assert_eq!(c.fcr_by_flag().value(), None);

    // transferred > answered
    let mut c = Components::default();
    (c.answered, c.transferred) = (1, 2);
    assert_eq!(c.transfer_rate().value(), None);
}

#[test]
fn consistent_counts_keep_their_kpi_values() {
    use servops_kpi::{AbandonTreatment, AbandonmentPolicy, Components, ServiceLevelPolicy};

    let mut c = Components::default();
    (c.answered, c.answered_within) = (1, 1);
    let sl = c.service_level(ServiceLevelPolicy::new(AbandonTreatment::Ignore));
    assert_eq!(sl.value(), Some(1.0));
    let mut c = Components::default();
    (c.answered, c.abandoned, c.short_abandoned) = (2, 2, 2);
    assert_eq!(
        c.abandonment_rate(AbandonmentPolicy::ShortExcluded).value(),
        Some(0.0)
    );
    let c = consistent_components();
    assert_eq!(c.fcr_by_flag().value(), Some(0.75));
    assert_eq!(c.transfer_rate().value(), Some(0.07));
}

#[cfg(feature = "serde")]
#[test]
fn inconsistent_components_json_fails_to_deserialise() {
    use servops_kpi::Components;

    let c = consistent_components();
    let json = serde_json::to_string(&c).unwrap();
    assert_eq!(serde_json::from_str::<Components>(&json).unwrap(), c);

    let mut bad = c;
    (bad.answered, bad.answered_within) = (1, 5);
    (bad.transferred, bad.resolution_known, bad.resolved) = (0, 0, 0);
    // serialising has no check; the shape is the same
    let json = serde_json::to_string(&bad).unwrap();
    let err = serde_json::from_str::<Components>(&json).unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("answered_within") && msg.contains("5 > answered 1"),
        "{msg}"
    );

    let mut bad = c;
    bad.resolved = 61;
    let json = serde_json::to_string(&bad).unwrap();
    let msg = serde_json::from_str::<Components>(&json)
        .unwrap_err()
        .to_string();
    assert!(msg.contains("resolved"), "{msg}");
}

#[cfg(feature = "serde")]
#[test]
fn kpi_from_inconsistent_counts_stays_undefined_through_serde() {
    use servops_kpi::{AbandonTreatment, Components, Kpi, ServiceLevelPolicy};

    let mut c = Components::default();
    (c.answered, c.answered_within) = (1, 5);
    let sl = c.service_level(ServiceLevelPolicy::new(AbandonTreatment::Ignore));
    let json = serde_json::to_string(&sl).unwrap();
    let back: Kpi<ServiceLevelPolicy> = serde_json::from_str(&json).unwrap();
    assert_eq!(back, sl);
    assert_eq!(back.value(), None);
    // a consistent KPI serialises as before: three fields
    let ok = Kpi::new(3.0, 4.0, ());
    let v: serde_json::Value = serde_json::to_value(ok).unwrap();
    assert_eq!(
        v,
        serde_json::json!({"numerator": 3.0, "denominator": 4.0, "policy": null})
    );
    assert_eq!(
        serde_json::from_value::<Kpi<()>>(v).unwrap().value(),
        Some(0.75)
    );
}

#[test]
fn agreement_table_of_4096_categories_gives_hand_computed_values() {
    use servops_kpi::qa::{AgreementTable, KappaWeighting, MAX_CATEGORIES};

    let k = MAX_CATEGORIES; // 4096
    let all = [
        KappaWeighting::Unweighted,
        KappaWeighting::Linear,
        KappaWeighting::Quadratic,
    ];

    // No ratings: every cell 0, nothing defined.
    let empty = AgreementTable::from_ratings(&[], &[], k).unwrap();
    assert_eq!((empty.categories(), empty.total()), (4096, 0));
    assert_eq!(empty.count(4095, 4095), Some(0));
    assert_eq!(empty.count(4096, 0), None);
    assert_eq!(empty.observed_agreement(), None);
    assert_eq!(empty.gwet_ac1(), None);
    for w in all {
        assert_eq!(empty.cohen_kappa(w), None);
    }

    // Two subjects, (A, B) = (0, 4095) and (4095, 0): p_o = 0, margins
    // r_0 = r_4095 = c_0 = c_4095 = 1/2. Both off-diagonal cells have weight
    // 1 in every weighting (|0 − 4095|/4095 = 1), so Σ v p = 1 and
    // Σ v r c = 1/4 + 1/4 = 1/2: κ = 1 − 1/(1/2) = −1. AC1: π_0 = π_4095 =
    // 1/2, p_e = (1/4 + 1/4)/4095 = 1/8190, AC1 = −p_e/(1 − p_e) = −1/8189.
    let t = AgreementTable::from_ratings(&[0, 4095], &[4095, 0], k).unwrap();
    assert_eq!((t.count(0, 4095), t.count(4095, 0)), (Some(1), Some(1)));
    assert_eq!(t.count(0, 0), Some(0));
    assert_eq!(t.observed_agreement(), Some(0.0));
    for w in all {
        assert_eq!(t.cohen_kappa(w), Some(-1.0), "{w:?}");
    }
    let ac1 = t.gwet_ac1().unwrap();
    assert!((ac1 + 1.0 / 8189.0).abs() < 1e-18, "{ac1}");

    // Three subjects (0, 0), (1, 4095), (4095, 4095), linear weights
    // v = |i − j|/4095. Margins r_0 = r_1 = r_4095 = 1/3, c_0 = 1/3,
    // c_4095 = 2/3. Σ v p = (4094/4095)/3 = 12282/36855;
    // Σ v r c = 1·(1/3)(2/3) + (1/4095)(1/3)(1/3) + (4094/4095)(1/3)(2/3)
    //         + 1·(1/3)(1/3) = 20474/36855; κ = 1 − 12282/20474 = 4096/10237.
    let t = AgreementTable::from_ratings(&[0, 1, 4095], &[0, 4095, 4095], k).unwrap();
    let kappa = t.cohen_kappa(KappaWeighting::Linear).unwrap();
    assert!((kappa - 4096.0 / 10237.0).abs() < 1e-14, "{kappa}");

    // Perfect agreement on a few of the 4096 categories: κ = AC1 = 1.
    let t = AgreementTable::from_ratings(&[0, 7, 4095], &[0, 7, 4095], k).unwrap();
    for w in all {
        assert_eq!(t.cohen_kappa(w), Some(1.0), "{w:?}");
    }
    assert_eq!(t.gwet_ac1(), Some(1.0));
}

#[test]
fn agreement_table_zero_cells_count_as_zero() {
    use servops_kpi::qa::AgreementTable;

    // Explicit zeros and absent pairs are the same table.
    let counts = AgreementTable::from_counts(&[[2, 0, 0], [0, 0, 1], [0, 0, 0]]).unwrap();
    let ratings = AgreementTable::from_ratings(&[0, 0, 1], &[0, 0, 2], 3).unwrap();
    assert_eq!(counts, ratings);
    assert_eq!(counts.count(2, 2), Some(0));
    assert_eq!(counts.count(1, 2), Some(1));
}

#[cfg(feature = "serde")]
#[test]
fn agreement_statistics_serialise_only_their_non_zero_counts() {
    use servops_kpi::qa::{AgreementTable, RatingCounts};

    let t = AgreementTable::from_counts(&[[1, 0], [3, 4]]).unwrap();
    assert_eq!(
        serde_json::to_value(&t).unwrap(),
        serde_json::json!({"k": 2, "cells": [[0, 0, 1], [1, 0, 3], [1, 1, 4]], "total": 8})
    );
    // Before: 4,096 categories wrote all 16,777,216 cells (33.5 MB of JSON)
    // for two ratings.
    let t = AgreementTable::from_ratings(&[0, 4095], &[4095, 0], 4096).unwrap();
    assert_eq!(
        serde_json::to_string(&t).unwrap(),
        r#"{"k":4096,"cells":[[0,4095,1],[4095,0,1]],"total":2}"#
    );
    let r = RatingCounts::from_ratings(&[[4095, 0, 4095], [7, 7, 7]], 4096).unwrap();
    assert_eq!(
        serde_json::to_string(&r).unwrap(),
        r#"{"categories":4096,"raters":3,"subjects":[[[0,1],[4095,2]],[[7,3]]]}"#
    );
}

#[cfg(feature = "serde")]
#[test]
fn agreement_statistics_deserialise_both_forms_through_their_checks() {
    use serde_json::json;
    use servops_kpi::qa::{AgreementTable, RatingCounts};

    let table = |v: serde_json::Value| serde_json::from_value::<AgreementTable>(v);
    let want = AgreementTable::from_counts(&[[1, 0], [3, 4]]).unwrap();
    // The sparse form, cells in any order, and the earlier dense form.
    let sparse = json!({"k": 2, "cells": [[1, 1, 4], [0, 0, 1], [1, 0, 3]], "total": 8});
    assert_eq!(table(sparse).unwrap(), want);
    let dense = json!({"k": 2, "counts": [1, 0, 3, 4], "total": 8});
    assert_eq!(table(dense).unwrap(), want);
    let dense = json!({"k": 3, "counts": [0, 0, 0, 0, 0, 0, 1, 0, 0], "total": 1});
    assert_eq!(
        table(dense).unwrap(),
        AgreementTable::from_ratings(&[2], &[0], 3).unwrap()
    );
    let empty = table(json!({"k": 4096, "cells": [], "total": 0})).unwrap();
    assert_eq!((empty.categories(), empty.total()), (4096, 0));

    for (bad, why) in [
        (json!({"k": 0, "cells": [], "total": 0}), "no categories"),
        (
            json!({"k": 4097, "cells": [], "total": 0}),
            "too many categories",
        ),
        (
            json!({"k": 2, "cells": [[0, 2, 1]], "total": 1}),
            "column out of range",
        ),
        (
            json!({"k": 2, "cells": [[2, 0, 1]], "total": 1}),
            "row out of range",
        ),
        (
            json!({"k": 2, "cells": [[0, 1, 1], [0, 1, 2]], "total": 3}),
            "a cell twice",
        ),
        (
            json!({"k": 2, "cells": [[0, 1, 1]], "total": 2}),
            "wrong total",
        ),
        (
            json!({"k": 2, "cells": [[0, 0, u64::MAX], [1, 1, 1]], "total": 0}),
            "total overflows",
        ),
        (
            json!({"k": 2, "cells": [[0, 1, -1]], "total": 0}),
            "negative count",
        ),
        (
            json!({"k": 2, "cells": [], "counts": [0, 0, 0, 0], "total": 0}),
            "both forms",
        ),
        (json!({"k": 2, "total": 0}), "neither form"),
        (
            json!({"k": 2, "counts": [1, 0, 3], "total": 4}),
            "dense not k × k",
        ),
        (
            json!({"k": 0, "counts": [], "total": 0}),
            "dense without categories",
        ),
        (
            json!({"k": 4097, "counts": [], "total": 0}),
            "dense with too many",
        ),
        (
            json!({"k": 2, "counts": [1, 0, 3, 4], "total": 9}),
            "dense wrong total",
        ),
        (
            json!({"k": 1, "cells": [], "total": 0, "extra": 1}),
            "unknown field",
        ),
    ] {
        assert!(table(bad.clone()).is_err(), "{why}: {bad}");
    }

    let counts = |v: serde_json::Value| serde_json::from_value::<RatingCounts>(v);
    let want = RatingCounts::new(&[[2, 0, 1], [0, 3, 0]]).unwrap();
    let sparse = json!({"categories": 3, "raters": 3, "subjects": [[[0, 2], [2, 1]], [[1, 3]]]});
    assert_eq!(counts(sparse).unwrap(), want);
    let dense = json!({"categories": 3, "raters": 3, "counts": [2, 0, 1, 0, 3, 0]});
    assert_eq!(counts(dense).unwrap(), want);
    for (bad, why) in [
        (
            json!({"categories": 3, "raters": 3, "subjects": []}),
            "no subjects",
        ),
        (
            json!({"categories": 0, "raters": 2, "subjects": [[[0, 2]]]}),
            "no categories",
        ),
        (
            json!({"categories": 2, "raters": 1, "subjects": [[[0, 1]]]}),
            "one rater",
        ),
        (
            json!({"categories": 2, "raters": 2, "subjects": [[[0, 2]], [[1, 1]]]}),
            "unequal raters",
        ),
        (
            json!({"categories": 2, "raters": 3, "subjects": [[[0, 2]]]}),
            "wrong raters",
        ),
        (
            json!({"categories": 2, "raters": 2, "subjects": [[[2, 2]]]}),
            "category out of range",
        ),
        (
            json!({"categories": 2, "raters": 2, "subjects": [[[1, 1], [0, 1]]]}),
            "not increasing",
        ),
        (
            json!({"categories": 2, "raters": 2, "subjects": [[[0, 1], [0, 1]]]}),
            "a category twice",
        ),
        (
            json!({"categories": 2, "raters": 2, "subjects": [[[0, 2], [1, 0]]]}),
            "zero count",
        ),
        (
            json!({"categories": 2, "raters": 0, "subjects": [[[0, u64::MAX], [1, 1]]]}),
            "raters overflow",
        ),
        (
            json!({"categories": 2, "raters": 2, "counts": [2, 0, 1]}),
            "dense ragged",
        ),
        (
            json!({"categories": 0, "raters": 2, "counts": []}),
            "dense without categories",
        ),
        (
            json!({"categories": 2, "raters": 2, "counts": []}),
            "dense without subjects",
        ),
        (
            json!({"categories": 2, "raters": 2, "counts": [2, 0], "subjects": []}),
            "both forms",
        ),
        (json!({"categories": 2, "raters": 2}), "neither form"),
    ] {
        assert!(counts(bad.clone()).is_err(), "{why}: {bad}");
    }
}

#[cfg(feature = "serde")]
#[test]
fn agreement_statistics_round_trip_through_json() {
    use servops_kpi::qa::{AgreementTable, KappaWeighting, RatingCounts};

    // SplitMix64 for reproducible random tables.
    let mut state = 0x0a11_ce5e_ed00_0003_u64;
    let mut next = move |n: u64| {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        (z ^ (z >> 31)) % n
    };
    for _ in 0..500 {
        let k = if next(5) == 0 {
            4096
        } else {
            1 + next(9) as usize
        };
        let n = next(40) as usize;
        let a: Vec<usize> = (0..n).map(|_| next(k as u64) as usize).collect();
        let b: Vec<usize> = (0..n).map(|_| next(k as u64) as usize).collect();
        let t = AgreementTable::from_ratings(&a, &b, k).unwrap();
        let back: AgreementTable =
            serde_json::from_str(&serde_json::to_string(&t).unwrap()).unwrap();
        assert_eq!(back, t);
        for w in [KappaWeighting::Unweighted, KappaWeighting::Quadratic] {
            assert_eq!(
                back.cohen_kappa(w).map(f64::to_bits),
                t.cohen_kappa(w).map(f64::to_bits)
            );
        }

        let m = 2 + next(4) as usize;
        let ratings: Vec<Vec<usize>> = (0..1 + next(20))
            .map(|_| (0..m).map(|_| next(k as u64) as usize).collect())
            .collect();
        let r = RatingCounts::from_ratings(&ratings, k).unwrap();
        let back: RatingCounts = serde_json::from_str(&serde_json::to_string(&r).unwrap()).unwrap();
        assert_eq!(back, r);
        assert_eq!(
            back.fleiss_kappa().map(f64::to_bits),
            r.fleiss_kappa().map(f64::to_bits)
        );
    }
}

#[test]
fn agreement_tables_have_at_most_4096_categories() {
    use servops_kpi::qa::{AgreementTable, MAX_CATEGORIES};

    let rows = vec![vec![0u64; MAX_CATEGORIES + 1]; MAX_CATEGORIES + 1];
    assert!(AgreementTable::from_counts(&rows).is_err());
    let rows = vec![vec![0u64; MAX_CATEGORIES]; MAX_CATEGORIES];
    assert_eq!(
        AgreementTable::from_counts(&rows).unwrap().categories(),
        4096
    );
    assert!(AgreementTable::from_cells(MAX_CATEGORIES + 1, &[]).is_err());
    assert!(AgreementTable::from_cells(0, &[]).is_err());
}

/// `ChartSeries::new` with one point whose limits are `l` fails naming `name`
/// with the value text `value`.
fn assert_series_rejects(l: servops_kpi::spc::ControlLimits, name: &str, value: &str) {
    use servops_kpi::Error;
    use servops_kpi::spc::ChartSeries;

    for r in [
        ChartSeries::new(vec![0.0], vec![l]),
        ChartSeries::with_constant_limits(vec![0.0, 0.5], l),
        ChartSeries::with_constant_limits(vec![], l),
    ] {
        assert!(
            matches!(&r, Err(Error::InvalidParameter { name: n, value: v, .. }) if *n == name && v == value),
            "expected InvalidParameter naming {name} with {value}, got {r:?}"
        );
    }
}

#[test]
fn chart_series_rejects_a_centre_outside_its_limits() {
    use servops_kpi::spc::{ChartSeries, ControlLimits};

    // symmetric(0, 1): lower −3, centre 0, upper 3
    let base = ControlLimits::symmetric(0.0, 1.0).unwrap();
    let mut l = base;
    l.center = 4.0;
    assert_series_rejects(l, "center", "4 > upper limit 3");
    let mut l = base;
    l.center = -3.5;
    assert_series_rejects(l, "center", "-3.5 < lower limit -3");
    // the limits moved instead of the centre
    let mut l = base;
    (l.lower, l.upper) = (1.0, 2.0);
    assert_series_rejects(l, "center", "0 < lower limit 1");

    // a centre on a limit is inside: a clipped chart can have it (a p chart
    // of p̄ = 0 has lower = centre = 0)
    let mut l = base;
    l.center = 3.0;
    assert!(ChartSeries::new(vec![0.0], vec![l]).is_ok());
    let mut l = base;
    (l.lower, l.center) = (0.0, 0.0);
    assert!(ChartSeries::new(vec![0.0], vec![l]).is_ok());
    // only the bad point's limits matter; the others are unchanged
    let mut bad = base;
    bad.center = 4.0;
    assert!(ChartSeries::new(vec![0.0, 0.0], vec![base, bad]).is_err());
    assert!(ChartSeries::new(vec![0.0, 0.0], vec![base, base]).is_ok());
}

#[test]
fn chart_series_rejects_non_finite_and_crossed_limits() {
    let base = servops_kpi::spc::ControlLimits::symmetric(0.0, 1.0).unwrap();

    let mut l = base;
    l.upper = f64::INFINITY;
    assert_series_rejects(l, "upper limit", "inf");
    let mut l = base;
    l.lower = f64::NEG_INFINITY;
    assert_series_rejects(l, "lower limit", "-inf");
    let mut l = base;
    l.upper = f64::NAN;
    assert_series_rejects(l, "upper limit", "NaN");
    let mut l = base;
    l.lower = f64::NAN;
    assert_series_rejects(l, "lower limit", "NaN");
    let mut l = base;
    l.center = f64::NAN;
    assert_series_rejects(l, "center", "NaN");
    let mut l = base;
    l.center = f64::INFINITY;
    assert_series_rejects(l, "center", "inf");
    let mut l = base;
    l.sigma = f64::INFINITY;
    assert_series_rejects(l, "sigma", "inf");
    // lower above upper (the centre between them is then impossible too; the
    // crossed limits are reported)
    let mut l = base;
    (l.lower, l.upper) = (3.0, -3.0);
    assert_series_rejects(l, "lower limit", "3 > upper limit -3");
}

#[test]
fn sla_attainment_leaves_out_tickets_created_after_the_data_end() {
    use servops_core::chrono::NaiveTime;
    use servops_core::chrono_tz::UTC;
    use servops_kpi::{BusinessCalendar, Ticket, TicketClock, TicketMetric, sla_attainment};

    let end = t("2026-03-02T12:00:00Z"); // a Monday
    let ticket = |created: &str, reply: Option<&str>| {
        let reply = reply.map(t);
        Ticket::new(t(created), reply, reply).unwrap()
    };
    let tickets = [
        ticket("2026-03-02T09:00:00Z", Some("2026-03-02T09:30:00Z")), // 30 min: met
        ticket("2026-03-02T09:00:00Z", Some("2026-03-02T11:00:00Z")), // 2 h: breached
        ticket("2026-03-02T10:00:00Z", None), // open 2 h at the end: breached
        ticket("2026-03-02T11:30:00Z", None), // open 30 min: pending
        ticket("2026-03-02T12:00:00Z", None), // created at the end, open 0 s: pending
        ticket("2026-03-02T12:30:00Z", None), // after the end: not counted
        ticket("2026-03-02T13:00:00Z", Some("2026-03-02T13:10:00Z")), // after: not counted
    ];
    let midnight = NaiveTime::from_hms_opt(0, 0, 0).unwrap();
    let clocks = [
        TicketClock::Calendar,
        // open all day on weekdays: the same elapsed times on this Monday
        TicketClock::Business(
            BusinessCalendar::new(UTC)
                .with_weekdays(midnight, midnight)
                .unwrap(),
        ),
    ];
    for clock in &clocks {
        for metric in [TicketMetric::FirstReply, TicketMetric::FullResolution] {
            let r =
                sla_attainment(&tickets, metric, Duration::from_secs(3600), clock, end).unwrap();
            // 7 tickets, 2 created after the end: 1 met + 2 breached + 2 pending
            assert_eq!(
                (r.met, r.breached, r.pending),
                (1, 2, 2),
                "{metric:?} {clock:?}"
            );
            assert_eq!(r.attainment().value(), Some(1.0 / 3.0));
        }
    }
    // only tickets after the end: nothing counted, attainment undefined
    let later = &tickets[5..];
    let r = sla_attainment(
        later,
        TicketMetric::FirstReply,
        Duration::ZERO,
        &TicketClock::Calendar,
        end,
    )
    .unwrap();
    assert_eq!((r.met, r.breached, r.pending), (0, 0, 0));
    assert_eq!(r.attainment().value(), None);
}

/// Components with only the given counts and sums set.
fn components_with(set: impl FnOnce(&mut servops_kpi::Components)) -> servops_kpi::Components {
    let mut c = servops_kpi::Components::default();
    set(&mut c);
    c
}

#[test]
fn components_check_names_a_sum_of_no_contact() {
    // a millisecond sum over answered contacts with none answered
    let c = components_with(|c| c.answered_wait_ms = 1500);
    assert_check_names(&c, "answered_wait_ms", "1500 with answered 0");
    let c = components_with(|c| c.answered_ring_ms = 300);
    assert_check_names(&c, "answered_ring_ms", "300 with answered 0");
    let c = components_with(|c| c.talk_ms = 60_000);
    assert_check_names(&c, "talk_ms", "60000 with answered 0");
    let c = components_with(|c| c.hold_ms = 10);
    assert_check_names(&c, "hold_ms", "10 with answered 0");
    let c = components_with(|c| c.acw_ms = 20);
    assert_check_names(&c, "acw_ms", "20 with answered 0");
    // abandons: the other outcomes do not make an abandoned wait possible
    let c = components_with(|c| {
        (c.answered, c.flowed_out, c.callbacks) = (3, 1, 1);
        c.abandoned_wait_ms = 700;
    });
    assert_check_names(&c, "abandoned_wait_ms", "700 with abandoned 0");
    // a longest wait with no contact that left the queue (censored ones
    // never left it)
    let c = components_with(|c| {
        c.censored = 4;
        c.longest_wait_ms = 4000;
    });
    assert_check_names(&c, "longest_wait_ms", "4000 with offered 0");
}

#[test]
fn components_check_names_a_mean_wait_above_the_longest() {
    // ASA = 8001/2 ms > longest 4000 ms
    let c = components_with(|c| {
        (c.answered, c.answered_wait_ms, c.longest_wait_ms) = (2, 8001, 4000);
    });
    assert_check_names(
        &c,
        "answered_wait_ms",
        "8001 > answered 2 * longest_wait_ms 4000",
    );
    // mean abandoned wait 12001/3 ms > longest 4000 ms
    let c = components_with(|c| {
        (c.abandoned, c.abandoned_wait_ms, c.longest_wait_ms) = (3, 12_001, 4000);
    });
    assert_check_names(
        &c,
        "abandoned_wait_ms",
        "12001 > abandoned 3 * longest_wait_ms 4000",
    );
}

#[test]
fn components_check_accepts_sums_at_their_bounds() {
    // every wait equal to the longest: the mean equals it
    let c = components_with(|c| {
        (c.answered, c.abandoned, c.longest_wait_ms) = (2, 3, 4000);
        (c.answered_wait_ms, c.abandoned_wait_ms) = (8000, 12_000);
        (c.answered_ring_ms, c.talk_ms, c.hold_ms, c.acw_ms) = (1, 2, 3, 4);
    });
    assert!(c.check().is_ok(), "{:?}", c.check());
    // a longest wait of 0 with waits is read as not reported: not checked
    let c = components_with(|c| (c.abandoned, c.abandoned_wait_ms) = (4, 100_000));
    assert!(c.check().is_ok(), "{:?}", c.check());
    // a longest wait with only flow-outs or callbacks
    let c = components_with(|c| (c.callbacks, c.longest_wait_ms) = (1, 95_000));
    assert!(c.check().is_ok(), "{:?}", c.check());
    // saturated sums: answered × longest is taken without overflow
    let c = components_with(|c| {
        (c.answered, c.answered_wait_ms, c.longest_wait_ms) = (u64::MAX, u64::MAX, 2);
        c.talk_ms = u64::MAX;
    });
    assert!(c.check().is_ok(), "{:?}", c.check());
}

#[test]
fn components_sum_relations_come_after_the_count_relations() {
    // both a count relation and a sum relation fail: the count is reported
    let c = components_with(|c| {
        (c.answered, c.answered_within) = (0, 1);
        c.talk_ms = 5;
    });
    assert_check_names(&c, "answered_within", "1 > answered 0");
    // a zero-count sum is reported before a mean above the longest wait
    let c = components_with(|c| {
        (c.abandoned, c.abandoned_wait_ms, c.longest_wait_ms) = (1, 9000, 10);
        c.hold_ms = 5;
    });
    assert_check_names(&c, "hold_ms", "5 with answered 0");
}

#[cfg(feature = "serde")]
#[test]
fn components_json_with_a_sum_of_no_contact_fails_to_deserialise() {
    use servops_kpi::Components;

    let bad = components_with(|c| (c.abandoned, c.talk_ms) = (2, 60_000));
    let json = serde_json::to_string(&bad).unwrap();
    let msg = serde_json::from_str::<Components>(&json)
        .unwrap_err()
        .to_string();
    assert!(
        msg.contains("talk_ms") && msg.contains("60000 with answered 0"),
        "{msg}"
    );
}

#[test]
fn rates_of_components_failing_a_sum_relation_have_no_value() {
    use servops_kpi::{AbandonTreatment, AbandonmentPolicy, ServiceLevelPolicy};

    // two abandons (one within the threshold) and talk time with nothing
    // answered: the service level counting abandons against was 0/2 = 0.0
    let c = components_with(|c| {
        (c.abandoned, c.abandoned_within, c.talk_ms) = (2, 1, 60_000);
    });
    let sl = c.service_level(ServiceLevelPolicy::new(AbandonTreatment::CountAgainst));
    assert_eq!((sl.numerator, sl.denominator), (0.0, 2.0));
    assert_eq!(sl.value(), None);
    assert_eq!(
        c.abandonment_rate(AbandonmentPolicy::ShortIncluded).value(),
        None
    );
    // the same counts without the stray talk time: 0/2 and 2/2
    let ok = components_with(|c| (c.abandoned, c.abandoned_within) = (2, 1));
    let sl = ok.service_level(ServiceLevelPolicy::new(AbandonTreatment::CountAgainst));
    assert_eq!(sl.value(), Some(0.0));
    assert_eq!(
        ok.abandonment_rate(AbandonmentPolicy::ShortIncluded)
            .value(),
        Some(1.0)
    );
}

#[test]
fn a_sample_is_never_larger_than_its_population_past_2_pow_53() {
    // The kpi_qa fuzz target found it: with N = 2,531,906,049,332,683,555
    // and a tiny margin, n0 is 1.9e103 and the corrected n is N up to
    // rounding; the cap was taken in doubles, and N as f64 is
    // 2,531,906,049,332,683,776, so 221 evaluations more than the whole
    // population were "required".
    use servops_kpi::qa::{ConfidenceLevel, sample_size_for_proportion};
    let n = 2_531_906_049_332_683_555_u64;
    let s = sample_size_for_proportion(0.5, 1e-50, ConfidenceLevel::new(0.95).unwrap(), Some(n))
        .unwrap();
    assert_eq!(s.required, n);
    // Populations that are doubles are capped as before.
    let s = sample_size_for_proportion(0.5, 1e-6, ConfidenceLevel::new(0.95).unwrap(), Some(1000))
        .unwrap();
    assert_eq!(s.required, 1000);
}

/// A bad row is named by its own line whatever the line ends: the csv
/// crate's line count, which the reader used, is one short after CRLF line
/// ends (a bad row on line 3 of a Windows export was reported on line 2).
/// The lines below are counted by hand.
#[test]
fn bad_rows_name_their_line_in_crlf_files() {
    use servops_kpi::{BadRowPolicy, CsvSchema, Error, read_contacts};
    let header = "arrival,outcome,wait_s,talk_s";
    let good = "2026-03-02T09:00:00Z,answered,12,180";
    let bad = "2026-03-02T09:01:00Z,abandoned,-3,";
    for (text, line) in [
        (format!("{header}\n{good}\n{bad}\n"), 3),
        (format!("{header}\r\n{good}\r\n{bad}\r\n"), 3),
        (format!("{header}\r\n{good}\r\n\r\n{bad}\r\n"), 4),
        (format!("{header}\n\n{good}\n\n\n{bad}"), 6),
    ] {
        match read_contacts(text.as_bytes(), &CsvSchema::new(), BadRowPolicy::Fail) {
            Err(Error::CsvRow { line: l, .. }) => assert_eq!(l, line, "{text:?}"),
            other => panic!("{text:?}: {:?}", other.map(|c| c.records.len())),
        }
    }
}

#[test]
fn csat_cut_on_extreme_scales_is_max_minus_k_plus_one() {
    use servops_kpi::{CsatPolicy, SurveyScale, csat};

    // Scale −2147483648..=−2147483647 (2 points), top-2 box: every score is
    // satisfied, the cut is the minimum. Before: i32 overflow (a panic in
    // debug builds, a wrapped cut in release).
    let p = CsatPolicy::new(SurveyScale::new(i32::MIN, i32::MIN + 1).unwrap(), 2).unwrap();
    assert_eq!(p.satisfied_from(), i32::MIN);
    let r = csat(&[Some(f64::from(i32::MIN))], p).unwrap();
    assert_eq!(r.kpi.value(), Some(1.0));
    // The full i32 scale, top 4294967295 of its 4294967296 points: the cut
    // is 2147483647 − 4294967295 + 1 = −2147483647. Before: 1 (the top-k was
    // clamped to i32::MAX), so a score of 0 counted as unsatisfied.
    let p = CsatPolicy::new(SurveyScale::new(i32::MIN, i32::MAX).unwrap(), u32::MAX).unwrap();
    assert_eq!(p.satisfied_from(), -2_147_483_647);
    let r = csat(&[Some(0.0), Some(f64::from(i32::MIN))], p).unwrap();
    assert_eq!(r.kpi.value(), Some(0.5));
}

#[test]
fn kpi_ratio_that_overflows_has_no_value() {
    use servops_kpi::{Kpi, attrition_rate};

    // 1e300 / 1e-300 is past f64::MAX: no value, not +inf.
    assert_eq!(Kpi::new(1e300, 1e-300, ()).value(), None);
    assert_eq!(Kpi::new(1e300, 1e-300, ()).percent(), None);
    // u64::MAX leavers over an average headcount of 5e-321: before, Ok(inf).
    let a = attrition_rate(u64::MAX, 1e-320, 0.0).unwrap();
    assert_eq!(a.value(), None);
    // Headcounts of f64::MAX: the average is f64::MAX, so 5 leavers give
    // 5 / 1.7976931348623157e308 = 2.781342323134e-308. Before: the sum
    // overflowed and the value was None.
    let a = attrition_rate(5, f64::MAX, f64::MAX).unwrap();
    let v = a.value().unwrap();
    assert!((v / 2.781_342_323_134e-308 - 1.0).abs() < 1e-12, "{v}");
}

/// A reader that gives `data` in pieces of 16 bytes, then fails.
struct FailsAfter {
    data: &'static [u8],
    pos: usize,
}

impl std::io::Read for FailsAfter {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let rest = self.data.get(self.pos..).unwrap_or(&[]);
        if rest.is_empty() {
            return Err(std::io::Error::other("connection reset"));
        }
        let n = rest.len().min(buf.len()).min(16);
        buf[..n].copy_from_slice(&rest[..n]);
        self.pos += n;
        Ok(n)
    }
}

#[test]
fn csv_input_that_stops_being_readable_is_an_error_under_either_policy() {
    use servops_kpi::{BadRowPolicy, CsvSchema, Error, read_contacts};

    // Two whole rows, then the source fails in the middle of the third.
    let data = b"arrival,outcome,wait_s\n\
        2026-03-02T09:00:00Z,answered,12\n\
        2026-03-02T09:01:00Z,abandoned,3\n\
        2026-03-02T09:02";
    for policy in [BadRowPolicy::Fail, BadRowPolicy::SkipAndReport] {
        let r = read_contacts(FailsAfter { data, pos: 0 }, &CsvSchema::new(), policy);
        // Before: under SkipAndReport, Ok with the rows read so far and one
        // "unreadable row", so KPIs were computed from a truncated file.
        match r {
            Err(Error::CsvInput { message }) => {
                assert!(message.contains("connection reset"), "{message}");
            }
            other => panic!("{policy:?}: {other:?}"),
        }
    }
}

#[test]
fn sample_size_with_no_variance_from_a_population_of_one_is_one() {
    use servops_kpi::qa::{ConfidenceLevel, sample_size_for_mean, sample_size_for_proportion};

    // n0 = 0 (no variance expected), N = 1: the correction
    // n0 / (1 + (n0 − 1)/N) is 0/0. Before: Err("sample size NaN must be
    // finite (margin too small)"). The size is 0 before the floor of one
    // sample, as for any other population.
    let level = ConfidenceLevel::new(0.95).unwrap();
    for s in [
        sample_size_for_proportion(0.0, 0.05, level, Some(1)).unwrap(),
        sample_size_for_proportion(1.0, 0.05, level, Some(1)).unwrap(),
        sample_size_for_mean(0.0, 0.5, level, Some(1)).unwrap(),
    ] {
        assert_eq!((s.unadjusted, s.adjusted, s.required), (0.0, 0.0, 1));
    }
    // Any other population already gave 0 and 1.
    let s = sample_size_for_proportion(0.0, 0.05, level, Some(2)).unwrap();
    assert_eq!((s.unadjusted, s.adjusted, s.required), (0.0, 0.0, 1));
}

/// Rates of huge counts are computed in exact integers before the one
/// division. Hand values: 1 answered within, 2^60 abandoned all within the
/// threshold and short: removing them leaves 1/1; the short-excluded
/// abandonment is (2^60 - 2^60)/(1 + 2^60 - 2^60) = 0/1. Before, the f64
/// sums `h + a` lost the 1 and these were `None` (0/0).
#[test]
fn rates_of_huge_counts_cancel_exactly() {
    use servops_kpi::{AbandonTreatment, AbandonmentPolicy, Components, ServiceLevelPolicy};

    let mut c = Components::default();
    (c.answered, c.answered_within) = (1, 1);
    (c.abandoned, c.abandoned_within, c.short_abandoned) = (1 << 60, 1 << 60, 1 << 60);
    assert!(c.check().is_ok());
    for t in [
        AbandonTreatment::RemoveWithinThreshold,
        AbandonTreatment::ShortRemoved,
    ] {
        assert_eq!(
            c.service_level(ServiceLevelPolicy::new(t)).value(),
            Some(1.0),
            "{t:?}"
        );
    }
    assert_eq!(
        c.abandonment_rate(AbandonmentPolicy::ShortExcluded).value(),
        Some(0.0)
    );
}

/// Offered contacts past u64::MAX: u64::MAX answered and u64::MAX abandoned
/// are an abandonment rate of exactly 1/2 (before, the offered count
/// saturated at u64::MAX and the rate was 1.0).
#[test]
fn abandonment_rate_of_offered_past_u64_is_exact() {
    use servops_kpi::{AbandonmentPolicy, Components};

    let mut c = Components::default();
    (c.answered, c.abandoned) = (u64::MAX, u64::MAX);
    for p in [
        AbandonmentPolicy::ShortIncluded,
        AbandonmentPolicy::ShortExcluded,
    ] {
        assert_eq!(c.abandonment_rate(p).value(), Some(0.5), "{p:?}");
    }
}

/// Millisecond sums saturate at u64::MAX (about 1.8e19 ms). A record keeps
/// nanoseconds, so one duration is at most u64::MAX ns (584 years);
/// 1,300,000 answered contacts waiting, talking, holding and wrapping up
/// 1.5e10 s (475 years) each sum to 1.95e19 ms per field, and as many
/// abandons of 1.5e10 s likewise: a KPI over a saturated sum has no value.
#[test]
fn kpis_over_saturated_millisecond_sums_have_no_value() {
    use servops_kpi::{AsaPolicy, ComponentSpec, Components, ContactRecord, Error, Outcome};

    let d = Duration::from_secs(15_000_000_000);
    let epoch = t("1970-01-01T00:00:00Z");
    let answered = ContactRecord::builder(epoch, Outcome::Answered)
        .wait(d)
        .talk(d)
        .hold(d)
        .acw(d)
        .build()
        .unwrap();
    let abandoned = ContactRecord::builder(epoch, Outcome::Abandoned)
        .wait(d)
        .build()
        .unwrap();
    // a duration past u64::MAX ns (585 years) is a typed error
    let too_long = ContactRecord::builder(epoch, Outcome::Abandoned)
        .wait(Duration::from_secs(18_500_000_000))
        .build();
    assert!(matches!(
        too_long,
        Err(Error::InvalidParameter { name: "wait", .. })
    ));
    let spec = ComponentSpec::new(Duration::from_secs(20)).unwrap();
    let records = |n| std::iter::repeat_n(&answered, n).chain(std::iter::repeat_n(&abandoned, n));
    let c = Components::from_records(records(1_300_000), &spec);
    assert_eq!(c.answered_wait_ms, u64::MAX);
    assert_eq!(c.abandoned_wait_ms, u64::MAX);
    assert_eq!(c.asa(AsaPolicy::RingExcluded).value(), None);
    assert_eq!(c.asa(AsaPolicy::RingIncluded).value(), None);
    assert_eq!(c.aht().value(), None);
    assert_eq!(c.average_abandon_time().value(), None);
    // 1,000,000 of each stay below u64::MAX (1.5e19 ms per field): by hand,
    // ASA 1.5e10 s, AHT 4.5e10 s, average abandon time 1.5e10 s
    let c = Components::from_records(records(1_000_000), &spec);
    assert_eq!(c.asa(AsaPolicy::RingExcluded).value(), Some(1.5e10));
    assert_eq!(c.aht().value(), Some(4.5e10));
    assert_eq!(c.average_abandon_time().value(), Some(1.5e10));
}
