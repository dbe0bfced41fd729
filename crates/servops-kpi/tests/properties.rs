//! Property tests of the model invariants: additivity, bounds, policy
//! monotonicity, censoring invariance.

// Test helpers outside #[test] functions may unwrap and panic.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use proptest::prelude::*;
use servops_core::IntervalGrid;
use servops_core::chrono::{DateTime, TimeDelta, Utc};
use servops_kpi::{
    AbandonTreatment, AbandonmentPolicy, AsaPolicy, Attribution, ComponentSeries, ComponentSpec,
    Components, ContactRecord, Outcome, RemovalTreatment, ServiceLevelPolicy,
};

fn start() -> DateTime<Utc> {
    "2026-03-02T00:00:00Z".parse().unwrap()
}

fn outcome() -> impl Strategy<Value = Outcome> {
    prop_oneof![
        6 => Just(Outcome::Answered),
        2 => Just(Outcome::Abandoned),
        1 => Just(Outcome::FlowedOut),
        1 => Just(Outcome::Callback),
    ]
}

prop_compose! {
    fn record()(
        offset_s in 0i64..86_400,
        outcome in outcome(),
        wait in 0u64..300_000,
        ring in 0u64..20_000,
        talk in 0u64..900_000,
        hold in 0u64..120_000,
        acw in 0u64..200_000,
        transferred in any::<bool>(),
    ) -> ContactRecord {
        let arrival = start() + TimeDelta::seconds(offset_s);
        let b = ContactRecord::builder(arrival, outcome).wait(Duration::from_millis(wait));
        let b = if outcome == Outcome::Answered {
            b.ring(Duration::from_millis(ring))
                .talk(Duration::from_millis(talk))
                .hold(Duration::from_millis(hold))
                .acw(Duration::from_millis(acw))
                .transferred(transferred)
        } else {
            b
        };
        b.build().unwrap()
    }
}

fn spec(threshold_s: u64, short_s: u64) -> ComponentSpec {
    ComponentSpec::new(Duration::from_secs(threshold_s))
        .unwrap()
        .with_short_abandon(Duration::from_secs(short_s))
        .unwrap()
}

fn grid(minutes: u64) -> IntervalGrid {
    // two days so that answer and completion instants stay on the grid
    IntervalGrid::new(
        start(),
        Duration::from_secs(minutes * 60),
        (2 * 1440 / minutes) as usize,
    )
    .unwrap()
}

fn all_policies() -> Vec<ServiceLevelPolicy> {
    let mut v = Vec::new();
    for a in AbandonTreatment::ALL {
        for f in [
            RemovalTreatment::Exclude,
            RemovalTreatment::CountAgainst,
            RemovalTreatment::MetWithinThreshold,
        ] {
            for c in [
                RemovalTreatment::Exclude,
                RemovalTreatment::CountAgainst,
                RemovalTreatment::MetWithinThreshold,
            ] {
                v.push(
                    ServiceLevelPolicy::new(*a)
                        .with_flow_outs(f)
                        .with_callbacks(c),
                );
            }
        }
    }
    v
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// A KPI over a union of intervals equals the ratio of the summed
    /// components: 15-minute components summed to hours equal a direct
    /// hourly aggregation, and the total equals the one-bucket computation.
    #[test]
    fn additivity_across_intervals(records in prop::collection::vec(record(), 0..200), t in 0u64..60) {
        for attribution in [Attribution::Arrival, Attribution::Answer, Attribution::Completion] {
            let sp = spec(t, 5).with_attribution(attribution);
            let fine = ComponentSeries::aggregate(&records, grid(15), sp);
            let hourly = ComponentSeries::aggregate(&records, grid(60), sp);
            let summed = fine.components().aggregate_sum(Duration::from_secs(3600)).unwrap();
            prop_assert_eq!(summed.values(), hourly.components().values());
            prop_assert_eq!(fine.total(), Components::from_records(&records, &sp));
            for p in all_policies() {
                let total = fine.total().service_level(p);
                let (n, d) = fine.components().values().iter().fold((0.0, 0.0), |(n, d), c| {
                    let k = c.service_level(p);
                    (n + k.numerator, d + k.denominator)
                });
                prop_assert_eq!((total.numerator, total.denominator), (n, d));
            }
        }
    }

    /// Aggregating two record sets separately and merging equals aggregating
    /// their union (additivity across queues and channels).
    #[test]
    fn additivity_across_queues(a in prop::collection::vec(record(), 0..100), b in prop::collection::vec(record(), 0..100)) {
        let sp = spec(20, 5);
        let union: Vec<ContactRecord> = a.iter().chain(&b).cloned().collect();
        let merged = ComponentSeries::aggregate(&a, grid(15), sp)
            .merge(&ComponentSeries::aggregate(&b, grid(15), sp)).unwrap();
        prop_assert_eq!(merged, ComponentSeries::aggregate(&union, grid(15), sp));
    }

    /// Every rate is in [0, 1] when defined; times are non-negative; ASA
    /// (queue time) is at most the longest wait.
    #[test]
    fn bounds(records in prop::collection::vec(record(), 0..200), t in 0u64..60, s in 0u64..30) {
        let c = Components::from_records(&records, &spec(t, s));
        for p in all_policies() {
            if let Some(v) = c.service_level(p).value() {
                prop_assert!((0.0..=1.0).contains(&v), "{p}: {v}");
            }
        }
        for p in [AbandonmentPolicy::ShortIncluded, AbandonmentPolicy::ShortExcluded] {
            if let Some(v) = c.abandonment_rate(p).value() {
                prop_assert!((0.0..=1.0).contains(&v));
            }
        }
        if let Some(v) = c.transfer_rate().value() {
            prop_assert!((0.0..=1.0).contains(&v));
        }
        // the longest wait follows the wait clock (queue exit by default), so
        // it bounds the ASA without ring time
        if let Some(asa) = c.asa(AsaPolicy::RingExcluded).value() {
            prop_assert!(asa >= 0.0);
            let longest = c.longest_wait().unwrap().as_secs_f64();
            prop_assert!(asa <= longest + 1e-9, "asa {asa} > longest {longest}");
        }
        if let Some(aht) = c.aht().value() {
            prop_assert!(aht >= 0.0);
        }
        // undefined exactly when nothing was answered or abandoned: flow-outs
        // and callbacks are excluded from both sides by the default policy,
        // so a set of only flow-outs has no service level
        let any = c.answered + c.abandoned > 0;
        prop_assert_eq!(c.service_level(ServiceLevelPolicy::new(AbandonTreatment::CountAgainst)).value().is_some(), any);
    }

    /// Counting abandons (or flow-outs, callbacks) as met never lowers the
    /// service level below counting them against; a longer threshold never
    /// lowers it either.
    #[test]
    fn policy_monotonicity(records in prop::collection::vec(record(), 1..200), t in 0u64..60, dt in 0u64..60, s in 0u64..60) {
        let c = Components::from_records(&records, &spec(t, s));
        let against = c.service_level(ServiceLevelPolicy::new(AbandonTreatment::CountAgainst)).value();
        for better in [
            AbandonTreatment::MetWithinThreshold,
            AbandonTreatment::RemoveWithinThreshold,
            AbandonTreatment::ShortCountedAsMet,
            AbandonTreatment::ShortRemoved,
        ] {
            let v = c.service_level(ServiceLevelPolicy::new(better)).value();
            if let (Some(a), Some(b)) = (against, v) {
                prop_assert!(b >= a - 1e-12, "{better:?}: {b} < {a}");
            }
        }
        for a in AbandonTreatment::ALL {
            let base = ServiceLevelPolicy::new(*a);
            let met = c.service_level(base.with_callbacks(RemovalTreatment::MetWithinThreshold)
                .with_flow_outs(RemovalTreatment::MetWithinThreshold)).value();
            let cnt = c.service_level(base.with_callbacks(RemovalTreatment::CountAgainst)
                .with_flow_outs(RemovalTreatment::CountAgainst)).value();
            if let (Some(m), Some(k)) = (met, cnt) {
                prop_assert!(m >= k - 1e-12);
            }
            let longer = Components::from_records(&records, &spec(t + dt, s));
            if let (Some(x), Some(y)) = (c.service_level(base).value(), longer.service_level(base).value()) {
                prop_assert!(y >= x - 1e-12, "{a:?}: T={t}: {x}, T={}: {y}", t + dt);
            }
        }
    }

    /// Contacts still waiting at the end of the data change no numerator or
    /// denominator; only the censored count.
    #[test]
    fn censoring_invariance(records in prop::collection::vec(record(), 0..100), waiting in prop::collection::vec(0i64..86_400, 0..50)) {
        let sp = spec(20, 5);
        let mut with = records.clone();
        for off in &waiting {
            with.push(ContactRecord::builder(start() + TimeDelta::seconds(*off), Outcome::StillWaiting)
                .wait(Duration::from_secs(30)).build().unwrap());
        }
        let a = Components::from_records(&records, &sp);
        let mut b = Components::from_records(&with, &sp);
        prop_assert_eq!(b.censored, waiting.len() as u64);
        b.censored = 0;
        prop_assert_eq!(a, b);
    }
}

prop_compose! {
    /// An answered contact with neither an end nor a talk time (its handle
    /// time is unknown), maybe with hold and ACW given, and the same
    /// contact with its talk time known.
    fn unknown_handle_record()(
        offset_s in 0i64..86_400,
        wait in 0u64..300_000,
        ring in 0u64..20_000,
        talk in 0u64..900_000,
        hold in prop::option::of(0u64..120_000),
        acw in prop::option::of(0u64..200_000),
        transferred in any::<bool>(),
        resolved in prop::option::of(any::<bool>()),
    ) -> (ContactRecord, ContactRecord) {
        let arrival = start() + TimeDelta::seconds(offset_s);
        let mut b = ContactRecord::builder(arrival, Outcome::Answered)
            .wait(Duration::from_millis(wait))
            .ring(Duration::from_millis(ring))
            .transferred(transferred);
        if let Some(h) = hold {
            b = b.hold(Duration::from_millis(h));
        }
        if let Some(a) = acw {
            b = b.acw(Duration::from_millis(a));
        }
        if let Some(r) = resolved {
            b = b.resolved(r);
        }
        let known = b.clone().talk(Duration::from_millis(talk)).build().unwrap();
        (b.build().unwrap(), known)
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Adding answered records whose handle time is unknown never changes
    /// AHT (value, numerator or denominator) nor any handle sum; AHT
    /// reports them as excluded. Every other count and wait is what the
    /// same records with a known talk time give: answered, service level,
    /// ASA, transfers and resolution do not depend on the handle time.
    #[test]
    fn unknown_handle_time_changes_no_handle_kpi(
        records in prop::collection::vec(record(), 0..100),
        unknown in prop::collection::vec(unknown_handle_record(), 0..20),
        t in 0u64..60,
    ) {
        let sp = spec(t, 5);
        let mut with = records.clone();
        let mut with_known = records.clone();
        for (u, k) in &unknown {
            prop_assert!(!u.handle_known() && u.talk().is_none() && u.handle_time().is_none());
            with.push(u.clone());
            with_known.push(k.clone());
        }
        let a = Components::from_records(&records, &sp);
        let b = Components::from_records(&with, &sp);
        let n = unknown.len() as u64;
        let (ka, kb) = (a.aht(), b.aht());
        prop_assert_eq!(ka.value(), kb.value());
        prop_assert_eq!((ka.numerator, ka.denominator), (kb.numerator, kb.denominator));
        prop_assert_eq!((ka.excluded, kb.excluded), (0, n));
        prop_assert_eq!((a.talk_ms, a.hold_ms, a.acw_ms), (b.talk_ms, b.hold_ms, b.acw_ms));
        prop_assert_eq!(b.answered, a.answered + n);
        prop_assert_eq!(b.handle_known(), a.answered);
        prop_assert!(b.check().is_ok());
        let mut k = Components::from_records(&with_known, &sp);
        prop_assert_eq!(k.handle_unknown, 0);
        (k.talk_ms, k.hold_ms, k.acw_ms, k.handle_unknown) = (b.talk_ms, b.hold_ms, b.acw_ms, n);
        prop_assert_eq!(k, b);
        for p in all_policies() {
            prop_assert_eq!(k.service_level(p), b.service_level(p));
        }
        // the interval series adds up to the same total under every
        // attribution (an unknown completion is placed at the answer)
        for attribution in [Attribution::Arrival, Attribution::Answer, Attribution::Completion] {
            let sp = sp.with_attribution(attribution);
            let s = ComponentSeries::aggregate(&with, grid(15), sp);
            prop_assert_eq!(s.total(), Components::from_records(&with, &sp));
            prop_assert_eq!(s.outside_grid(), 0);
        }
    }
}

prop_compose! {
    fn customer_contact()(offset_h in 0i64..(24 * 30), who in 0u8..6, answered in any::<bool>()) -> ContactRecord {
        let outcome = if answered { Outcome::Answered } else { Outcome::Abandoned };
        ContactRecord::builder(start() + TimeDelta::hours(offset_h), outcome)
            .wait(Duration::from_secs(10))
            .customer(format!("c{who}"))
            .build()
            .unwrap()
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// FCR by repeat window: every answered contact is counted exactly once
    /// (contacts after the data end in `after_data_end`); records after the
    /// data end change nothing else (the report equals that of the records
    /// arriving by the data end); a later data end never undoes a decision
    /// (resolved and repeated never fall), censors only contacts censored
    /// before or newly inside the data, and leaves nothing censored once
    /// every window is complete.
    #[test]
    fn fcr_censoring(records in prop::collection::vec(customer_contact(), 0..60), days in 1i64..10, extra in 0i64..40) {
        let window = Duration::from_secs(7 * 86_400);
        let end1 = start() + TimeDelta::days(days);
        let end2 = end1 + TimeDelta::days(extra);
        let a = servops_kpi::fcr_by_repeat_window(&records, window, end1).unwrap();
        let b = servops_kpi::fcr_by_repeat_window(&records, window, end2).unwrap();
        let answered = |end| records.iter().filter(|r| r.outcome() == Outcome::Answered && r.arrival() > end).count() as u64;
        let all = records.iter().filter(|r| r.outcome() == Outcome::Answered).count() as u64;
        prop_assert_eq!(a.resolved + a.repeated + a.censored + a.unidentified + a.after_data_end, all);
        prop_assert_eq!(a.after_data_end, answered(end1));
        prop_assert_eq!(b.after_data_end, answered(end2));
        let inside: Vec<ContactRecord> = records.iter().filter(|r| r.arrival() <= end1).cloned().collect();
        let mut only_inside = servops_kpi::fcr_by_repeat_window(&inside, window, end1).unwrap();
        prop_assert_eq!(only_inside.after_data_end, 0);
        only_inside.after_data_end = a.after_data_end;
        prop_assert_eq!(only_inside, a);
        prop_assert!(b.resolved >= a.resolved);
        prop_assert!(b.repeated >= a.repeated);
        prop_assert!(b.censored <= a.censored + (a.after_data_end - b.after_data_end));
        let done = servops_kpi::fcr_by_repeat_window(&records, window, start() + TimeDelta::days(40)).unwrap();
        prop_assert_eq!(done.censored, 0);
        prop_assert_eq!(done.after_data_end, 0);
        if let Some(v) = a.fcr().value() {
            prop_assert!((0.0..=1.0).contains(&v));
        }
    }

    /// Adherence lies in [0, 1]; a grace rule never adds exception time;
    /// counting out-of-shift work as an exception never raises adherence.
    #[test]
    fn adherence_bounds_and_grace(
        sched in prop::collection::vec((0i64..600, 1i64..120, 0u8..2), 1..6),
        states in prop::collection::vec((0i64..600, 1i64..120, 0u8..3), 0..8),
        grace in 0u64..30,
    ) {
        use servops_kpi::{AdherencePolicy, GraceRule, OutOfShift, TimeSpan, schedule_adherence};
        let span = |(s, len, l): (i64, i64, u8), names: &[&str]| {
            TimeSpan::new(start() + TimeDelta::minutes(s), start() + TimeDelta::minutes(s + len), names[usize::from(l)]).unwrap()
        };
        let schedule: Vec<TimeSpan> = sched.into_iter().map(|x| span(x, &["work", "break"])).collect();
        let states: Vec<TimeSpan> = states.into_iter().map(|x| span(x, &["available", "break", "offline"])).collect();
        let base = AdherencePolicy::new()
            .with_adherent_states("work", &["available"])
            .with_adherent_states("break", &["break"])
            .with_working_states(&["available"])
            .with_working_activities(&["work"]);
        let none = schedule_adherence(&schedule, &states, &base).unwrap();
        let v = none.adherence().value().unwrap();
        prop_assert!((0.0..=1.0).contains(&v));
        prop_assert!(none.exception <= none.scheduled);
        for g in [GraceRule::ForgiveShorter(Duration::from_secs(grace * 60)), GraceRule::DeductFromEach(Duration::from_secs(grace * 60))] {
            let r = schedule_adherence(&schedule, &states, &base.clone().with_grace(g)).unwrap();
            prop_assert!(r.exception <= none.exception);
            prop_assert!(r.adherence().value().unwrap() >= v - 1e-12);
        }
        let oos = schedule_adherence(&schedule, &states, &base.clone().with_out_of_shift(OutOfShift::Exception)).unwrap();
        let w = oos.adherence().value().unwrap();
        prop_assert!((0.0..=1.0).contains(&w));
        prop_assert!(w <= v + 1e-12);
    }
}

fn any_outcome() -> impl Strategy<Value = Outcome> {
    prop_oneof![
        5 => Just(Outcome::Answered),
        2 => Just(Outcome::Abandoned),
        1 => Just(Outcome::FlowedOut),
        1 => Just(Outcome::Callback),
        1 => Just(Outcome::StillWaiting),
    ]
}

prop_compose! {
    /// Any outcome, with handling times (zero included) and transfer and
    /// resolution flags on answered contacts.
    fn flagged_record()(
        offset_s in 0i64..86_400,
        outcome in any_outcome(),
        wait in prop_oneof![Just(0u64), 0u64..120_000],
        ring in 0u64..20_000,
        talk in 0u64..900_000,
        hold in prop_oneof![Just(0u64), 0u64..120_000],
        acw in prop_oneof![Just(0u64), 0u64..200_000],
        transferred in any::<bool>(),
        resolved in prop::option::of(any::<bool>()),
    ) -> ContactRecord {
        let arrival = start() + TimeDelta::seconds(offset_s);
        let b = ContactRecord::builder(arrival, outcome);
        let b = if outcome == Outcome::StillWaiting { b } else { b.wait(Duration::from_millis(wait)) };
        let b = if outcome == Outcome::Answered {
            let b = b.ring(Duration::from_millis(ring))
                .talk(Duration::from_millis(talk))
                .hold(Duration::from_millis(hold))
                .acw(Duration::from_millis(acw))
                .transferred(transferred);
            match resolved {
                Some(r) => b.resolved(r),
                None => b,
            }
        } else {
            b
        };
        b.build().unwrap()
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Components built by the library pass `Components::check` (counts,
    /// sums of no contact, mean waits at most the longest): from records,
    /// per interval, in total, per day and merged, under every wait clock
    /// and attribution.
    #[test]
    fn built_components_pass_check(
        a in prop::collection::vec(flagged_record(), 0..150),
        b in prop::collection::vec(flagged_record(), 0..150),
        t in 0u64..90,
        s in 0u64..90,
    ) {
        use servops_core::chrono_tz::Europe::London;
        use servops_kpi::WaitClock;

        for clock in [WaitClock::QueueExit, WaitClock::Answer] {
            for attribution in [Attribution::Arrival, Attribution::Answer, Attribution::Completion] {
                let sp = spec(t, s).with_wait_clock(clock).with_attribution(attribution);
                prop_assert!(Components::from_records(&a, &sp).check().is_ok());
                let sa = ComponentSeries::aggregate(&a, grid(15), sp);
                let sb = ComponentSeries::aggregate(&b, grid(15), sp);
                for c in sa.components().values() {
                    prop_assert!(c.check().is_ok(), "{:?}", c.check());
                }
                prop_assert!(sa.total().check().is_ok());
                for (_, c) in sa.daily(London) {
                    prop_assert!(c.check().is_ok());
                }
                let merged = sa.merge(&sb).unwrap();
                prop_assert!(merged.total().check().is_ok());
                for c in merged.components().values() {
                    prop_assert!(c.check().is_ok());
                }
                for (_, g) in ComponentSeries::aggregate_by(&a, grid(60), sp, ContactRecord::transferred) {
                    prop_assert!(g.total().check().is_ok());
                }
            }
        }
    }
}
