//! `ChatConcurrency::with_single_chat_aht`: the same slowdown profile at
//! another single-chat handle time.
//!
//! Without patience, multiplying every handle time by `s` is a change of
//! time unit: the chain of `lambda` chats per second with handle times
//! `s h_j` is the chain of `s lambda` with `h_j`, its waits `s` times as
//! long. So P(wait) must match and a service level at `s t` must equal the
//! unscaled one at `t`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use servops_queue::{ChatConcurrency, ChatModel, Error, ServiceLevelConvention};
use std::time::Duration;

fn secs(s: u64) -> Duration {
    Duration::from_secs(s)
}

#[test]
fn handle_times_scale_to_the_nanosecond() {
    let c = ChatConcurrency::new(&[secs(300), secs(400), secs(600)], None).unwrap();
    let s = c.with_single_chat_aht(secs(7)).unwrap();
    // 400 x 7 / 300 = 9.3333... s, to the nearest nanosecond
    assert_eq!(
        s.handle_times(),
        &[secs(7), Duration::new(9, 333_333_333), secs(14)]
    );
    // 2/3 of a nanosecond rounds up
    let s = c.with_single_chat_aht(Duration::new(0, 2)).unwrap();
    assert_eq!(
        s.handle_times(),
        &[
            Duration::new(0, 2),
            Duration::new(0, 3),
            Duration::new(0, 4)
        ]
    );
    assert_eq!(c.with_single_chat_aht(secs(300)).unwrap(), c);
}

#[test]
fn scaling_is_a_change_of_time_unit() {
    let c = ChatConcurrency::new(&[secs(360), secs(480), secs(660)], None).unwrap();
    let half_hour = secs(1800);
    for (factor, agents) in [(1.5, 13), (0.5, 5), (2.0, 18)] {
        let aht = Duration::from_secs_f64(360.0 * factor);
        let scaled = c.with_single_chat_aht(aht).unwrap();
        // 60 chats per half hour at the scaled profile ...
        let a = ChatModel::new(scaled.traffic(60.0, half_hour).unwrap(), agents, scaled).unwrap();
        // ... are 60 x factor chats per half hour at the original one.
        let b = ChatModel::new(c.traffic(60.0 * factor, half_hour).unwrap(), agents, c).unwrap();
        let close =
            |x: f64, y: f64| assert!((x - y).abs() <= 1e-12 * y.abs().max(1.0), "{x} vs {y}");
        close(a.prob_wait(), b.prob_wait());
        close(a.occupancy(), b.occupancy());
        close(a.mean_wait_secs(), factor * b.mean_wait_secs());
        let conv = ServiceLevelConvention::AnsweredWithinOverOffered;
        close(
            a.service_level(Duration::from_secs_f64(60.0 * factor), conv),
            b.service_level(secs(60), conv),
        );
    }
}

#[test]
fn refusals_are_typed() {
    let c = ChatConcurrency::new(&[secs(360), secs(660)], Some(secs(90))).unwrap();
    let zero = c.with_single_chat_aht(Duration::ZERO).unwrap_err();
    assert!(matches!(zero, Error::InvalidParameter { name: "aht", .. }));
    // 1.5e19 s fits a duration; 11/6 of it does not
    let long = c
        .with_single_chat_aht(Duration::from_secs(15_000_000_000_000_000_000))
        .unwrap_err();
    assert!(matches!(long, Error::InvalidParameter { name: "aht", .. }));
    assert_eq!(
        c.with_single_chat_aht(secs(720)).unwrap().patience(),
        Some(secs(90))
    );
}
