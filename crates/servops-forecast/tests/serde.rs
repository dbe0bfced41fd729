//! Serde round trips of the plain data types (feature `serde`).
#![cfg(feature = "serde")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use servops_forecast::chrono::Weekday;
use servops_forecast::{Accuracy, DayType, Level, Selection, Window};

#[test]
fn plain_types_round_trip() {
    for t in [
        DayType::Weekday(Weekday::Sat),
        DayType::Closed,
        DayType::Custom("chol hamoed".into()),
    ] {
        let s = serde_json::to_string(&t).unwrap();
        assert_eq!(serde_json::from_str::<DayType>(&s).unwrap(), t);
    }
    let acc = Accuracy::from_pairs(&[1.0, 2.0], &[1.0, 3.0], Some(1.0)).unwrap();
    let s = serde_json::to_string(&acc).unwrap();
    assert_eq!(serde_json::from_str::<Accuracy>(&s).unwrap(), acc);
    assert_eq!(serde_json::to_string(&Level::Daily).unwrap(), "\"Daily\"");
    let w = serde_json::to_string(&Window::Sliding(100)).unwrap();
    assert_eq!(
        serde_json::from_str::<Window>(&w).unwrap(),
        Window::Sliding(100)
    );
    let sel = serde_json::to_string(&Selection::PerLead).unwrap();
    assert_eq!(
        serde_json::from_str::<Selection>(&sel).unwrap(),
        Selection::PerLead
    );
}

mod validated {
    use serde::Serialize;
    use serde::de::DeserializeOwned;
    use servops_forecast::chrono::{NaiveDate, Weekday};
    use servops_forecast::chrono_tz::Asia::Jerusalem;
    use servops_forecast::{
        AhtPoint, AnchoredShape, AnyMethod, Backtest, BestPick, Calendar, CatchUp, DailyAnchors,
        DayLevelNegativeBinomial, DayOfMonth, DayType, DoubleSeasonal, FactorScale, HandleTime,
        LevelShape, NegativeBinomial, OpeningHours, Reforecast, ScoreModel, SeasonalNaive,
        Selection, SpecialDay, SvdFactor, TopDown, WeightedIndex, Weights, Window,
    };

    fn round_trip<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(x: &T) -> String {
        let s = serde_json::to_string(x).unwrap();
        let back: T = serde_json::from_str(&s).unwrap();
        assert_eq!(&back, x, "{s}");
        s
    }

    fn rejects<T: DeserializeOwned + std::fmt::Debug>(json: &str) -> String {
        let e = serde_json::from_str::<T>(json).unwrap_err().to_string();
        assert!(!e.is_empty());
        e
    }

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn day_of_month_round_trips_and_rejects() {
        let m = DayOfMonth::new(AnyMethod::from(LevelShape::new()))
            .with_window_days(35)
            .unwrap()
            .with_credibility(2.5)
            .unwrap();
        let s = round_trip(&m);
        assert!(s.contains("\"window_days\":35"), "{s}");
        round_trip(&DayOfMonth::new(SeasonalNaive::new()));
        let e = rejects::<DayOfMonth<SeasonalNaive>>(
            r#"{"method":{},"window_days":3,"credibility":null}"#,
        );
        assert!(e.contains("window"), "{e}");
        rejects::<DayOfMonth<SeasonalNaive>>(
            r#"{"method":{},"window_days":21,"credibility":-1.0}"#,
        );
        rejects::<DayOfMonth<SeasonalNaive>>(
            r#"{"method":{},"window_days":21,"credibility":null,"extra":1}"#,
        );
    }

    #[test]
    fn catch_up_round_trips_and_rejects() {
        round_trip(&CatchUp::new(SeasonalNaive::new()));
        let m = CatchUp::new(SeasonalNaive::new())
            .with_rest_days(&[Weekday::Sat, Weekday::Fri])
            .with_window_days(28)
            .unwrap();
        let s = round_trip(&m);
        assert_eq!(
            s,
            r#"{"method":{},"rest_days":["Fri","Sat"],"window_days":28}"#
        );
        // Inside `AnyMethod`: rest days from the calendar, given ones, and
        // none at all (an empty list is not `null`).
        let wi = AnyMethod::from(WeightedIndex::new(4).unwrap());
        let s = round_trip(&AnyMethod::from(CatchUp::new(AnyMethod::from(
            SeasonalNaive::new(),
        ))));
        assert_eq!(
            s,
            r#"{"catch_up":{"method":{"seasonal_naive":{}},"rest_days":null,"window_days":21}}"#
        );
        round_trip(&AnyMethod::from(
            CatchUp::new(wi.clone())
                .with_rest_days(&[Weekday::Fri, Weekday::Sat])
                .with_window_days(366)
                .unwrap(),
        ));
        let s = round_trip(&AnyMethod::from(
            CatchUp::new(wi.clone()).with_rest_days(&[]),
        ));
        assert!(s.contains("\"rest_days\":[]"), "{s}");
        // Nested around and inside the other wrappers, and in best pick.
        let nested = AnyMethod::from(CatchUp::new(AnyMethod::from(DayOfMonth::new(
            AnyMethod::from(LevelShape::new()),
        ))));
        round_trip(&nested);
        let inside = AnyMethod::from(DayOfMonth::new(AnyMethod::from(
            CatchUp::new(wi.clone()).with_rest_days(&[Weekday::Sun]),
        )));
        round_trip(&inside);
        let bp = BestPick::new(
            vec![wi, nested, inside],
            Backtest::rolling(7, 7, 2).unwrap(),
            Selection::PerSeries,
        )
        .unwrap();
        round_trip(&bp);

        let ok = r#"{"method":{},"rest_days":["Fri","Sat"],"window_days":21}"#;
        let parsed: CatchUp<SeasonalNaive> = serde_json::from_str(ok).unwrap();
        assert_eq!(
            parsed,
            CatchUp::new(SeasonalNaive::new()).with_rest_days(&[Weekday::Fri, Weekday::Sat])
        );
        for w in ["6", "367", "0", "-1", "4294967296"] {
            let e = rejects::<CatchUp<SeasonalNaive>>(
                &ok.replace("\"window_days\":21", &format!("\"window_days\":{w}")),
            );
            if w == "6" || w == "367" {
                assert!(e.contains("catch-up window"), "{e}");
            }
        }
        rejects::<CatchUp<SeasonalNaive>>(&ok.replace("21}", "21,\"extra\":1}"));
        rejects::<CatchUp<SeasonalNaive>>(&ok.replace(",\"window_days\":21", ""));
        rejects::<CatchUp<SeasonalNaive>>(&ok.replace("\"method\":{},", ""));
        rejects::<CatchUp<SeasonalNaive>>(&ok.replace("\"Fri\"", "\"Fryday\""));
        rejects::<CatchUp<SeasonalNaive>>(&ok.replace("\"Fri\"", "5"));
        rejects::<CatchUp<SeasonalNaive>>(&ok.replace("[\"Fri\",\"Sat\"]", "\"Fri\""));
        // Repeated rest days are accepted and kept once, in weekday order,
        // as `with_rest_days` keeps them.
        let dup: CatchUp<SeasonalNaive> =
            serde_json::from_str(&ok.replace("[\"Fri\",\"Sat\"]", "[\"Sat\",\"Fri\",\"Sat\"]"))
                .unwrap();
        assert_eq!(dup, parsed);
        assert_eq!(dup.rest_days(), Some(&[Weekday::Fri, Weekday::Sat][..]));
        assert_eq!(serde_json::to_string(&dup).unwrap(), ok);
        // The same through `AnyMethod`.
        let any = format!(
            r#"{{"catch_up":{}}}"#,
            ok.replace("{}", r#"{"seasonal_naive":{}}"#)
        );
        assert_eq!(
            serde_json::from_str::<AnyMethod>(&any).unwrap(),
            AnyMethod::from(
                CatchUp::new(AnyMethod::from(SeasonalNaive::new()))
                    .with_rest_days(&[Weekday::Fri, Weekday::Sat])
            )
        );
        let e = rejects::<AnyMethod>(&any.replace("\"window_days\":21", "\"window_days\":6"));
        assert!(e.contains("catch-up window"), "{e}");
        rejects::<AnyMethod>(&any.replace("\"Fri\"", "\"Fryday\""));
        rejects::<AnyMethod>(&any.replace("21}", "21,\"extra\":1}"));
    }

    #[test]
    fn anchored_shape_round_trips_and_rejects() {
        // Sunsets are not round numbers: the minutes must come back exactly.
        let anchors = DailyAnchors::sunset(
            32.08,
            34.78,
            Jerusalem,
            date("1999-08-28"),
            date("1999-09-11"),
        )
        .unwrap()
        .with_time(date("1999-12-25"), 1000.0)
        .unwrap();
        let s = round_trip(&anchors);
        assert!(s.contains("\"1999-12-25\":1000.0"), "{s}");
        let m = AnyMethod::from(AnchoredShape::new(
            AnyMethod::from(SeasonalNaive::new()),
            anchors.clone(),
            &[DayType::Weekday(Weekday::Sat)],
        ));
        let s = round_trip(&m);
        assert!(
            s.starts_with(
                r#"{"anchored_shape":{"method":{"seasonal_naive":{}},"anchors":{"1999-08-28":"#
            ),
            "{s}"
        );
        assert!(
            s.ends_with(r#""day_types":[{"weekday":"Sat"}],"fixed_minute":600}}"#),
            "{s}"
        );
        // Nested in the day-of-month effect and inside best pick, with a
        // fixed minute of its own.
        let nested = AnyMethod::from(
            AnchoredShape::new(
                AnyMethod::from(DayOfMonth::new(AnyMethod::from(LevelShape::new()))),
                anchors.clone(),
                &[
                    DayType::Weekday(Weekday::Fri),
                    DayType::Custom("eve".into()),
                ],
            )
            .with_fixed_minute(0)
            .unwrap(),
        );
        round_trip(&nested);
        let bp = BestPick::new(
            vec![m, nested],
            Backtest::rolling(7, 7, 2).unwrap(),
            Selection::PerLead,
        )
        .unwrap();
        round_trip(&bp);
        round_trip(&AnchoredShape::new(
            SeasonalNaive::new(),
            DailyAnchors::new(),
            &[],
        ));

        let ok = r#"{"method":{},"anchors":{"1999-09-04":1082.5},"day_types":[{"weekday":"Sat"}],"fixed_minute":600}"#;
        let parsed: AnchoredShape<SeasonalNaive> = serde_json::from_str(ok).unwrap();
        assert_eq!(parsed.anchors().minute(date("1999-09-04")), Some(1082.5));
        assert_eq!(
            parsed,
            AnchoredShape::new(
                SeasonalNaive::new(),
                DailyAnchors::new()
                    .with_time(date("1999-09-04"), 1082.5)
                    .unwrap(),
                &[DayType::Weekday(Weekday::Sat)],
            )
        );
        let e = rejects::<AnchoredShape<SeasonalNaive>>(&ok.replace("1082.5", "1440.0"));
        assert!(e.contains("anchor minute"), "{e}");
        for bad in ["0.0", "-5.0", "1e9"] {
            rejects::<AnchoredShape<SeasonalNaive>>(&ok.replace("1082.5", bad));
        }
        rejects::<DailyAnchors>(r#"{"1999-09-04":1440}"#);
        rejects::<DailyAnchors>(r#"{"1999-02-30":1000.0}"#);
        rejects::<DailyAnchors>(r#"{"1999-09-04":null}"#);
        let e = rejects::<AnchoredShape<SeasonalNaive>>(
            &ok.replace("\"fixed_minute\":600", "\"fixed_minute\":1440"),
        );
        assert!(e.contains("fixed minute"), "{e}");
        rejects::<AnchoredShape<SeasonalNaive>>(
            &ok.replace("\"fixed_minute\":600", "\"fixed_minute\":-1"),
        );
        rejects::<AnchoredShape<SeasonalNaive>>(&ok.replace(",\"fixed_minute\":600", ""));
        rejects::<AnchoredShape<SeasonalNaive>>(&ok.replace("600}", "600,\"extra\":1}"));
        // The same through `AnyMethod`.
        let any = format!(
            r#"{{"anchored_shape":{}}}"#,
            ok.replace("{}", r#"{"seasonal_naive":{}}"#)
        );
        serde_json::from_str::<AnyMethod>(&any).unwrap();
        rejects::<AnyMethod>(&any.replace("1082.5", "1440"));
        rejects::<AnyMethod>(&any.replace("\"fixed_minute\":600", "\"fixed_minute\":1440"));
    }

    #[test]
    fn methods_round_trip() {
        let wi = WeightedIndex::new(8)
            .unwrap()
            .with_weights(Weights::exponential(0.85).unwrap())
            .with_trim(1)
            .unwrap()
            .with_profile_days(20)
            .unwrap()
            .with_smoothing(1)
            .with_profile_pooling(0.25)
            .unwrap();
        let s = round_trip(&wi);
        assert!(s.contains("\"exponential\":0.85"), "{s}");
        round_trip(&Weights::custom(vec![3.0, 2.0, 1.0]).unwrap());
        round_trip(&Weights::Equal);
        round_trip(&TopDown::new());
        round_trip(
            &TopDown::new()
                .with_parameters(0.2, 0.0, 0.1, 0.98)
                .unwrap()
                .with_profile_days(8)
                .unwrap()
                .with_smoothing(2),
        );
        round_trip(&DoubleSeasonal::new());
        round_trip(
            &DoubleSeasonal::new()
                .with_parameters(0.1, 0.2, 0.3)
                .unwrap(),
        );
        round_trip(
            &LevelShape::new()
                .with_level(20, 0.9)
                .unwrap()
                .with_factors(16, 2)
                .unwrap()
                .with_profile(10, 2, 0.5, 0.1)
                .unwrap(),
        );
        round_trip(
            &SvdFactor::new()
                .with_components(4)
                .unwrap()
                .with_window(60, 0.98)
                .unwrap()
                .with_scale(FactorScale::Counts)
                .with_score_model(ScoreModel::DayTypeMeans),
        );
        let methods = vec![
            AnyMethod::from(SeasonalNaive::new()),
            AnyMethod::from(wi),
            AnyMethod::from(TopDown::new()),
            AnyMethod::from(DoubleSeasonal::new()),
            AnyMethod::from(LevelShape::new()),
            AnyMethod::from(DayOfMonth::new(AnyMethod::from(SeasonalNaive::new()))),
            AnyMethod::from(SvdFactor::new()),
        ];
        for m in &methods {
            round_trip(m);
        }
        let bt = Backtest::rolling(7, 7, 4)
            .unwrap()
            .with_window(Window::Sliding(100))
            .unwrap();
        round_trip(&bt);
        round_trip(&Backtest::at(vec![date("1999-02-01"), date("1999-02-08")], 7).unwrap());
        let bp = BestPick::new(methods, bt, Selection::BestEqual(2)).unwrap();
        let s = round_trip(&bp);
        assert!(s.contains("\"top_down\""), "{s}");
        assert!(s.contains("\"shorten_origins\":false"), "{s}");
        // The presets shorten their origins; the flag survives, and a form
        // written before it existed reads as false.
        let week = BestPick::week_ahead(7).unwrap();
        let s = round_trip(&week);
        assert!(s.contains("\"shorten_origins\":true"), "{s}");
        round_trip(&BestPick::day_ahead().unwrap());
        let old = s.replace(",\"shorten_origins\":true", "");
        assert_ne!(old, s);
        let parsed: BestPick = serde_json::from_str(&old).unwrap();
        assert!(!parsed.shortens_origins());
        assert_eq!(parsed.shortening_origins(), week);
    }

    #[test]
    fn methods_reject_invalid() {
        let e = rejects::<WeightedIndex>(
            r#"{"days":0,"weights":"equal","trim":0,"profile_days":1,"smoothing":0,"profile_pooling":0.0}"#,
        );
        assert!(e.contains("number of days"), "{e}");
        rejects::<WeightedIndex>(
            r#"{"days":4,"weights":"equal","trim":2,"profile_days":1,"smoothing":0,"profile_pooling":0.0}"#,
        );
        rejects::<WeightedIndex>(
            r#"{"days":4,"weights":"equal","trim":0,"profile_days":4,"smoothing":0,"profile_pooling":1.5}"#,
        );
        rejects::<Weights>(r#"{"exponential":1.5}"#);
        rejects::<Weights>(r#"{"custom":[0.0,0.0]}"#);
        rejects::<Weights>(r#"{"custom":[-1.0]}"#);
        let e = rejects::<TopDown>(
            r#"{"parameters":{"alpha":1.5,"beta":0.0,"gamma":0.1,"phi":1.0},"profile_days":20,"smoothing":1}"#,
        );
        assert!(e.contains("alpha"), "{e}");
        rejects::<TopDown>(
            r#"{"parameters":{"alpha":0.5,"beta":0.0,"gamma":0.1,"phi":0.0},"profile_days":20,"smoothing":1}"#,
        );
        rejects::<TopDown>(r#"{"parameters":null,"profile_days":0,"smoothing":1}"#);
        rejects::<DoubleSeasonal>(r#"{"parameters":{"alpha":0.1,"delta":-0.1,"omega":0.3}}"#);
        rejects::<LevelShape>(
            r#"{"level_days":0,"level_decay":1.0,"factor_days":32,"factor_trim":1,"profile_days":20,"smoothing":1,"pooling":0.3,"similarity":0.05}"#,
        );
        rejects::<LevelShape>(
            r#"{"level_days":40,"level_decay":1.0,"factor_days":4,"factor_trim":2,"profile_days":20,"smoothing":1,"pooling":0.3,"similarity":0.05}"#,
        );
        let e = rejects::<SvdFactor>(
            r#"{"components":0,"window":100,"decay":1.0,"scale":"square_root","score_model":"day_type_means_ar1"}"#,
        );
        assert!(e.contains("components"), "{e}");
        rejects::<SvdFactor>(
            r#"{"components":2,"window":1,"decay":1.0,"scale":"square_root","score_model":"day_type_means_ar1"}"#,
        );
        rejects::<SvdFactor>(
            r#"{"components":2,"window":100,"decay":1.5,"scale":"square_root","score_model":"day_type_means_ar1"}"#,
        );
        rejects::<SvdFactor>(
            r#"{"components":2,"window":100,"decay":1.0,"scale":"log","score_model":"day_type_means_ar1"}"#,
        );
        rejects::<SvdFactor>(
            r#"{"components":2,"window":100,"decay":1.0,"scale":"counts","score_model":"day_type_means_ar1","extra":1}"#,
        );
        rejects::<AnyMethod>(r#"{"arima":{}}"#);
        rejects::<Backtest>(
            r#"{"horizon":0,"origins":{"rolling":{"step":7,"count":4}},"window":"Expanding"}"#,
        );
        rejects::<Backtest>(r#"{"horizon":7,"origins":{"at":[]},"window":"Expanding"}"#);
        rejects::<Backtest>(
            r#"{"horizon":7,"origins":{"rolling":{"step":7,"count":4}},"window":{"Sliding":0}}"#,
        );
        let e = rejects::<BestPick>(
            r#"{"candidates":[],"backtest":{"horizon":7,"origins":{"rolling":{"step":7,"count":4}},"window":"Expanding"},"selection":"PerSeries"}"#,
        );
        assert!(e.contains("candidate count"), "{e}");
        // Unknown fields are an error, not ignored.
        rejects::<TopDown>(r#"{"parameters":null,"profile_days":20,"smoothing":1,"extra":1}"#);
    }

    #[test]
    fn handle_time_round_trip_and_rejects() {
        round_trip(&HandleTime::new(30.0).unwrap());
        let m = HandleTime::new(30.0)
            .unwrap()
            .with_days(28)
            .unwrap()
            .with_smoothing(1)
            .with_recent_level(7)
            .unwrap()
            .with_day_factor(1000.0)
            .unwrap()
            .with_cell_prior(3000.0)
            .unwrap()
            .with_estimated_priors()
            .with_point(AhtPoint::WorkloadMedian);
        let s = round_trip(&m);
        assert!(s.contains("\"point\":\"workload_median\""), "{s}");
        let ok = r#"{"prior_calls":30.0,"days":null,"smoothing":0,"recent_level":null,"day_factor":null,"cell_prior":null,"estimated_priors":false,"point":"mean"}"#;
        assert_eq!(
            serde_json::from_str::<HandleTime>(ok).unwrap(),
            HandleTime::new(30.0).unwrap()
        );
        for bad in [
            ok.replace("\"prior_calls\":30.0", "\"prior_calls\":-1.0"),
            ok.replace("\"days\":null", "\"days\":0"),
            ok.replace("\"recent_level\":null", "\"recent_level\":0"),
            ok.replace("\"day_factor\":null", "\"day_factor\":-5.0"),
            ok.replace("\"cell_prior\":null", "\"cell_prior\":-5.0"),
            ok.replace("\"mean\"", "\"median\""),
        ] {
            rejects::<HandleTime>(&bad);
        }
    }

    #[test]
    fn reforecast_and_uncertainty() {
        round_trip(&Reforecast::new(0.01, 0.02).unwrap());
        round_trip(
            &Reforecast::new(0.01, 0.0)
                .unwrap()
                .with_half_life(8.0)
                .unwrap(),
        );
        let s = round_trip(&Reforecast::plain_ratio());
        assert!(s.contains("\"day_level_variance\":null"), "{s}");
        rejects::<Reforecast>(
            r#"{"day_level_variance":-0.1,"within_day_noise":0.0,"half_life":null}"#,
        );
        rejects::<Reforecast>(
            r#"{"day_level_variance":null,"within_day_noise":0.5,"half_life":null}"#,
        );
        rejects::<Reforecast>(
            r#"{"day_level_variance":0.1,"within_day_noise":0.0,"half_life":0.0}"#,
        );
        round_trip(&NegativeBinomial::new(0.05).unwrap());
        rejects::<NegativeBinomial>(r#"{"dispersion":-0.1}"#);
        round_trip(&DayLevelNegativeBinomial::new(0.01, 0.03).unwrap());
        rejects::<DayLevelNegativeBinomial>(
            r#"{"day_level_variance":-1.0,"within_day_dispersion":0.0}"#,
        );
    }

    #[test]
    fn calendar_round_trip_and_rejects() {
        let hours = OpeningHours::new(7 * 60, 21 * 60).unwrap();
        let s = round_trip(&hours);
        assert_eq!(s, r#"{"open_minute":420,"close_minute":1260}"#);
        rejects::<OpeningHours>(r#"{"open_minute":600,"close_minute":600}"#);
        rejects::<OpeningHours>(r#"{"open_minute":0,"close_minute":1441}"#);
        let eve = SpecialDay::new(DayType::Custom("eve".into()))
            .with_multiplier(0.7)
            .unwrap()
            .with_hours(OpeningHours::new(8 * 60, 13 * 60).unwrap())
            .with_fallback(DayType::Weekday(Weekday::Fri));
        round_trip(&eve);
        rejects::<SpecialDay>(
            r#"{"day_type":"closed","multiplier":-1.0,"hours":null,"fallback":null}"#,
        );
        let cal = Calendar::new(Jerusalem)
            .with_weekday_hours(&[Weekday::Sat], None)
            .with_weekday_hours(
                &[Weekday::Fri],
                Some(OpeningHours::new(7 * 60, 14 * 60).unwrap()),
            )
            .with_special_day(
                date("1999-09-10"),
                SpecialDay::new(DayType::Weekday(Weekday::Sat)),
            )
            .with_special_day(date("1999-09-09"), eve)
            .with_override(date("1999-10-18"), date("1999-10-24"), 1.1)
            .unwrap();
        let s = round_trip(&cal);
        assert!(s.contains("\"time_zone\":\"Asia/Jerusalem\""), "{s}");
        let ok = r#"{"time_zone":"UTC","weekday_hours":[null,null,null,null,null,null,null],"special_days":[],"overrides":[]}"#;
        let c: Calendar = serde_json::from_str(ok).unwrap();
        assert!(c.hours(date("2026-03-02")).is_none());
        rejects::<Calendar>(&ok.replace("UTC", "Mars/Olympus"));
        rejects::<Calendar>(&ok.replace(
            "\"overrides\":[]",
            r#""overrides":[{"from":"2026-01-02","to":"2026-01-01","factor":1.1}]"#,
        ));
        rejects::<Calendar>(&ok.replace(
            "\"overrides\":[]",
            r#""overrides":[{"from":"2026-01-01","to":"2026-01-02","factor":0.0}]"#,
        ));
        let day = r#"{"date":"2026-01-01","day":{"day_type":"closed","multiplier":1.0,"hours":null,"fallback":null}}"#;
        let e = rejects::<Calendar>(&ok.replace(
            "\"special_days\":[]",
            &format!("\"special_days\":[{day},{day}]"),
        ));
        assert!(e.contains("special day date"), "{e}");
        rejects::<Calendar>(&ok.replace("[null,null,null,null,null,null,null]", "[null]"));
    }
}

mod properties {
    use proptest::prelude::*;
    use servops_forecast::chrono::{Days, NaiveDate, Weekday};
    use servops_forecast::{
        AhtPoint, AnchoredShape, CatchUp, DailyAnchors, DayType, HandleTime, OpeningHours,
        SeasonalNaive, TopDown, WeightedIndex, Weights,
    };

    proptest! {
        #[test]
        fn handle_time_round_trips(
            m in 0.0..1e4f64,
            days in prop::option::of(1usize..400),
            sm in 0usize..5,
            recent in prop::option::of(1usize..30),
            md in prop::option::of(0.0..1e4f64),
            mc in prop::option::of(0.0..1e4f64),
            est in any::<bool>(),
            median in any::<bool>(),
        ) {
            let mut h = HandleTime::new(m).unwrap().with_smoothing(sm);
            if let Some(d) = days { h = h.with_days(d).unwrap(); }
            if let Some(r) = recent { h = h.with_recent_level(r).unwrap(); }
            if let Some(x) = md { h = h.with_day_factor(x).unwrap(); }
            if let Some(x) = mc { h = h.with_cell_prior(x).unwrap(); }
            if est { h = h.with_estimated_priors(); }
            if median { h = h.with_point(AhtPoint::WorkloadMedian); }
            let s = serde_json::to_string(&h).unwrap();
            prop_assert_eq!(serde_json::from_str::<HandleTime>(&s).unwrap(), h);
        }

        /// Deserialising succeeds exactly when the constructors accept the
        /// values, and then gives the constructed value.
        #[test]
        fn deserialising_agrees_with_the_constructors(
            k in 0usize..10,
            trim in 0usize..6,
            pooling in -0.5..1.5f64,
            decay in -0.5..1.5f64,
            open in 0u32..1500,
            close in 0u32..1500,
            alpha in -0.5..1.5f64,
            phi in -0.5..1.5f64,
            window in 0u32..400,
            rest in prop::option::of(prop::collection::vec(0u8..7, 0..9)),
        ) {
            let json = format!(
                r#"{{"days":{k},"weights":{{"exponential":{decay}}},"trim":{trim},"profile_days":3,"smoothing":1,"profile_pooling":{pooling}}}"#
            );
            let direct = WeightedIndex::new(k).and_then(|m| {
                m.with_weights(Weights::exponential(decay)?)
                    .with_trim(trim)?
                    .with_profile_days(3)?
                    .with_smoothing(1)
                    .with_profile_pooling(pooling)
            });
            let parsed = serde_json::from_str::<WeightedIndex>(&json);
            prop_assert_eq!(parsed.is_ok(), direct.is_ok());
            if let (Ok(a), Ok(b)) = (parsed, direct) { prop_assert_eq!(a, b); }

            let json = format!(r#"{{"open_minute":{open},"close_minute":{close}}}"#);
            let parsed = serde_json::from_str::<OpeningHours>(&json);
            let direct = OpeningHours::new(open, close);
            prop_assert_eq!(parsed.ok(), direct.ok());

            let json = format!(
                r#"{{"parameters":{{"alpha":{alpha},"beta":0.1,"gamma":0.1,"phi":{phi}}},"profile_days":20,"smoothing":1}}"#
            );
            let parsed = serde_json::from_str::<TopDown>(&json);
            let direct = TopDown::new().with_parameters(alpha, 0.1, 0.1, phi);
            prop_assert_eq!(parsed.ok(), direct.ok());

            let rest: Option<Vec<Weekday>> =
                rest.map(|r| r.into_iter().map(|x| Weekday::try_from(x).unwrap()).collect());
            let names = rest.as_ref().map_or("null".to_string(), |r| {
                let quoted: Vec<String> = r.iter().map(|w| format!("\"{w}\"")).collect();
                format!("[{}]", quoted.join(","))
            });
            let json = format!(r#"{{"method":{{}},"rest_days":{names},"window_days":{window}}}"#);
            let parsed = serde_json::from_str::<CatchUp<SeasonalNaive>>(&json);
            let direct = CatchUp::new(SeasonalNaive::new())
                .with_window_days(window)
                .map(|m| match &rest {
                    Some(r) => m.with_rest_days(r),
                    None => m,
                });
            prop_assert_eq!(parsed.is_ok(), direct.is_ok(), "{}", json);
            if let (Ok(a), Ok(b)) = (parsed, direct) {
                let back = serde_json::to_string(&a).unwrap();
                prop_assert_eq!(&a, &b);
                prop_assert_eq!(serde_json::from_str::<CatchUp<SeasonalNaive>>(&back).unwrap(), b);
            }
        }

        /// An anchored shape reads back exactly when its anchor minute and
        /// fixed minute are valid, and then equals the constructed value.
        #[test]
        fn anchored_shape_deserialising_agrees_with_the_constructors(
            minute in prop_oneof![-10.0..1500.0f64, (-1i32..1442).prop_map(f64::from)],
            fixed in 0u32..1600,
            day in 0u64..3000,
        ) {
            let date = NaiveDate::from_ymd_opt(1999, 1, 1).unwrap() + Days::new(day);
            let json = format!(
                r#"{{"method":{{}},"anchors":{{"{date}":{minute:?}}},"day_types":[{{"weekday":"Fri"}}],"fixed_minute":{fixed}}}"#
            );
            let direct = DailyAnchors::new().with_time(date, minute).and_then(|a| {
                AnchoredShape::new(SeasonalNaive::new(), a, &[DayType::Weekday(Weekday::Fri)])
                    .with_fixed_minute(fixed)
            });
            let parsed = serde_json::from_str::<AnchoredShape<SeasonalNaive>>(&json);
            prop_assert_eq!(parsed.is_ok(), direct.is_ok(), "{}", json);
            if let (Ok(a), Ok(b)) = (parsed, direct) {
                prop_assert_eq!(&a, &b);
                let back = serde_json::to_string(&a).unwrap();
                prop_assert_eq!(serde_json::from_str::<AnchoredShape<SeasonalNaive>>(&back).unwrap(), b);
            }
        }
    }
}
