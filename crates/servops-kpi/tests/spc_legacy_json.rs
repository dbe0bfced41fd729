//! X-bar/S chart JSON written before the chart stored its subgroup sizes
//! (`{"means", "std_devs"}` only, the form of release 0.x up to commit
//! 41327b3). The limits of each point determine its subgroup size when the
//! mean standard deviation is positive (σ_x̄ / s̄ = 1/(c4(n) √n) is strictly
//! decreasing in n); such JSON is read, anything else is refused with
//! [`Error::LegacyFormat`] saying why.
//!
//! The JSON literals were computed independently with mpmath (40 digits) by
//! crates/servops-kpi/gen/legacy_xbar_s.py, from the chart's definition
//! (Montgomery 2009, §6.3).

#![cfg(feature = "serde")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use servops_kpi::Error;
use servops_kpi::spc::XbarSChart;

const CONSTANT_SIZE_4: &str = r#"{"means": {"values": [10.0, 12.0, 11.0], "limits": [{"lower": 8.557845765865846, "center": 11.0, "upper": 13.442154234134154, "sigma": 0.8140514113780511}, {"lower": 8.557845765865846, "center": 11.0, "upper": 13.442154234134154, "sigma": 0.8140514113780511}, {"lower": 8.557845765865846, "center": 11.0, "upper": 13.442154234134154, "sigma": 0.8140514113780511}]}, "std_devs": {"values": [1.0, 2.0, 1.5], "limits": [{"lower": 0.0, "center": 1.5, "upper": 3.3990706182755535, "sigma": 0.6330235394251844}, {"lower": 0.0, "center": 1.5, "upper": 3.3990706182755535, "sigma": 0.6330235394251844}, {"lower": 0.0, "center": 1.5, "upper": 3.3990706182755535, "sigma": 0.6330235394251844}]}}"#;

const SIZES_3_2_5: &str = r#"{"means": {"values": [10.0, 12.0, 11.0], "limits": [{"lower": 8.039036637946623, "center": 10.9, "upper": 13.760963362053376, "sigma": 0.9536544540177923}, {"lower": 7.008089854607646, "center": 10.9, "upper": 14.791910145392354, "sigma": 1.2973033817974513}, {"lower": 8.810647773876727, "center": 10.9, "upper": 12.989352226123271, "sigma": 0.6964507420410907}]}, "std_devs": {"values": [1.0, 2.0, 1.5], "limits": [{"lower": 0.0, "center": 1.4638501094227998, "upper": 3.7594153538279755, "sigma": 0.7651884148017253}, {"lower": 0.0, "center": 1.4638501094227998, "upper": 4.781713107483687, "sigma": 1.1059543326869623}, {"lower": 0.0, "center": 1.4638501094227998, "upper": 3.057979758578437, "sigma": 0.5313765497185456}]}}"#;

const ALL_ZERO_SD: &str = r#"{"means": {"values": [10.0, 10.0], "limits": [{"lower": 10.0, "center": 10.0, "upper": 10.0, "sigma": 0.0}, {"lower": 10.0, "center": 10.0, "upper": 10.0, "sigma": 0.0}]}, "std_devs": {"values": [0.0, 0.0], "limits": [{"lower": 0.0, "center": 0.0, "upper": 0.0, "sigma": 0.0}, {"lower": 0.0, "center": 0.0, "upper": 0.0, "sigma": 0.0}]}}"#;

#[test]
fn old_json_with_one_constant_subgroup_size_reads() {
    let c: XbarSChart = serde_json::from_str(CONSTANT_SIZE_4).unwrap();
    assert_eq!(c.subgroup_sizes(), &[4, 4, 4]);
    assert_eq!(
        c,
        XbarSChart::from_summaries(&[10.0, 12.0, 11.0], &[1.0, 2.0, 1.5], &[4, 4, 4]).unwrap()
    );
}

#[test]
fn old_json_with_varying_subgroup_sizes_reads() {
    let c: XbarSChart = serde_json::from_str(SIZES_3_2_5).unwrap();
    assert_eq!(c.subgroup_sizes(), &[3, 2, 5]);
    assert!((c.means().limits()[0].center - 10.9).abs() < 1e-12);
}

#[test]
fn old_json_whose_limits_do_not_fix_the_sizes_is_refused_saying_why() {
    let e = serde_json::from_str::<XbarSChart>(ALL_ZERO_SD).unwrap_err();
    let m = e.to_string();
    assert!(m.contains("subgroup sizes"), "{m}");
    assert!(m.contains("standard deviation"), "{m}");
    // the typed error behind the message
    let v: serde_json::Value = serde_json::from_str(ALL_ZERO_SD).unwrap();
    let means = serde_json::from_value(v["means"].clone()).unwrap();
    let sds = serde_json::from_value(v["std_devs"].clone()).unwrap();
    let typed = XbarSChart::from_series(&means, &sds).unwrap_err();
    assert!(matches!(typed, Error::LegacyFormat { .. }), "{typed:?}");
    // limits that belong to no subgroup size (sigma edited)
    let mut v: serde_json::Value = serde_json::from_str(CONSTANT_SIZE_4).unwrap();
    v["means"]["limits"][1]["sigma"] = serde_json::json!(0.5);
    let typed = serde_json::from_value::<XbarSChart>(v).unwrap_err();
    assert!(typed.to_string().contains("point 1"), "{typed}");
}

#[test]
fn sizes_are_recovered_across_their_range() {
    let sizes = [2, 3, 25, 26, 1000, 123_456, 10_000_000];
    let means = [5.0, 6.0, 4.0, 5.5, 5.1, 4.9, 5.0];
    let sds = [0.5, 1.0, 0.7, 0.8, 0.9, 0.75, 0.8];
    let c = XbarSChart::from_summaries(&means, &sds, &sizes).unwrap();
    let back = XbarSChart::from_series(c.means(), c.std_devs()).unwrap();
    assert_eq!(back.subgroup_sizes(), &sizes);
    assert_eq!(back, c);
}
