//! Durations and instants are read and compared at their full written
//! precision (to the nanosecond): a wait of 20.0004 s is not within a 20 s
//! threshold. Expected values are by hand from the written values.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use servops_core::chrono::{DateTime, Utc};
use servops_kpi::{
    BadRowPolicy, ComponentSpec, Components, ContactRecord, CsvSchema, Outcome, TimeFormat,
    WaitClock, fcr_by_repeat_window, read_contacts,
};

fn t(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn spec20() -> ComponentSpec {
    ComponentSpec::new(Duration::from_secs(20)).unwrap()
}

#[test]
fn csv_wait_seconds_keep_their_sub_millisecond_part() {
    // 20.0004 s > 20 s; 20.000000001 s > 20 s; 20.0000 s = 20 s is within.
    let text = "arrival,outcome,wait_s\n\
        2026-03-02T09:00:00Z,answered,20.0004\n\
        2026-03-02T09:00:00Z,answered,20.000000001\n\
        2026-03-02T09:00:00Z,answered,20.0000\n\
        2026-03-02T09:00:00Z,abandoned,20.0004\n";
    let r = read_contacts(text.as_bytes(), &CsvSchema::new(), BadRowPolicy::Fail).unwrap();
    assert_eq!(r.records[0].wait(), Duration::new(20, 400_000));
    assert_eq!(r.records[1].wait(), Duration::new(20, 1));
    assert_eq!(r.records[2].wait(), Duration::from_secs(20));
    let c = Components::from_records(&r.records, &spec20());
    assert_eq!((c.answered, c.answered_within), (3, 1));
    assert_eq!((c.abandoned, c.abandoned_within), (1, 0));
}

#[test]
fn csv_rfc3339_instants_keep_their_sub_millisecond_part() {
    let text = "arrival,outcome,answer,end\n\
        2026-03-02T09:00:00Z,answered,2026-03-02T09:00:20.0004Z,2026-03-02T09:05:00.000000007Z\n\
        2026-03-02T09:00:00.5Z,answered,2026-03-02T09:00:20.500000000Z,2026-03-02T09:01:00Z\n";
    let r = read_contacts(text.as_bytes(), &CsvSchema::new(), BadRowPolicy::Fail).unwrap();
    assert_eq!(r.records[0].wait(), Duration::new(20, 400_000));
    assert_eq!(r.records[0].answer(), Some(t("2026-03-02T09:00:20.0004Z")));
    // 09:05:00.000000007 - 09:00:20.0004 = 279.999600007 s
    assert_eq!(r.records[0].talk(), Some(Duration::new(279, 999_600_007)));
    assert_eq!(r.records[1].wait(), Duration::from_secs(20));
    let c = Components::from_records(&r.records, &spec20());
    assert_eq!((c.answered, c.answered_within), (2, 1));
}

#[test]
fn csv_unix_seconds_keep_their_sub_millisecond_part() {
    // 1772442000 = 2026-03-02T09:00:00Z
    let schema = CsvSchema::new().with_time_format(TimeFormat::UnixSeconds);
    let text = "arrival,outcome,queue_exit\n\
        1772442000,answered,1772442020.0004\n\
        1772442000.25,abandoned,1772442020.25\n\
        -1.5,abandoned,-1.25\n";
    let r = read_contacts(text.as_bytes(), &schema, BadRowPolicy::Fail).unwrap();
    assert_eq!(r.records[0].arrival(), t("2026-03-02T09:00:00Z"));
    assert_eq!(r.records[0].wait(), Duration::new(20, 400_000));
    assert_eq!(r.records[1].arrival(), t("2026-03-02T09:00:00.25Z"));
    assert_eq!(r.records[1].wait(), Duration::from_secs(20));
    assert_eq!(r.records[2].arrival(), t("1969-12-31T23:59:58.5Z"));
    assert_eq!(r.records[2].wait(), Duration::from_millis(250));
    let c = Components::from_records(&r.records, &spec20());
    assert_eq!((c.answered_within, c.abandoned_within), (0, 2));
}

#[test]
fn builder_keeps_nanoseconds_and_every_threshold_compares_exactly() {
    let at = t("2026-03-02T09:00:00Z");
    let ans = |w: Duration, ring: Duration| {
        ContactRecord::builder(at, Outcome::Answered)
            .wait(w)
            .ring(ring)
            .build()
            .unwrap()
    };
    let gone = |w: Duration| {
        ContactRecord::builder(at, Outcome::Abandoned)
            .wait(w)
            .build()
            .unwrap()
    };
    let over = Duration::new(20, 1); // 1 ns over 20 s
    let flow = ContactRecord::builder(at, Outcome::FlowedOut)
        .wait(over)
        .build()
        .unwrap();
    let cb = ContactRecord::builder(at, Outcome::Callback)
        .wait(over)
        .build()
        .unwrap();
    let records = [
        ans(over, Duration::ZERO),
        ans(Duration::from_secs(20), Duration::ZERO),
        // ring pushes the answer clock 1 ns over
        ans(Duration::from_secs(19), Duration::new(1, 1)),
        gone(over),
        gone(Duration::new(5, 1)),
        gone(Duration::from_secs(5)),
        flow,
        cb,
    ];
    let spec = spec20().with_short_abandon(Duration::from_secs(5)).unwrap();
    let c = Components::from_records(&records, &spec);
    assert_eq!(c.answered_within, 2);
    assert_eq!(c.abandoned_within, 2);
    assert_eq!(c.short_abandoned, 1);
    assert_eq!(c.flowed_out_within, 0);
    assert_eq!(c.callbacks_within, 0);
    let c = Components::from_records(&records, &spec.with_wait_clock(WaitClock::Answer));
    assert_eq!(c.answered_within, 1);
    // the threshold itself keeps its nanoseconds
    let spec = ComponentSpec::new(Duration::new(20, 1)).unwrap();
    assert_eq!(spec.threshold(), Duration::new(20, 1));
    let c = Components::from_records(&records[..2], &spec);
    assert_eq!(c.answered_within, 2);
    let spec = ComponentSpec::new(Duration::from_secs(20))
        .unwrap()
        .with_short_abandon(Duration::new(5, 1))
        .unwrap();
    assert_eq!(spec.short_abandon(), Duration::new(5, 1));
    let c = Components::from_records(&records[3..6], &spec);
    assert_eq!(c.short_abandoned, 2);
}

#[test]
fn repeat_window_compares_exactly() {
    // A repeat 7 days + 0.4 ms after the first contact is outside a 7-day
    // window; the data end 0.2 ms before the first window closes leaves it
    // censored.
    let call = |at: &str, who: &str| {
        ContactRecord::builder(t(at), Outcome::Answered)
            .wait(Duration::ZERO)
            .customer(who)
            .build()
            .unwrap()
    };
    let records = [
        call("2026-03-02T09:00:00Z", "ann"),
        call("2026-03-09T09:00:00.0004Z", "ann"),
    ];
    let week = Duration::from_secs(7 * 86_400);
    let r = fcr_by_repeat_window(&records, week, t("2026-03-20T00:00:00Z")).unwrap();
    assert_eq!((r.resolved, r.repeated), (2, 0));
    let r = fcr_by_repeat_window(&records[..1], week, t("2026-03-09T08:59:59.9998Z")).unwrap();
    assert_eq!((r.resolved, r.censored), (0, 1));
}

#[cfg(feature = "serde")]
#[test]
fn component_spec_json_keeps_nanoseconds_and_reads_the_millisecond_form() {
    let spec = ComponentSpec::new(Duration::new(20, 1))
        .unwrap()
        .with_short_abandon(Duration::from_millis(5_500))
        .unwrap();
    let json = serde_json::to_string(&spec).unwrap();
    assert!(json.contains("\"threshold_ns\":20000000001"), "{json}");
    assert_eq!(serde_json::from_str::<ComponentSpec>(&json).unwrap(), spec);
    // written before thresholds were kept to the nanosecond
    let old = r#"{"threshold_ms":20000,"short_abandon_ms":5500,"wait_clock":"queue_exit","attribution":"arrival"}"#;
    let read: ComponentSpec = serde_json::from_str(old).unwrap();
    assert_eq!(read.threshold(), Duration::from_secs(20));
    assert_eq!(read.short_abandon(), Duration::from_millis(5_500));
    let both = r#"{"threshold_ms":20000,"threshold_ns":1,"short_abandon_ms":0,"wait_clock":"queue_exit","attribution":"arrival"}"#;
    assert!(serde_json::from_str::<ComponentSpec>(both).is_err());
}

#[test]
fn exponent_notation_is_read_exactly_too() {
    // 2.0000000001e1 s = 20.0000000001 s: 0.1 ns over 20 s, rounds up to
    // 20.000000001 s (not within 20 s); 2.00004e1 = 20.0004 s exactly.
    let text = "arrival,outcome,wait_s\n\
        2026-03-02T09:00:00Z,answered,2.0000000001e1\n\
        2026-03-02T09:00:00Z,answered,2.00004E+1\n\
        2026-03-02T09:00:00Z,answered,2000e-2\n";
    let r = read_contacts(text.as_bytes(), &CsvSchema::new(), BadRowPolicy::Fail).unwrap();
    assert_eq!(r.records[0].wait(), Duration::new(20, 1));
    assert_eq!(r.records[1].wait(), Duration::new(20, 400_000));
    assert_eq!(r.records[2].wait(), Duration::from_secs(20));
    let c = Components::from_records(&r.records, &spec20());
    assert_eq!(c.answered_within, 1);
    // 1.7724420200004e9 = 1772442020.0004 = 2026-03-02T09:00:20.0004Z
    let schema = CsvSchema::new().with_time_format(TimeFormat::UnixSeconds);
    let text = "arrival,outcome,queue_exit\n1.772442e9,abandoned,1.7724420200004e9\n";
    let r = read_contacts(text.as_bytes(), &schema, BadRowPolicy::Fail).unwrap();
    assert_eq!(r.records[0].arrival(), t("2026-03-02T09:00:00Z"));
    assert_eq!(r.records[0].wait(), Duration::new(20, 400_000));
}

proptest::proptest! {
    /// Any whole-nanosecond wait, written plainly or in scientific notation
    /// (the same digits, the point moved), reads back exactly.
    #[test]
    fn written_waits_read_back_exactly(secs in 0u64..10_000_000_000, nanos in 0u32..1_000_000_000, trailing in 0usize..3) {
        let digits = format!("{secs}{nanos:09}");
        let zeros = "0".repeat(trailing);
        let plain = format!("{secs}.{nanos:09}{zeros}");
        // d.ddd...e(k): the point after the first digit
        let k = digits.len() as i64 - 1 - 9;
        let sci = format!("{}.{}{zeros}e{k}", &digits[..1], &digits[1..]);
        let text = format!("arrival,outcome,wait_s\n2026-03-02T09:00:00Z,abandoned,{plain}\n2026-03-02T09:00:00Z,abandoned,{sci}\n");
        let r = read_contacts(text.as_bytes(), &CsvSchema::new(), BadRowPolicy::Fail).unwrap();
        let want = Duration::new(secs, nanos);
        proptest::prop_assert_eq!(r.records[0].wait(), want, "{}", plain);
        proptest::prop_assert_eq!(r.records[1].wait(), want, "{}", sci);
    }
}

#[test]
fn a_duration_beside_its_instants_agrees_to_the_millisecond_as_before() {
    // Instants to the microsecond with durations to the millisecond beside
    // them (both read to the ms before, and equal there): the row reads,
    // and the instants' more precise difference is kept.
    let text = "arrival,outcome,queue_exit,wait_s,end,talk_s\n\
        2026-03-02T09:00:00Z,answered,2026-03-02T09:00:20.000400Z,20.000,2026-03-02T09:05:00.000900Z,280.000\n";
    let r = read_contacts(text.as_bytes(), &CsvSchema::new(), BadRowPolicy::Fail).unwrap();
    assert_eq!(r.records[0].wait(), Duration::new(20, 400_000));
    // 09:05:00.0009 - 09:00:20.0004 = 280.0005 s
    assert_eq!(r.records[0].talk(), Some(Duration::new(280, 500_000)));
    // a millisecond or more apart is still an error
    let text = "arrival,outcome,queue_exit,wait_s\n\
        2026-03-02T09:00:00Z,abandoned,2026-03-02T09:00:20.001Z,20\n";
    assert!(read_contacts(text.as_bytes(), &CsvSchema::new(), BadRowPolicy::Fail).is_err());
}
