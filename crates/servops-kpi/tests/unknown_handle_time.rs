//! Answered contacts whose handle time is unknown (neither an end nor a
//! talk time) are left out of AHT, never counted as 0 s of handling.
//! Values computed by hand.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use servops_core::chrono::{DateTime, Utc};
use servops_kpi::{AsaPolicy, ComponentSpec, Components, ContactRecord, Outcome};

fn three_answered() -> Vec<ContactRecord> {
    let at: DateTime<Utc> = "2026-03-02T09:00:00Z".parse().unwrap();
    let b = |wait| ContactRecord::builder(at, Outcome::Answered).wait(Duration::from_secs(wait));
    vec![
        b(10).talk(Duration::from_secs(100)).build().unwrap(),
        b(20).talk(Duration::from_secs(200)).build().unwrap(),
        // answered, but no end and no talk time: unknown
        b(30).build().unwrap(),
    ]
}

fn components(records: &[ContactRecord]) -> Components {
    Components::from_records(
        records,
        &ComponentSpec::new(Duration::from_secs(20)).unwrap(),
    )
}

/// Talk 100 s, 200 s and unknown: AHT (100 + 200) / 2 = 150 s. Before the
/// fix the unknown one counted as 0 s: (100 + 200 + 0) / 3 = 100 s.
#[test]
fn aht_leaves_out_an_unknown_handle_time() {
    let c = components(&three_answered());
    assert_eq!(c.aht().value(), Some(150.0));
}

/// The one left out is reported, in the components and in the KPI, and
/// the answered count, service level and ASA keep it: 3 answered, 2 within
/// 20 s, ASA (10 + 20 + 30) / 3 = 20 s.
#[test]
fn the_unknown_one_is_reported_and_still_answered() {
    let records = three_answered();
    assert_eq!(
        records
            .iter()
            .map(ContactRecord::handle_known)
            .collect::<Vec<_>>(),
        [true, true, false]
    );
    let c = components(&records);
    assert_eq!((c.answered, c.answered_within), (3, 2));
    assert_eq!((c.handle_unknown, c.handle_known()), (1, 2));
    assert_eq!(c.talk_ms, 300_000);
    let aht = c.aht();
    assert_eq!(
        (aht.numerator, aht.denominator, aht.excluded),
        (300.0, 2.0, 1)
    );
    assert_eq!(c.asa(AsaPolicy::RingExcluded).value(), Some(20.0));
    assert_eq!(c.check(), Ok(()));
    // only unknowns: no AHT at all, not 0 s
    let only = components(&records[2..]);
    assert_eq!((only.aht().value(), only.aht().excluded), (None, 1));
}

/// Hold and ACW given on a record whose talk time is unknown are kept on
/// the record but enter no sum (the handle time as a whole is unknown).
#[test]
fn hold_and_acw_without_talk_enter_no_sum() {
    let at: DateTime<Utc> = "2026-03-02T09:00:00Z".parse().unwrap();
    let r = ContactRecord::builder(at, Outcome::Answered)
        .wait(Duration::from_secs(5))
        .hold(Duration::from_secs(40))
        .acw(Duration::from_secs(60))
        .build()
        .unwrap();
    assert_eq!(
        (r.hold(), r.acw()),
        (Duration::from_secs(40), Duration::from_secs(60))
    );
    assert_eq!(
        (r.talk(), r.handle_time(), r.end(), r.completion()),
        (None, None, None, None)
    );
    let c = components(&[r]);
    assert_eq!(
        (c.talk_ms, c.hold_ms, c.acw_ms, c.handle_unknown),
        (0, 0, 0, 1)
    );
}

/// Components written as JSON before `handle_unknown` existed read with
/// it 0; a non-zero one round-trips; more unknown than answered is refused.
#[cfg(feature = "serde")]
#[test]
fn components_json_old_and_new() {
    let c = components(&three_answered());
    let json = serde_json::to_string(&c).unwrap();
    assert!(json.contains("\"handle_unknown\":1"), "{json}");
    assert_eq!(serde_json::from_str::<Components>(&json).unwrap(), c);
    // known-only components are written as before (no handle_unknown key)
    let known = components(&three_answered()[..2]);
    let old = serde_json::to_string(&known).unwrap();
    assert!(!old.contains("handle_unknown"), "{old}");
    let back: Components = serde_json::from_str(&old).unwrap();
    assert_eq!((back.handle_unknown, back), (0, known));
    let mut v: serde_json::Value = serde_json::from_str(&json).unwrap();
    v["handle_unknown"] = serde_json::json!(4);
    assert!(serde_json::from_value::<Components>(v).is_err());
    // the AHT's excluded count round-trips, and old KPI JSON reads as 0
    let aht = c.aht();
    let k = serde_json::to_string(&aht).unwrap();
    assert!(k.contains("\"excluded\":1"), "{k}");
    assert_eq!(
        serde_json::from_str::<servops_kpi::Kpi<()>>(&k).unwrap(),
        aht
    );
    let old_kpi: servops_kpi::Kpi<()> =
        serde_json::from_str(r#"{"numerator":3.0,"denominator":4.0,"policy":null}"#).unwrap();
    assert_eq!(old_kpi.excluded, 0);
}

/// Occupancy needs the handle time of every answered contact. From the
/// three records (100 s, 200 s, unknown) and 300 s available idle, the
/// caller's route through the component sums gave 300 / (300 + 300) = 0.5
/// with no sign that a contact was missing (the unknown one may have
/// lasted any time: with 150 s, the mean of the others, it is
/// 450 / 750 = 0.6). `Components::occupancy` refuses instead, naming the
/// count; with every handle time known it is handle / (handle + idle).
#[test]
fn occupancy_needs_every_handle_time() {
    use servops_kpi::{Error, occupancy};
    let records = three_answered();
    let c = components(&records);
    let available = Duration::from_secs(300);

    // The silent route: the sums leave the unknown contact out.
    let summed = Duration::from_millis(c.talk_ms + c.hold_ms + c.acw_ms);
    assert_eq!(occupancy(summed, available).value(), Some(0.5));

    assert_eq!(
        c.occupancy(available),
        Err(Error::UnknownHandleTime {
            kpi: "occupancy",
            unknown: 1,
            answered: 3,
        })
    );
    let err = c.occupancy(available).unwrap_err().to_string();
    assert_eq!(
        err,
        "occupancy needs the handle time of every answered contact; 1 of 3 have none"
    );

    // The two known ones alone: (100 + 200) / (300 + 300) = 0.5.
    let known = components(&records[..2]);
    let occ = known.occupancy(available).unwrap();
    assert_eq!((occ.numerator, occ.denominator), (300.0, 600.0));
    assert_eq!((occ.value(), occ.excluded), (Some(0.5), 0));
    // No contact and no idle time: undefined, not 0.
    assert_eq!(
        Components::default()
            .occupancy(Duration::ZERO)
            .unwrap()
            .value(),
        None
    );
}
