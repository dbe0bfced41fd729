//! The planning pipeline on the shipped real week: each stage's output is
//! checked against an independent recomputation from the stage before it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use servops::core::chrono::NaiveDate;
use servops::core::chrono_tz::Asia::Jerusalem;
use servops::cost::Decimal;
use servops::forecast::{
    Backtest, BestPick, FittedModel, History, Method, SeasonalNaive, Selection, WeightedIndex,
};
use servops::plan::{Plan, PlanHistory, PlanModel, PlanSettings, PlanTo, plan};
use servops::prelude::*;
use servops::schedule::SolveOptions;

const DATA: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/anonymous_bank_jan_feb_1999_30min.csv"
);

mod support;
use support::plan_week::{RATE, calendar, method, templates};

/// History before the plan week, with the queue's abandonment totals.
fn history() -> PlanHistory {
    support::plan_week::history(DATA).history
}

fn settings() -> PlanSettings {
    support::plan_week::settings()
        .with_plan_to(PlanTo::Quantile(0.7))
        .unwrap()
        .with_solve_options(SolveOptions::default().with_time_limit(Duration::from_secs(3)))
}

fn the_plan() -> (PlanHistory, PlanSettings, Plan) {
    let h = history();
    let s = settings();
    let p = plan(&h, &s).unwrap();
    (h, s, p)
}

#[test]
fn plan_is_consistent_stage_by_stage() {
    let (h, s, p) = the_plan();
    let grid = *p.forecast.mean.grid();
    assert_eq!(grid.len(), 7 * 48);

    // The forecast equals calling the forecast crate directly.
    let past = History::new(h.volume(), calendar()).unwrap();
    let direct = method().fit(&past).unwrap().predict(&grid).unwrap();
    assert_eq!(direct.values(), p.forecast.mean.values());
    // Closed intervals are forecast exactly 0 and need nobody.
    let sat_morning = grid
        .index_of("1999-02-27T08:00:00Z".parse().unwrap())
        .unwrap();
    assert_eq!(p.forecast.mean.values()[sat_morning], 0.0);
    assert_eq!(p.required.values()[sat_morning].agents, 0);

    // Planned volume is the 70th percentile: at least the mean where open.
    for (m, q) in p
        .forecast
        .mean
        .values()
        .iter()
        .zip(p.forecast.planned.values())
    {
        assert!(q + 1e-9 >= *m || *m == 0.0);
    }

    // Patience: total queue wait / queue abandons before the plan week.
    let patience = match p.model {
        Model::ErlangA { patience } => patience,
        other => panic!("expected Erlang A, got {other:?}"),
    };
    assert_eq!(Some(patience), h.patience().unwrap());

    // The roster requirement is required / (1 - shrinkage).
    for (need, roster) in p.required.values().iter().zip(p.to_roster.values()) {
        assert!((roster - f64::from(need.agents) / 0.7).abs() < 1e-12);
    }
    // Coverage meets the roster requirement everywhere (hard cover).
    for (c, r) in p
        .schedule
        .schedule
        .coverage
        .values()
        .iter()
        .zip(p.to_roster.values())
    {
        assert!(c + 1e-9 >= *r, "coverage {c} < requirement {r}");
    }

    // Projected SL recomputed from the schedule's coverage with servops-queue.
    let (_, within) = s.targets().service_level().unwrap();
    for (i, proj) in p.projected.values().iter().enumerate() {
        let on_phone = p.schedule.schedule.coverage.values()[i] * 0.7;
        assert!((proj.on_phone - on_phone).abs() < 1e-12);
        let contacts = p.forecast.planned.values()[i];
        let aht = Duration::from_secs_f64(p.aht.values()[i]);
        let t = Traffic::new(contacts, Duration::from_secs(1800), aht).unwrap();
        if contacts == 0.0 {
            continue;
        }
        let m = ErlangA::with_fractional_agents(t, on_phone, patience).unwrap();
        let sl = m.service_level(within, ServiceLevelConvention::AnsweredWithinOverOffered);
        assert!(
            (proj.service_level().unwrap() - sl).abs() < 1e-12,
            "interval {i}"
        );
    }
    // Every interval with contacts meets 80/20 (hard cover of the requirement).
    assert!(p.misses.is_empty(), "{:?}", p.misses.first());

    // Paid hours x loaded rate equals the reported cost.
    let paid: f64 = p
        .schedule
        .schedule
        .shifts
        .iter()
        .map(|x| x.paid_hours)
        .sum();
    assert!((paid - p.paid_hours).abs() < 1e-9);
    let expected = Decimal::try_from(p.paid_hours).unwrap() * Decimal::new(RATE, 0);
    assert_eq!(p.cost.round_dp(6), expected.round_dp(6));
    let cpc = p.cost_per_planned_contact.unwrap();
    let contacts: f64 = p.forecast.planned.values().iter().sum();
    assert!((cpc - p.cost / Decimal::try_from(contacts).unwrap()).abs() < Decimal::new(1, 12));

    // Days add up to the plan.
    let day_contacts: f64 = p.days.iter().map(|d| d.planned_contacts).sum();
    assert!((day_contacts - contacts).abs() < 1e-6);
    assert_eq!(p.days.len(), 7);
}

/// Planned to the 70th percentile, the plan staffs for more contacts than
/// the forecast expects. The expected contacts, the cost per expected
/// contact and the service level at the expected volume are recomputed here
/// without the plan's summary: the mean from the forecast crate called
/// directly, the cost as paid hours x the rate, and each interval's service
/// with Erlang A at the mean volume on the roster's agents, weighted by the
/// mean contacts (answered within over offered).
#[test]
fn a_quantile_plan_reports_cost_and_service_at_the_expected_volume() {
    let (h, s, p) = the_plan();
    let grid = *p.forecast.mean.grid();
    let past = History::new(h.volume(), calendar()).unwrap();
    let mean = method().fit(&past).unwrap().predict(&grid).unwrap();
    let expected: f64 = mean.values().iter().sum();
    let planned: f64 = p.forecast.planned.values().iter().sum();
    // The premise: the 70th percentile is well above the mean.
    assert!(planned > 1.1 * expected, "{planned} vs {expected}");

    assert!((p.expected_contacts - expected).abs() < 1e-6);
    assert!((p.planned_contacts - planned).abs() < 1e-6);
    let cost = Decimal::try_from(p.paid_hours).unwrap() * Decimal::new(RATE, 0);
    let per_expected = cost / Decimal::try_from(expected).unwrap();
    let per_planned = cost / Decimal::try_from(planned).unwrap();
    let tol = Decimal::new(1, 9);
    assert!((p.cost_per_expected_contact.unwrap() - per_expected).abs() < tol);
    assert!((p.cost_per_planned_contact.unwrap() - per_planned).abs() < tol);

    let patience = match p.model {
        Model::ErlangA { patience } => patience,
        other => panic!("expected Erlang A, got {other:?}"),
    };
    let (_, within) = s.targets().service_level().unwrap();
    let tz = Jerusalem;
    let (mut met_all, mut all) = (0.0, 0.0);
    for (d, (date, range)) in grid.local_day_ranges(tz).into_iter().enumerate() {
        let (mut met, mut offered) = (0.0, 0.0);
        for i in range {
            let contacts = mean.values()[i];
            if contacts == 0.0 {
                continue;
            }
            let on_phone = p.schedule.schedule.coverage.values()[i] * 0.7;
            let aht = Duration::from_secs_f64(p.aht.values()[i]);
            let t = Traffic::new(contacts, Duration::from_secs(1800), aht).unwrap();
            let m = ErlangA::with_fractional_agents(t, on_phone, patience).unwrap();
            met += contacts
                * m.service_level(within, ServiceLevelConvention::AnsweredWithinOverOffered);
            offered += contacts;
        }
        let day = &p.days[d];
        assert_eq!(day.date, date);
        assert!((day.expected_contacts - offered).abs() < 1e-6);
        let sl = day.service_level_at_expected.unwrap();
        assert!(
            (sl - met / offered).abs() < 1e-12,
            "{date}: {sl} vs {}",
            met / offered
        );
        met_all += met;
        all += offered;
    }
    let sl = p.service_level_at_expected.unwrap();
    assert!(
        (sl - met_all / all).abs() < 1e-12,
        "{sl} vs {}",
        met_all / all
    );
    // More agents per expected contact than per planned one: better service.
    assert!(sl > p.service_level_at_planned.unwrap());
}

#[test]
fn an_estimated_patience_needs_abandonment_totals() {
    let h = history();
    let bare = PlanHistory::new(
        h.volume().clone(),
        h.volume().clone(),
        h.volume().map(|v| v.map(|c| c * 200.0)),
    )
    .unwrap();
    let err = plan(&bare, &settings()).unwrap_err();
    assert!(err.to_string().contains("history abandonment"), "{err}");
}

/// History from raw contact records through servops-kpi: the conversion
/// agrees with totals counted straight from the CSV text, and the plan runs
/// on it.
#[test]
fn a_plan_from_contact_records() {
    use servops::kpi::{
        BadRowPolicy, ComponentSeries, ComponentSpec, CsvSchema, Outcome, TimeFormat, read_contacts,
    };
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/anonymous_bank_1999_01_queue_calls.csv"
    );
    let schema = CsvSchema::new()
        .with_time_format(TimeFormat::local("%Y-%m-%dT%H:%M:%S", Jerusalem))
        .with_outcome_value("AGENT", Outcome::Answered)
        .with_outcome_value("HANG", Outcome::Abandoned);
    let read = read_contacts(
        std::fs::File::open(path).unwrap(),
        &schema,
        BadRowPolicy::Fail,
    )
    .unwrap();
    // January 13 to 31: the days after the source's gap of January 11-12.
    let first = NaiveDate::from_ymd_opt(1999, 1, 13).unwrap();
    let grid = IntervalGrid::local_days(first, 19, Duration::from_secs(1800), Jerusalem).unwrap();
    let series = ComponentSeries::aggregate(
        &read.records,
        grid,
        ComponentSpec::new(Duration::from_secs(20)).unwrap(),
    );
    let h = PlanHistory::from_components(&series).unwrap();

    // Independent totals from the text: id,queue,arrival,outcome,wait_s,talk_s,...
    let text = std::fs::read_to_string(path).unwrap();
    let (mut offered, mut answered, mut talk, mut wait, mut abandons) = (0.0, 0.0, 0.0, 0.0, 0.0);
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        if f[2] < "1999-01-13" {
            continue;
        }
        offered += 1.0;
        wait += f[4].parse::<f64>().unwrap();
        match f[3] {
            "AGENT" => {
                answered += 1.0;
                talk += f[5].parse::<f64>().unwrap();
            }
            "HANG" => abandons += 1.0,
            other => panic!("unexpected outcome {other}"),
        }
    }
    let sum = |s: &IntervalSeries<Option<f64>>| -> f64 { s.values().iter().flatten().sum() };
    assert_eq!(sum(h.volume()), offered);
    let patience = h.patience().unwrap().unwrap().as_secs_f64();
    assert!(
        (patience - wait / abandons).abs() < 1e-9,
        "{patience} vs {}",
        wait / abandons
    );

    let method = BestPick::new(
        vec![
            SeasonalNaive::new().into(),
            WeightedIndex::new(2).unwrap().into(),
        ],
        // Nineteen days of history: choose by the last day, so that the
        // outer backtest's shorter history still holds every weekday.
        Backtest::rolling(1, 1, 1).unwrap(),
        Selection::PerSeries,
    )
    .unwrap();
    let settings = PlanSettings::new(
        calendar(),
        NaiveDate::from_ymd_opt(1999, 2, 1).unwrap(),
        7,
        method,
        Backtest::rolling(7, 7, 1).unwrap(),
        Targets::service_level_within(0.8, Duration::from_secs(20)).unwrap(),
        templates(),
    )
    .unwrap()
    .with_model(PlanModel::ErlangAEstimated)
    .with_shrinkage(0.3)
    .unwrap()
    .with_solve_options(SolveOptions::default().with_time_limit(Duration::from_secs(2)));
    let p = plan(&h, &settings).unwrap();
    assert_eq!(p.days.len(), 7);
    assert!(p.misses.is_empty());
    // The AHT the plan uses averages to the records' talk time per answered call.
    let hist_aht = talk / answered;
    let open: Vec<f64> = p
        .aht
        .values()
        .iter()
        .zip(p.forecast.mean.values())
        .filter(|(_, m)| **m > 0.0)
        .map(|(a, _)| *a)
        .collect();
    let mean_aht = open.iter().sum::<f64>() / open.len() as f64;
    assert!(
        (mean_aht - hist_aht).abs() / hist_aht < 0.15,
        "{mean_aht} vs {hist_aht}"
    );
}

/// Under the "answered within over answered" convention the day's and the
/// plan's service level are answered-within over answered, summed over the
/// intervals: each interval weighs by its answered contacts, not by its
/// offered ones. One London day: 20 calls a half hour from 08:00 to 20:00
/// and 4 otherwise, 300 s AHT, Erlang A with 60 s patience; one 24-hour
/// template starting at midnight makes the roster 3 agents all day.
///
/// Expected values from the stationary M/M/3+M chain (truncated 60 places
/// into the queue) with each queued caller's time to service a phase-type
/// variable with its own abandonment, in mpmath at 40 digits:
/// per day interval (3.33 erlangs) answered within 20 s / offered
/// 0.562829424071708871, answered 0.665033614738693990; per night interval
/// (0.67 erlangs) 0.976361282275904151 and 0.982388283537555313.
/// Day: (480 x 0.5628... + 96 x 0.9764...) / (480 x 0.6650... + 96 x
/// 0.9824...) = 0.879967222314197536. Weighting each interval's ratio by
/// its offered contacts instead gives 0.870908538452648382.
#[test]
fn answered_convention_weighs_intervals_by_answered_contacts() {
    use servops::core::chrono::{NaiveTime, Timelike};
    use servops::core::chrono_tz::Europe::London;
    use servops::forecast::Calendar;
    use servops::queue::ServiceLevelConvention;
    use servops::schedule::ShiftTemplate;

    let first = NaiveDate::from_ymd_opt(2026, 2, 23).unwrap();
    let grid = IntervalGrid::local_days(first, 28, Duration::from_secs(1800), London).unwrap();
    let calls = IntervalSeries::from_fn(grid, |_, t| {
        let hour = t.with_timezone(&London).hour();
        Some(if (8..20).contains(&hour) { 20.0 } else { 4.0 })
    });
    let seconds = calls.map(|c| c.map(|c| c * 300.0));
    let history = PlanHistory::new(calls.clone(), calls, seconds).unwrap();
    let midnight = NaiveTime::from_hms_opt(0, 0, 0).unwrap();
    let day_long = ShiftTemplate::builder("24h")
        .span(Duration::from_secs(24 * 3600))
        .start_window(midnight, midnight)
        .hourly_rate(Decimal::new(20, 0))
        .build()
        .unwrap();
    let targets = Targets::service_level_within(0.8, Duration::from_secs(20))
        .unwrap()
        .with_convention(ServiceLevelConvention::AnsweredWithinOverAnswered);
    let one_method = || {
        BestPick::new(
            vec![WeightedIndex::new(4).unwrap().into()],
            Backtest::rolling(7, 7, 1).unwrap(),
            Selection::PerSeries,
        )
        .unwrap()
    };
    let settings = PlanSettings::new(
        Calendar::new(London),
        NaiveDate::from_ymd_opt(2026, 3, 23).unwrap(),
        1,
        one_method(),
        Backtest::rolling(7, 7, 1).unwrap(),
        targets,
        vec![day_long],
    )
    .unwrap()
    .with_model(PlanModel::ErlangA {
        patience: Duration::from_secs(60),
    });
    let p = plan(&history, &settings).unwrap();
    // The premise: 48 intervals, 3 agents on the phones in each.
    assert_eq!(p.on_phone.values(), &[3.0; 48]);
    assert!((p.planned_contacts - 576.0).abs() < 1e-9);

    let expected = 0.879_967_222_314_197_5;
    let day = p.days[0].service_level_at_planned.unwrap();
    assert!((day - expected).abs() < 1e-9, "day {day} vs {expected}");
    let whole = p.service_level_at_planned.unwrap();
    assert!(
        (whole - expected).abs() < 1e-9,
        "plan {whole} vs {expected}"
    );
}

/// An answered contact whose handle time is unknown (no end, no talk time)
/// is left out of the handled contacts as it is of the handle seconds:
/// talk 200 s, 400 s and one unknown in every hour of two weeks give an
/// AHT of (200 + 400) / 2 = 300 s everywhere. Before, the unknown one was
/// counted as handled: 600 / 3 = 200 s.
#[test]
fn unknown_handle_times_are_not_handled_contacts() {
    use servops::kpi::{ComponentSeries, ComponentSpec, ContactRecord, Outcome};
    use servops::plan::handle_time_stage;
    let s = support::plan_week::settings();
    let first = support::plan_week::first_day() - servops::core::chrono::Days::new(14);
    let grid = IntervalGrid::local_days(first, 14, Duration::from_secs(3600), Jerusalem).unwrap();
    let mut records = Vec::new();
    for i in 0..grid.len() {
        let at = grid.interval_start(i).unwrap();
        let b = ContactRecord::builder(at, Outcome::Answered).wait(Duration::from_secs(5));
        records.push(b.clone().talk(Duration::from_secs(200)).build().unwrap());
        records.push(b.clone().talk(Duration::from_secs(400)).build().unwrap());
        records.push(b.build().unwrap());
    }
    let series = ComponentSeries::aggregate(
        &records,
        grid,
        ComponentSpec::new(Duration::from_secs(20)).unwrap(),
    );
    assert_eq!(series.total().handle_unknown, grid.len() as u64);
    let h = PlanHistory::from_components(&series).unwrap();
    let aht = handle_time_stage(&h, &s, &s.grid(Duration::from_secs(3600)).unwrap()).unwrap();
    for a in aht.values() {
        assert!((a - 300.0).abs() < 1e-9, "{a}");
    }
}
