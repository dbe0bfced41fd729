//! `schedule_adherence`, `backlog` and `sla_attainment` against
//! straightforward references on many random inputs: the definitions
//! evaluated piece by piece, interval by interval and ticket by ticket with
//! the full elapsed time, scanning every span or ticket each time.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use servops_core::IntervalGrid;
use servops_core::chrono::{DateTime, TimeDelta, TimeZone, Utc};
use servops_kpi::{
    AdherencePolicy, BusinessCalendar, GraceRule, OutOfShift, Ticket, TicketClock, TicketMetric,
    TimeSpan, backlog, schedule_adherence, sla_attainment,
};

/// SplitMix64, so that every run tests the same inputs.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        (z ^ (z >> 31)) % n
    }
}

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 8, 0, 0).unwrap()
}

fn minute(m: u64) -> DateTime<Utc> {
    t0() + TimeDelta::minutes(i64::try_from(m).unwrap())
}

/// The report the definition gives, scanning all spans for every piece:
/// (scheduled, exception, out of shift, scheduled work, actual work).
fn adherence_reference(
    schedule: &[TimeSpan],
    states: &[TimeSpan],
    adherent: &[(&str, &str)],
    working_states: &[&str],
    working_activities: &[&str],
    grace: GraceRule,
    out_of_shift_counts: bool,
) -> [Duration; 5] {
    let covering = |spans: &[TimeSpan], a, b| {
        spans
            .iter()
            .find(|s| s.start() <= a && b <= s.end() && s.start() < s.end())
            .map(|s| s.label().to_owned())
    };
    let mut cuts: Vec<DateTime<Utc>> = schedule
        .iter()
        .chain(states)
        .flat_map(|s| [s.start(), s.end()])
        .collect();
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = [Duration::ZERO; 5];
    // runs of consecutive non-adherent pieces: (length, of which in shift)
    let mut runs: Vec<(Duration, Duration)> = Vec::new();
    let mut in_run = false;
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let len = (b - a).to_std().unwrap();
        let act = covering(schedule, a, b);
        let state = covering(states, a, b);
        let working = state
            .as_deref()
            .is_some_and(|s| working_states.contains(&s));
        if working {
            out[4] += len;
        }
        let (bad_in, bad_out) = match &act {
            Some(act) => {
                out[0] += len;
                if working_activities.contains(&act.as_str()) {
                    out[3] += len;
                }
                let ok = state
                    .as_deref()
                    .is_some_and(|s| adherent.contains(&(act.as_str(), s)));
                (!ok, false)
            }
            None => (false, working && out_of_shift_counts),
        };
        if bad_in || bad_out {
            if !in_run {
                runs.push((Duration::ZERO, Duration::ZERO));
                in_run = true;
            }
            let r = runs.last_mut().unwrap();
            r.0 += len;
            if bad_in {
                r.1 += len;
            }
        } else {
            in_run = false;
        }
    }
    for (run, run_in) in runs {
        let kept = match grace {
            GraceRule::ForgiveShorter(g) if run <= g => Duration::ZERO,
            GraceRule::DeductFromEach(g) => run.saturating_sub(g),
            _ => run,
        };
        let kept_in = kept.mul_f64(run_in.as_secs_f64() / run.as_secs_f64());
        out[1] += kept_in;
        out[2] += kept - kept_in;
    }
    out
}

fn spans(rng: &mut Rng, n: usize, labels: &[&str]) -> Vec<TimeSpan> {
    (0..n)
        .map(|_| {
            let start = rng.below(600);
            let len = if rng.below(10) == 0 {
                0
            } else {
                1 + rng.below(120)
            };
            let label = labels[rng.below(labels.len() as u64) as usize];
            TimeSpan::new(minute(start), minute(start + len), label).unwrap()
        })
        .collect()
}

#[test]
fn schedule_adherence_matches_the_piecewise_definition() {
    let mut rng = Rng(0xad4e_0001);
    let adherent = [("work", "available"), ("work", "busy"), ("break", "break")];
    for case in 0..1500 {
        let (n_schedule, n_states) = (rng.below(12) as usize, rng.below(15) as usize);
        let schedule = spans(&mut rng, n_schedule, &["work", "break", "meeting"]);
        let states = spans(&mut rng, n_states, &["available", "busy", "break", "away"]);
        let grace = match rng.below(3) {
            0 => GraceRule::None,
            1 => GraceRule::ForgiveShorter(Duration::from_secs(60 * rng.below(30))),
            _ => GraceRule::DeductFromEach(Duration::from_secs(60 * rng.below(30))),
        };
        let counts = rng.below(2) == 0;
        let mut policy = AdherencePolicy::new()
            .with_adherent_states("work", &["available", "busy"])
            .with_adherent_states("break", &["break"])
            .with_working_states(&["available", "busy"])
            .with_working_activities(&["work"])
            .with_grace(grace);
        if counts {
            policy = policy.with_out_of_shift(OutOfShift::Exception);
        }
        let r = schedule_adherence(&schedule, &states, &policy).unwrap();
        let want = adherence_reference(
            &schedule,
            &states,
            &adherent,
            &["available", "busy"],
            &["work"],
            grace,
            counts,
        );
        let got = [
            r.scheduled,
            r.exception,
            r.out_of_shift,
            r.scheduled_work,
            r.actual_work,
        ];
        assert_eq!(got, want, "case {case}: {schedule:?} {states:?} {grace:?}");
    }
}

#[test]
fn backlog_matches_a_scan_of_every_ticket() {
    let mut rng = Rng(0xbac4_0002);
    for case in 0..1500 {
        let n = rng.below(40) as usize;
        let tickets: Vec<Ticket> = (0..n)
            .map(|_| {
                let c = rng.below(300);
                let resolved = match rng.below(3) {
                    0 => None,
                    1 => Some(minute(c)), // resolved on creation
                    _ => Some(minute(c + rng.below(200))),
                };
                Ticket::new(minute(c), None, resolved).unwrap()
            })
            .collect();
        let minutes = [1, 5, 10, 15, 30, 60][rng.below(6) as usize];
        let step = Duration::from_secs(60 * minutes);
        let start = minute(rng.below(100)) - TimeDelta::minutes(50);
        let grid = IntervalGrid::new(start, step, 1 + rng.below(20) as usize).unwrap();
        let got = backlog(&tickets, grid);
        let want: Vec<u64> = (0..grid.len())
            .map(|i| {
                let end = start + TimeDelta::from_std(step * (i as u32 + 1)).unwrap();
                tickets
                    .iter()
                    .filter(|t| t.created() < end && t.resolved().is_none_or(|r| r >= end))
                    .count() as u64
            })
            .collect();
        assert_eq!(got.values(), want.as_slice(), "case {case}");
    }
}

#[test]
fn sla_attainment_matches_the_full_business_time_of_each_ticket() {
    use servops_core::chrono::{NaiveDate, NaiveTime};
    use servops_core::chrono_tz::Europe::London;

    let mut rng = Rng(0x51a0_0003);
    let hour = |h: u64| NaiveTime::from_hms_opt(u32::try_from(h).unwrap(), 0, 0).unwrap();
    let day = |d: u64| minute(d * 1440);
    for case in 0..300 {
        let open = rng.below(10);
        let close = open + 1 + rng.below(14 - open);
        let mut cal = BusinessCalendar::new(London)
            .with_weekdays(hour(open), hour(close))
            .unwrap();
        for _ in 0..rng.below(4) {
            let d = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()
                + TimeDelta::days(i64::try_from(rng.below(60)).unwrap());
            cal = cal.with_holiday(d);
        }
        let tickets: Vec<Ticket> = (0..rng.below(30))
            .map(|_| {
                let c = day(rng.below(40))
                    + TimeDelta::minutes(i64::try_from(rng.below(1440)).unwrap());
                let later = |rng: &mut Rng| {
                    (rng.below(3) > 0).then(|| {
                        c + TimeDelta::minutes(i64::try_from(rng.below(30 * 1440)).unwrap())
                    })
                };
                let reply = later(&mut rng);
                let resolved = later(&mut rng);
                Ticket::new(c, reply, resolved).unwrap()
            })
            .collect();
        let target = Duration::from_secs(60 * rng.below(5 * 1440));
        let data_end = day(20 + rng.below(40));
        for metric in [TicketMetric::FirstReply, TicketMetric::FullResolution] {
            let got = sla_attainment(
                &tickets,
                metric,
                target,
                &TicketClock::Business(cal.clone()),
                data_end,
            )
            .unwrap();
            let (mut met, mut breached, mut pending) = (0, 0, 0);
            for t in tickets.iter().filter(|t| t.created() <= data_end) {
                let event = match metric {
                    TicketMetric::FirstReply => t.first_reply(),
                    _ => t.resolved(),
                };
                match event {
                    Some(e) if e <= data_end => {
                        if cal.business_time(t.created(), e).unwrap() <= target {
                            met += 1;
                        } else {
                            breached += 1;
                        }
                    }
                    _ => {
                        if cal.business_time(t.created(), data_end).unwrap() > target {
                            breached += 1;
                        } else {
                            pending += 1;
                        }
                    }
                }
            }
            assert_eq!(
                (got.met, got.breached, got.pending),
                (met, breached, pending),
                "case {case} {metric:?}"
            );
        }
    }
}
