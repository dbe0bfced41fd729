//! Published worked examples (sources in tests/data/PROVENANCE.md).

// Test helpers outside #[test] functions may unwrap and panic.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use servops_core::chrono::{DateTime, Utc};
use servops_kpi::{
    AbandonTreatment, AdherencePolicy, ComponentSpec, Components, Conformance, ContactRecord,
    CsatPolicy, OutOfShift, Outcome, ServiceLevelPolicy, SurveyScale, TimeSpan, csat, nps,
    schedule_adherence,
};

fn t(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

/// ICMI "Service Level Calculations": 1,000 answered (860 within 20 s),
/// 60 abandoned (20 within 20 s, 40 after); short abandons: 10 within 5 s.
fn icmi_records() -> Vec<ContactRecord> {
    let at = t("2026-03-02T09:00:00Z");
    let mut v = Vec::new();
    let mut push = |n: usize, outcome: Outcome, wait: u64| {
        for _ in 0..n {
            v.push(
                ContactRecord::builder(at, outcome)
                    .wait(Duration::from_secs(wait))
                    .build()
                    .unwrap(),
            );
        }
    };
    push(860, Outcome::Answered, 20); // exactly at the threshold: inclusive
    push(140, Outcome::Answered, 21);
    push(10, Outcome::Abandoned, 5);
    push(10, Outcome::Abandoned, 12);
    push(40, Outcome::Abandoned, 60);
    v
}

fn icmi_components() -> Components {
    let spec = ComponentSpec::new(Duration::from_secs(20))
        .unwrap()
        .with_short_abandon(Duration::from_secs(5))
        .unwrap();
    Components::from_records(&icmi_records(), &spec)
}

#[test]
fn icmi_counts() {
    let c = icmi_components();
    assert_eq!(
        (
            c.answered,
            c.answered_within,
            c.abandoned,
            c.abandoned_within,
            c.short_abandoned
        ),
        (1000, 860, 60, 20, 10)
    );
}

#[test]
fn icmi_service_level_six_definitions() {
    let c = icmi_components();
    let sl = |a| {
        c.service_level(ServiceLevelPolicy::new(a))
            .percent()
            .unwrap()
    };
    // published (ICMI): 83.02 %, 86.0 %, 81.13 %, 82.69 %
    let cases = [
        (AbandonTreatment::MetWithinThreshold, 880.0 / 1060.0, 83.02),
        (AbandonTreatment::Ignore, 860.0 / 1000.0, 86.0),
        (AbandonTreatment::CountAgainst, 860.0 / 1060.0, 81.13),
        (
            AbandonTreatment::RemoveWithinThreshold,
            860.0 / 1040.0,
            82.69,
        ),
        // short-abandon variants, S = 5 s, A_S = 10
        (AbandonTreatment::ShortCountedAsMet, 870.0 / 1060.0, 82.08),
        (AbandonTreatment::ShortRemoved, 860.0 / 1050.0, 81.90),
    ];
    for (treatment, exact, published) in cases {
        let got = sl(treatment);
        assert!((got - 100.0 * exact).abs() < 1e-9, "{treatment:?}: {got}");
        assert!(
            (got - published).abs() < 0.005,
            "{treatment:?}: {got} vs {published}"
        );
    }
}

fn at(h: u32, m: u32) -> DateTime<Utc> {
    t(&format!("2026-03-02T{h:02}:{m:02}:00Z"))
}

fn span(a: (u32, u32), b: (u32, u32), label: &str) -> TimeSpan {
    TimeSpan::new(at(a.0, a.1), at(b.0, b.1), label).unwrap()
}

fn amazon_policy() -> AdherencePolicy {
    // Amazon Connect: adherent = Available during a productive activity, or
    // any non-productive status during a non-productive activity.
    let non_productive = ["break", "team_meeting"];
    AdherencePolicy::new()
        .with_adherent_states("work", &["available"])
        .with_adherent_states("break", &non_productive)
        .with_adherent_states("team_meeting", &non_productive)
        .with_working_states(&["available"])
        .with_working_activities(&["work"])
}

#[test]
fn amazon_connect_adherence_example_1() {
    let schedule = [span((8, 0), (11, 0), "work")];
    let states = [
        span((7, 30), (10, 30), "available"),
        span((10, 30), (11, 0), "break"),
    ];
    let r = schedule_adherence(&schedule, &states, &amazon_policy()).unwrap();
    assert_eq!(r.scheduled, Duration::from_secs(180 * 60));
    assert_eq!(r.exception, Duration::from_secs(30 * 60));
    let a = r.adherence();
    assert_eq!((a.numerator, a.denominator), (150.0 * 60.0, 180.0 * 60.0));
    assert_eq!((a.percent().unwrap()).round(), 83.0);
}

#[test]
fn amazon_connect_adherence_example_2() {
    let schedule = [
        span((9, 0), (10, 30), "work"),
        span((10, 30), (11, 0), "break"),
        span((11, 0), (12, 0), "team_meeting"),
    ];
    let states = [
        span((9, 0), (10, 45), "available"),
        span((10, 45), (12, 0), "break"),
    ];
    let r = schedule_adherence(&schedule, &states, &amazon_policy()).unwrap();
    let a = r.adherence();
    assert_eq!((a.numerator, a.denominator), (165.0 * 60.0, 180.0 * 60.0));
    assert_eq!((a.percent().unwrap()).round(), 92.0);
}

#[test]
fn genesys_cloud_working_outside_shift_example() {
    // 60 min scheduled on queue; the agent arrives 10 min late, works the
    // remaining 50 min and stays 10 min longer.
    let schedule = [span((9, 0), (10, 0), "on_queue")];
    let states = [span((9, 10), (10, 10), "on_queue")];
    let base = AdherencePolicy::new()
        .with_adherent_states("on_queue", &["on_queue"])
        .with_working_states(&["on_queue"])
        .with_working_activities(&["on_queue"]);
    let with = schedule_adherence(
        &schedule,
        &states,
        &base.clone().with_out_of_shift(OutOfShift::Exception),
    )
    .unwrap();
    let expected = 1.0 - (10.0 + 10.0) / (60.0 + 10.0);
    assert!((with.adherence().value().unwrap() - expected).abs() < 1e-12);
    let without = schedule_adherence(&schedule, &states, &base).unwrap();
    assert!((without.adherence().value().unwrap() - (1.0 - 10.0 / 60.0)).abs() < 1e-12);
    // conformance: 60 min worked on queue / 60 min scheduled on queue
    assert_eq!(with.conformance(), Some(Conformance::Ratio(1.0)));
}

#[test]
fn nps_standard_cases() {
    let mut s = vec![Some(10.0); 50];
    s.extend(vec![Some(8.0); 30]);
    s.extend(vec![Some(6.0); 20]);
    assert_eq!(nps(&s).unwrap().score(), Some(30.0));
    assert_eq!(nps(&[Some(9.0); 7]).unwrap().score(), Some(100.0));
    assert_eq!(nps(&[Some(0.0); 7]).unwrap().score(), Some(-100.0));
    assert_eq!(nps(&[Some(7.0), Some(8.0)]).unwrap().score(), Some(0.0));
    assert_eq!(nps(&[None, None]).unwrap().score(), None);
    assert!(nps(&[Some(11.0)]).is_err());
    assert!(nps(&[Some(f64::NAN)]).is_err());
    assert!(nps(&[Some(7.5)]).is_err());
}

#[test]
fn csat_standard_cases() {
    // Zendesk-style binary good/bad as a 2-point scale, top-1 box:
    // good / (good + bad), unrated left out.
    let binary = CsatPolicy::new(SurveyScale::new(0, 1).unwrap(), 1).unwrap();
    let r = csat(
        &[Some(1.0), Some(1.0), Some(1.0), Some(0.0), None, None],
        binary,
    )
    .unwrap();
    assert_eq!(r.kpi.value(), Some(0.75));
    assert_eq!(r.response_rate.value(), Some(4.0 / 6.0));
    // 1-5 scale, 4-5 satisfied (top-2 box)
    let top2 = CsatPolicy::new(SurveyScale::new(1, 5).unwrap(), 2).unwrap();
    let scores: Vec<Option<f64>> = [5, 4, 4, 3, 2, 5, 1, 4, 5, 3]
        .iter()
        .map(|&x| Some(f64::from(x)))
        .collect();
    assert_eq!(csat(&scores, top2).unwrap().kpi.value(), Some(0.6));
    // no responses: undefined, not 0 %
    assert_eq!(csat(&[None], top2).unwrap().kpi.value(), None);
    assert!(csat(&[Some(6.0)], top2).is_err());
    assert!(csat(&[Some(f64::NAN)], top2).is_err());
}
