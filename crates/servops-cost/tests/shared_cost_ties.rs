//! Shared costs split between channels by exact handle (or agent) time:
//! equal remainders go to the earlier channel, as `allocate` documents.
//! Expected parts by hand (largest remainder on whole minutes).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use rust_decimal::Decimal;
use servops_core::Channel;
use servops_cost::*;

fn cents(v: i64) -> Money {
    Money::new(Decimal::new(v, 2), Currency::USD)
}

fn hourly() -> HourlyCosts {
    HourlyCosts::new(
        cents(4_000),
        Shrinkage::default(),
        Occupancy::new(Decimal::ONE).unwrap(),
    )
    .unwrap()
}

fn shares(channels: &[ChannelDemand], pool: i64, basis: AllocationBasis) -> Vec<Money> {
    cost_by_channel(&hourly(), channels, cents(pool), basis, 2)
        .unwrap()
        .iter()
        .map(|c| c.shared)
        .collect()
}

fn voice(secs: u64) -> ChannelDemand {
    ChannelDemand::new(Channel::Voice, Decimal::ONE, Duration::from_secs(secs)).unwrap()
}

/// Handle times 2, 2 and 5 minutes; 0.06 is 6 cents: quotas 6 x 2/9 = 1 1/3,
/// 1 1/3 and 3 1/3; floors 1 + 1 + 3 = 5; the cent left over goes to the
/// first of three equal remainders: 2, 1, 3. With 0.03: quotas 2/3, 2/3,
/// 1 2/3, floors 0 + 0 + 1, two cents left to the first two: 1, 1, 1.
#[test]
fn equal_handle_time_remainders_go_to_the_earlier_channel() {
    let channels = [voice(120), voice(120), voice(300)];
    assert_eq!(
        shares(&channels, 6, AllocationBasis::HandleTime),
        [cents(2), cents(1), cents(3)]
    );
    assert_eq!(
        shares(&channels, 3, AllocationBasis::HandleTime),
        [cents(1), cents(1), cents(1)]
    );
}

/// Agent time: a 6-minute chat at concurrency 3 takes 2 agent-minutes, so
/// the agent times are again 2, 2 and 5 minutes: 2, 1, 3 cents.
#[test]
fn equal_agent_time_remainders_go_to_the_earlier_channel() {
    let chat = ChannelDemand::new(Channel::Chat, Decimal::ONE, Duration::from_secs(360))
        .unwrap()
        .with_concurrency(Decimal::from(3))
        .unwrap();
    let channels = [voice(120), chat, voice(300)];
    assert_eq!(
        shares(&channels, 6, AllocationBasis::AgentTime),
        [cents(2), cents(1), cents(3)]
    );
}
