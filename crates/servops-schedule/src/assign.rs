//! The exact agent-tour assignment on classes: agents that agree on
//! everything the cost reads (contract hours, available days, preferred
//! days off) form one class, tours that agree on their days off and paid
//! hours another, and the assignment is a transportation problem between
//! the classes (supply = agents per class, demand = tours per class),
//! solved as a min-cost max-flow by successive shortest paths with
//! potentials on exact integer costs, then expanded to agents and tours
//! in index order.

use std::borrow::Cow;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use chrono::Weekday;

use crate::error::{Error, Result};
use crate::tours::{Agent, Assignment, MAX_ASSIGNMENT_PAIRS, Tour, pair_cost};

/// Distances of unreachable nodes.
const INF: i128 = i128::MAX;
/// The integer cost of a class pair that does not fit (integer costs are
/// at most `2^62` in size, so it is no cost).
const NO_FIT: i64 = i64::MIN;

/// The members of each class, in index order, with the classes numbered in
/// the order of their first member.
fn classes<K: std::hash::Hash + Eq>(keys: impl Iterator<Item = K>) -> Vec<Vec<usize>> {
    let mut id: HashMap<K, usize> = HashMap::new();
    let mut members: Vec<Vec<usize>> = Vec::new();
    for (i, k) in keys.enumerate() {
        let next = members.len();
        let c = *id.entry(k).or_insert(next);
        if c == next {
            members.push(Vec::new());
        }
        if let Some(m) = members.get_mut(c) {
            m.push(i);
        }
    }
    members
}

/// What the cost reads of an agent: contract hours, and the available
/// and preferred days as bit masks (Monday the lowest bit), packed so the
/// key hashes in few writes.
fn agent_key(a: &Agent) -> (u64, u16) {
    let days: [Weekday; 7] = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];
    let mut mask = 0u16;
    for (i, &d) in days.iter().enumerate() {
        mask |= u16::from(a.is_available(d)) << i;
        mask |= u16::from(a.prefers_off(d)) << (i + 7);
    }
    (a.contract_hours().to_bits(), mask)
}

/// What the cost reads of a tour: its paid hours and which weekdays are
/// days off (a day listed twice is one day off, as in the cost).
fn tour_key(t: &Tour) -> (u64, [bool; 7]) {
    let mut off = [false; 7];
    for d in &t.days_off {
        if let Some(x) = off.get_mut(d.num_days_from_monday() as usize) {
            *x = true;
        }
    }
    (t.paid_hours.to_bits(), off)
}

/// The exponent `k` of the integer cost unit `2^-k` hours: every cost
/// `|c| <= max_abs` becomes an integer of at most `2^62` in size, and
/// costs that are whole multiples of `2^-k` (all dyadic hour counts of
/// ordinary size, like 37.5 or 38.75) are exact.
fn unit_exponent(max_abs: f64) -> i32 {
    let mut k = 62;
    let mut bound = 1.0f64;
    // The smallest power of two at least `max_abs` (at most 2^1024).
    while bound < max_abs && k > -1100 {
        bound *= 2.0;
        k -= 1;
    }
    k.min(64)
}

/// The number of binary digits after the point of `x` (0 for whole
/// numbers, 1 for halves, 2 for quarters; at most 1074).
fn fraction_bits(x: f64) -> i32 {
    if x == 0.0 || !x.is_finite() {
        return 0;
    }
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    let frac = bits & ((1u64 << 52) - 1);
    // x = mantissa 2^(e), mantissa a whole number.
    let (mantissa, e) = if exp == 0 {
        (frac, -1074)
    } else {
        (frac | (1u64 << 52), exp - 1075)
    };
    (-(e + mantissa.trailing_zeros() as i32)).max(0)
}

/// `x 2^k`, rounded, as an integer (exact when `x` is a multiple of
/// `2^-k`; `|x| 2^k <= 2^62` by the choice of `k`).
fn to_units(x: f64, k: i32) -> i64 {
    let mut v = x;
    let mut e = k;
    while e > 0 {
        let step = e.min(60);
        v *= (1u64 << step) as f64;
        e -= step;
    }
    while e < 0 {
        let step = (-e).min(60);
        v /= (1u64 << step) as f64;
        e += step;
    }
    // Saturating, and `|v| <= 2^62` anyway.
    v.round() as i64
}

/// Which exact method [`assign_on_classes`] runs on the class costs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Path {
    /// The cheaper of the two by [`flow_is_cheaper`].
    Auto,
    /// The min-cost flow between classes.
    ClassFlow,
    /// The Hungarian assignment on agents x tours, each pair priced by
    /// its classes' integer cost.
    Dense,
}

/// Whether the class flow is expected to be faster than the dense
/// Hungarian, from the sizes: `agents x tours` in `ca x ct` classes.
///
/// The dense Hungarian does about `s^2 l` steps (`s` the smaller side,
/// `l` the larger); the flow about `(ca + ct) ca ct` (an augmentation per
/// class, roughly, each a Dijkstra over the class pairs with a heap).
/// Measured (release, `n` agents for `n` tours in `k` classes a side,
/// n = 100 to 800), the two take the same time where the flow's work is
/// about 0.7 of the Hungarian's (k about 0.7 n); the flow is run when its
/// work is at most half the Hungarian's (where it took 0.65 to 0.75 of the
/// Hungarian's time at 0.43), or when the dense matrix is above
/// [`MAX_ASSIGNMENT_PAIRS`] (the Hungarian would take far too long).
fn flow_is_cheaper(agents: usize, tours: usize, ca: usize, ct: usize) -> bool {
    let (s, l) = (agents.min(tours) as u128, agents.max(tours) as u128);
    if s * l > MAX_ASSIGNMENT_PAIRS as u128 {
        return true;
    }
    let (ca, ct) = (ca as u128, ct as u128);
    let flow = (ca + ct) * ca * ct;
    let dense = s * s * l;
    FLOW_STEP_COST * flow <= dense
}

/// How many dense Hungarian steps one flow step is counted as (see
/// [`flow_is_cheaper`]).
const FLOW_STEP_COST: u128 = 2;

/// The assignment of [`assign_agents`](crate::assign_agents) by the
/// method `path`: the most agents matched, then the least total cost,
/// exactly, on integer class costs.
pub(crate) fn assign_on_classes(
    tours: &[Tour],
    agents: &[Agent],
    flex_hours: f64,
    path: Path,
) -> Result<Assignment> {
    let agent_classes = classes(agents.iter().map(agent_key));
    let tour_classes = classes(tours.iter().map(tour_key));
    let (ca, ct) = (agent_classes.len(), tour_classes.len());
    let pairs = ca as u128 * ct as u128;
    if pairs > MAX_ASSIGNMENT_PAIRS as u128 {
        return Err(Error::ModelTooLarge {
            what: "agent-tour class pairs",
            count: pairs,
            limit: MAX_ASSIGNMENT_PAIRS,
        });
    }
    // The cost of each class pair, from one member of each, in two
    // passes (the largest size, then the integers), so that only the
    // integers are held: 8 bytes a class pair.
    let firsts = |members: &[Vec<usize>]| -> Vec<usize> {
        members.iter().filter_map(|m| m.first().copied()).collect()
    };
    let (fa, ft) = (firsts(&agent_classes), firsts(&tour_classes));
    let pair = |a: usize, t: usize| match (
        fa.get(a).and_then(|&i| agents.get(i)),
        ft.get(t).and_then(|&i| tours.get(i)),
    ) {
        (Some(agent), Some(tour)) => pair_cost(agent, tour, flex_hours),
        _ => None,
    };
    let mut max_abs = 0.0f64;
    let mut frac = 0i32;
    for a in 0..ca {
        for t in 0..ct {
            if let Some(c) = pair(a, t) {
                max_abs = max_abs.max(c.abs());
                frac = frac.max(fraction_bits(c));
            }
        }
    }
    // The coarsest unit in which every cost is whole (then exact), if
    // that is finer than the size allows.
    let k = unit_exponent(max_abs).min(frac);
    let mut units: Vec<i64> = Vec::with_capacity(ca * ct);
    for a in 0..ca {
        for t in 0..ct {
            units.push(pair(a, t).map_or(NO_FIT, |c| to_units(c, k)));
        }
    }
    let dense = match path {
        Path::Auto => !flow_is_cheaper(agents.len(), tours.len(), ca, ct),
        Path::ClassFlow => false,
        Path::Dense => {
            let pairs = agents.len() as u128 * tours.len() as u128;
            if pairs > MAX_ASSIGNMENT_PAIRS as u128 {
                return Err(Error::ModelTooLarge {
                    what: "agent-tour pairs",
                    count: pairs,
                    limit: MAX_ASSIGNMENT_PAIRS,
                });
            }
            true
        }
    };
    if dense {
        return Ok(assign_dense(
            &units,
            &agent_classes,
            &tour_classes,
            agents.len(),
            tours.len(),
        ));
    }
    let supply: Vec<usize> = agent_classes.iter().map(Vec::len).collect();
    let demand: Vec<usize> = tour_classes.iter().map(Vec::len).collect();
    let flows = min_cost_max_flow(&units, &supply, &demand);
    Ok(expand(
        &flows,
        &agent_classes,
        &tour_classes,
        agents.len(),
        tours.len(),
    ))
}

/// The class of each member, from the members of each class.
/// The assignment with the agents and tours left without a partner (those
/// not marked as taken), in index order.
fn finish(
    assignments: Vec<(usize, usize)>,
    agent_taken: &[bool],
    tour_taken: &[bool],
) -> Assignment {
    let free = |taken: &[bool]| {
        taken
            .iter()
            .enumerate()
            .filter(|(_, x)| !**x)
            .map(|(i, _)| i)
            .collect()
    };
    Assignment {
        assignments,
        unfilled_tours: free(tour_taken),
        unassigned_agents: free(agent_taken),
    }
}

fn class_of(members: &[Vec<usize>], n: usize) -> Vec<usize> {
    let mut out = vec![0usize; n];
    for (c, m) in members.iter().enumerate() {
        for &i in m {
            if let Some(x) = out.get_mut(i) {
                *x = c;
            }
        }
    }
    out
}

/// The assignment by the Hungarian algorithm on the dense agents x tours
/// matrix, each pair priced by its classes' integer cost (`units`, agent
/// class by tour class), exact in `i128`: a pair that does not fit costs
/// more than any difference between two matchings of the same size, so
/// the most pairs are matched first, then the least total cost. The
/// smaller side is the rows; the costs are read through the class of each
/// column, so nothing of size agents x tours is allocated.
fn assign_dense(
    units: &[i64],
    agent_classes: &[Vec<usize>],
    tour_classes: &[Vec<usize>],
    agents: usize,
    tours: usize,
) -> Assignment {
    let (ca, ct) = (agent_classes.len(), tour_classes.len());
    let agent_class = class_of(agent_classes, agents);
    let tour_class = class_of(tour_classes, tours);
    let by_agent = agents <= tours;
    // Class costs with the row side's classes as rows.
    let (row_class, col_class, class_costs): (&[usize], &[usize], Cow<'_, [i64]>) = if by_agent {
        (&agent_class, &tour_class, Cow::Borrowed(units))
    } else {
        let mut tr = vec![NO_FIT; units.len()];
        for (a, row) in units.chunks(ct.max(1)).enumerate().take(ca) {
            for (t, &u) in row.iter().enumerate() {
                if let Some(x) = tr.get_mut(t * ca + a) {
                    *x = u;
                }
            }
        }
        (&tour_class, &agent_class, Cow::Owned(tr))
    };
    let row_width = if by_agent { ct } else { ca };
    let col_of_row = hungarian_on_classes(&class_costs, row_width, row_class, col_class);
    let mut assignments = Vec::new();
    for (r, c) in col_of_row.into_iter().enumerate() {
        let (Some(&rc), Some(&cc)) = (row_class.get(r), c.and_then(|c| col_class.get(c))) else {
            continue;
        };
        if class_costs
            .get(rc * row_width + cc)
            .is_some_and(|&u| u != NO_FIT)
            && let Some(c) = c
        {
            assignments.push(if by_agent { (r, c) } else { (c, r) });
        }
    }
    assignments.sort_unstable();
    let mut agent_taken = vec![false; agents];
    let mut tour_taken = vec![false; tours];
    for &(a, t) in &assignments {
        if let Some(x) = agent_taken.get_mut(a) {
            *x = true;
        }
        if let Some(x) = tour_taken.get_mut(t) {
            *x = true;
        }
    }
    finish(assignments, &agent_taken, &tour_taken)
}

/// Minimum-cost assignment of every row to a distinct column (rows <=
/// columns), the cost of row `r` and column `c` being
/// `class_costs[row_class[r] x width + col_class[c]]` (`NO_FIT`: a cost
/// above any difference between two assignments of fitting pairs).
/// Kuhn-Munkres with potentials, O(rows^2 x columns), in exact `i128`.
/// Returns the column of each row.
fn hungarian_on_classes(
    class_costs: &[i64],
    width: usize,
    row_class: &[usize],
    col_class: &[usize],
) -> Vec<Option<usize>> {
    let n = row_class.len();
    // Two assignments of n fitting pairs differ by at most 2 n max|cost|;
    // a pair that does not fit costs (n + 1) 2 (max|cost| + 1), more than
    // that. Potentials and reduced costs stay within a few n times that:
    // in i64 when 16 (n + 1)^2 (max|cost| + 1) <= 2^62 (the integer
    // costs of dyadic hours, like halves and quarters, are small), in
    // i128 always (costs within 2^62, n <= 4,000 for a matrix within
    // `MAX_ASSIGNMENT_PAIRS`).
    let max = class_costs
        .iter()
        .filter(|&&u| u != NO_FIT)
        .map(|u| u.unsigned_abs())
        .max()
        .unwrap_or(0);
    let n1 = n as u128 + 1;
    let need = 16u128
        .saturating_mul(n1)
        .saturating_mul(n1)
        .saturating_mul(u128::from(max) + 1);
    if need <= 1u128 << 62 {
        let no_fit = 2 * (n as i64 + 1) * (max as i64 + 1);
        hungarian_in(class_costs, width, row_class, col_class, no_fit, i64::MAX)
    } else {
        let no_fit = (n as i128 + 1).saturating_mul(1i128 << 64);
        hungarian_in(class_costs, width, row_class, col_class, no_fit, i128::MAX)
    }
}

/// [`hungarian_on_classes`] in the integer type `T`, a pair that does not
/// fit costing `no_fit`, `inf` above every reduced cost.
fn hungarian_in<T>(
    class_costs: &[i64],
    width: usize,
    row_class: &[usize],
    col_class: &[usize],
    no_fit: T,
    inf: T,
) -> Vec<Option<usize>>
where
    T: Copy + Ord + From<i64> + std::ops::Add<Output = T> + std::ops::Sub<Output = T>,
    T: std::ops::AddAssign + std::ops::SubAssign,
{
    let (n, m) = (row_class.len(), col_class.len());
    if n == 0 || n > m {
        return vec![None; n];
    }
    let zero = T::from(0);
    let price = |u: i64| if u == NO_FIT { no_fit } else { T::from(u) };
    // Index 0 of the column arrays is the virtual column of the textbook
    // formulation; column j >= 1 is column j - 1 of the input.
    let mut u = vec![zero; n + 1];
    let mut v = vec![zero; m + 1];
    let mut p = vec![0usize; m + 1];
    let mut way = vec![0usize; m + 1];
    let mut minv = vec![inf; m + 1];
    let mut used = vec![false; m + 1];
    for i in 1..=n {
        if let Some(x) = p.get_mut(0) {
            *x = i;
        }
        let mut j0 = 0usize;
        minv.iter_mut().for_each(|x| *x = inf);
        used.iter_mut().for_each(|x| *x = false);
        loop {
            if let Some(x) = used.get_mut(j0) {
                *x = true;
            }
            let i0 = p.get(j0).copied().unwrap_or(0);
            let ui0 = u.get(i0).copied().unwrap_or(zero);
            let start = row_class
                .get(i0.wrapping_sub(1))
                .map_or(0, |&rc| rc * width);
            let row = class_costs.get(start..start + width).unwrap_or(&[]);
            let mut delta = inf;
            let mut j1 = 0usize;
            let cols = col_class
                .iter()
                .zip(used.get(1..).unwrap_or(&[]))
                .zip(minv.get_mut(1..).unwrap_or(&mut []))
                .zip(way.get_mut(1..).unwrap_or(&mut []))
                .zip(v.get(1..).unwrap_or(&[]));
            for (j, ((((&cc, &done), mv), w), &vj)) in cols.enumerate() {
                if done {
                    continue;
                }
                let cur = price(row.get(cc).copied().unwrap_or(NO_FIT)) - ui0 - vj;
                if cur < *mv {
                    *mv = cur;
                    *w = j0;
                }
                if *mv < delta {
                    delta = *mv;
                    j1 = j + 1;
                }
            }
            if j1 == 0 {
                // No column left: cannot happen with rows <= columns.
                break;
            }
            for ((&done, &pj), (vj, mv)) in
                used.iter().zip(&p).zip(v.iter_mut().zip(minv.iter_mut()))
            {
                if done {
                    if let Some(x) = u.get_mut(pj) {
                        *x += delta;
                    }
                    *vj -= delta;
                } else {
                    *mv -= delta;
                }
            }
            j0 = j1;
            if j1 == 0 || p.get(j0).copied().unwrap_or(0) == 0 {
                break;
            }
        }
        loop {
            let j1 = way.get(j0).copied().unwrap_or(0);
            let pj1 = p.get(j1).copied().unwrap_or(0);
            if let Some(x) = p.get_mut(j0) {
                *x = pj1;
            }
            j0 = j1;
            if j0 == 0 {
                break;
            }
        }
    }
    let mut out = vec![None; n];
    for (j, &i) in p.iter().enumerate().skip(1) {
        if i >= 1
            && let Some(x) = out.get_mut(i - 1)
        {
            *x = Some(j - 1);
        }
    }
    out
}

/// A node of the residual network.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Node {
    Agent(usize),
    Tour(usize),
    Sink,
}

/// How the shortest path reached a node.
#[derive(Debug, Clone, Copy)]
enum Via {
    /// An agent class straight from the source (it has agents left).
    Source,
    /// A tour class from an agent class (a forward pair arc).
    Agent(usize),
    /// An agent class from a tour class (undoing some of their flow).
    Tour(usize),
}

/// Min-cost max-flow on the transportation network source -> agent class
/// (capacity its agents) -> tour class (uncapacitated, only for fitting
/// pairs, cost `units[a x ct + t]`) -> sink (capacity its tours), by
/// successive shortest paths: Dijkstra on reduced costs (a binary heap,
/// stopping at the sink), potentials moved by `min(dist, dist(sink))`,
/// which keeps every residual reduced cost non-negative. Each path is the
/// cheapest augmenting path, so the flow after each augmentation is a
/// cheapest flow of its value and the last is a cheapest maximum flow.
/// Ties go to the lowest class index (agent classes before tour
/// classes), so the result is deterministic. Returns the flow of each
/// class pair with flow, per agent class, by tour class.
fn min_cost_max_flow(
    units: &[i64],
    supply: &[usize],
    demand: &[usize],
) -> Vec<Vec<(usize, usize)>> {
    let (ca, ct) = (supply.len(), demand.len());
    let cost = |a: usize, t: usize| -> Option<i128> {
        units
            .get(a * ct + t)
            .copied()
            .filter(|&u| u != NO_FIT)
            .map(i128::from)
    };
    let mut supply = supply.to_vec();
    let mut demand = demand.to_vec();
    // Flow per class pair, kept per tour class: (agent class, flow > 0).
    let mut into_tour: Vec<Vec<(usize, usize)>> = vec![Vec::new(); ct];
    // Potentials: shortest distances from the source with no flow (the
    // network is a DAG, so they are read off directly; costs may be
    // negative). Source 0, agent classes 0, a tour class its cheapest
    // fitting arc (0 without one: it is never reached), the sink the least
    // of the tour classes'.
    let mut pa = vec![0i128; ca];
    let mut pt: Vec<i128> = (0..ct)
        .map(|t| (0..ca).filter_map(|a| cost(a, t)).min().unwrap_or(0))
        .collect();
    let mut ps = pt.iter().copied().min().unwrap_or(0);
    let mut da = vec![INF; ca];
    let mut dt = vec![INF; ct];
    let mut via_a = vec![Via::Source; ca];
    let mut via_t = vec![Via::Source; ct];
    let mut done_a = vec![false; ca];
    let mut done_t = vec![false; ct];
    loop {
        da.iter_mut().for_each(|d| *d = INF);
        dt.iter_mut().for_each(|d| *d = INF);
        done_a.iter_mut().for_each(|d| *d = false);
        done_t.iter_mut().for_each(|d| *d = false);
        via_a.iter_mut().for_each(|v| *v = Via::Source);
        via_t.iter_mut().for_each(|v| *v = Via::Source);
        let mut ds = INF;
        let mut via_s = 0usize;
        // The frontier: (distance, node), nearest first, ties by node
        // (agent classes, then tour classes, then the sink, by index).
        let mut heap: BinaryHeap<Reverse<(i128, Node)>> = BinaryHeap::new();
        for (a, d) in da.iter_mut().enumerate() {
            if supply.get(a).copied().unwrap_or(0) > 0 {
                // Reduced cost of source -> a: 0 + 0 - pa[a] >= 0.
                *d = -pa.get(a).copied().unwrap_or(0);
                heap.push(Reverse((*d, Node::Agent(a))));
            }
        }
        loop {
            // The unfinished node nearest the source (stale entries skipped).
            let best = loop {
                let Some(Reverse((d, node))) = heap.pop() else {
                    break None;
                };
                let current = match node {
                    Node::Agent(a) => {
                        !done_a.get(a).copied().unwrap_or(true) && da.get(a) == Some(&d)
                    }
                    Node::Tour(t) => {
                        !done_t.get(t).copied().unwrap_or(true) && dt.get(t) == Some(&d)
                    }
                    Node::Sink => ds == d,
                };
                if current {
                    break Some((d, node));
                }
            };
            let Some((d, node)) = best else {
                break;
            };
            match node {
                Node::Sink => break,
                Node::Agent(a) => {
                    if let Some(x) = done_a.get_mut(a) {
                        *x = true;
                    }
                    let p = pa.get(a).copied().unwrap_or(0);
                    for (t, (dt_t, via)) in dt.iter_mut().zip(via_t.iter_mut()).enumerate() {
                        let Some(c) = cost(a, t) else {
                            continue;
                        };
                        let nd = d + c + p - pt.get(t).copied().unwrap_or(0);
                        if nd < *dt_t && !done_t.get(t).copied().unwrap_or(true) {
                            *dt_t = nd;
                            *via = Via::Agent(a);
                            heap.push(Reverse((nd, Node::Tour(t))));
                        }
                    }
                }
                Node::Tour(t) => {
                    if let Some(x) = done_t.get_mut(t) {
                        *x = true;
                    }
                    let p = pt.get(t).copied().unwrap_or(0);
                    if demand.get(t).copied().unwrap_or(0) > 0 {
                        let nd = d + p - ps;
                        if nd < ds {
                            ds = nd;
                            via_s = t;
                            heap.push(Reverse((nd, Node::Sink)));
                        }
                    }
                    for &(a, _) in into_tour.get(t).map_or(&[][..], Vec::as_slice) {
                        let (Some(c), Some(&pa_a)) = (cost(a, t), pa.get(a)) else {
                            continue;
                        };
                        let nd = d - c + p - pa_a;
                        if let Some(d_a) = da.get_mut(a)
                            && nd < *d_a
                            && !done_a.get(a).copied().unwrap_or(true)
                        {
                            *d_a = nd;
                            if let Some(v) = via_a.get_mut(a) {
                                *v = Via::Tour(t);
                            }
                            heap.push(Reverse((nd, Node::Agent(a))));
                        }
                    }
                }
            }
        }
        if ds == INF {
            break;
        }
        // The path, sink back to the source, as (agent class, tour class,
        // forward) arcs, and its bottleneck.
        let mut arcs: Vec<(usize, usize, bool)> = Vec::new();
        let mut amount = demand.get(via_s).copied().unwrap_or(0);
        let mut t = via_s;
        let first_agent = loop {
            let Some(Via::Agent(a)) = via_t.get(t).copied() else {
                // Every tour class on the path is reached from an agent class.
                return flows_by_agent(&into_tour, ca);
            };
            arcs.push((a, t, true));
            match via_a.get(a).copied() {
                Some(Via::Tour(t0)) => {
                    let f = flow_of(&into_tour, a, t0);
                    amount = amount.min(f);
                    arcs.push((a, t0, false));
                    t = t0;
                }
                _ => break a,
            }
        };
        amount = amount.min(supply.get(first_agent).copied().unwrap_or(0));
        if amount == 0 {
            // Cannot happen on a shortest path; stop rather than loop.
            break;
        }
        for &(a, t, forward) in &arcs {
            add_flow(&mut into_tour, a, t, amount, forward);
        }
        if let Some(x) = supply.get_mut(first_agent) {
            *x -= amount;
        }
        if let Some(x) = demand.get_mut(via_s) {
            *x -= amount;
        }
        // Potentials: + min(dist, dist(sink)) (unfinished nodes: dist(sink)).
        for (p, &d) in pa.iter_mut().zip(&da) {
            *p += d.min(ds);
        }
        for (p, &d) in pt.iter_mut().zip(&dt) {
            *p += d.min(ds);
        }
        ps += ds;
    }
    flows_by_agent(&into_tour, ca)
}

/// The flow on class pair `(a, t)`.
fn flow_of(into_tour: &[Vec<(usize, usize)>], a: usize, t: usize) -> usize {
    into_tour
        .get(t)
        .and_then(|v| v.iter().find(|(x, _)| *x == a))
        .map_or(0, |&(_, f)| f)
}

/// Adds (`forward`) or removes `amount` of flow on class pair `(a, t)`.
fn add_flow(
    into_tour: &mut [Vec<(usize, usize)>],
    a: usize,
    t: usize,
    amount: usize,
    forward: bool,
) {
    let Some(v) = into_tour.get_mut(t) else {
        return;
    };
    match v.iter().position(|(x, _)| *x == a) {
        Some(i) => {
            if let Some(e) = v.get_mut(i) {
                e.1 = if forward {
                    e.1.saturating_add(amount)
                } else {
                    e.1.saturating_sub(amount)
                };
                if e.1 == 0 {
                    v.remove(i);
                }
            }
        }
        None if forward => v.push((a, amount)),
        None => {}
    }
}

/// The flows per agent class, by tour class.
fn flows_by_agent(into_tour: &[Vec<(usize, usize)>], ca: usize) -> Vec<Vec<(usize, usize)>> {
    let mut out = vec![Vec::new(); ca];
    for (t, v) in into_tour.iter().enumerate() {
        for &(a, f) in v {
            if let Some(o) = out.get_mut(a) {
                o.push((t, f));
            }
        }
    }
    out
}

/// Turns class flows into agent-tour pairs: each agent class gives its
/// agents in index order to its tour classes in class order, each tour
/// class its tours in index order. Pairs sorted by agent.
fn expand(
    flows: &[Vec<(usize, usize)>],
    agent_classes: &[Vec<usize>],
    tour_classes: &[Vec<usize>],
    agents: usize,
    tours: usize,
) -> Assignment {
    let mut next_tour = vec![0usize; tour_classes.len()];
    let mut assignments = Vec::new();
    let mut agent_taken = vec![false; agents];
    let mut tour_taken = vec![false; tours];
    for (members, flow) in agent_classes.iter().zip(flows) {
        let mut agents_left = members.iter();
        for &(t, f) in flow {
            let (Some(tmembers), Some(cursor)) = (tour_classes.get(t), next_tour.get_mut(t)) else {
                continue;
            };
            for _ in 0..f {
                let (Some(&a), Some(&tour)) = (agents_left.next(), tmembers.get(*cursor)) else {
                    break;
                };
                *cursor += 1;
                assignments.push((a, tour));
                if let Some(x) = agent_taken.get_mut(a) {
                    *x = true;
                }
                if let Some(x) = tour_taken.get_mut(tour) {
                    *x = true;
                }
            }
        }
    }
    assignments.sort_unstable();
    finish(assignments, &agent_taken, &tour_taken)
}
