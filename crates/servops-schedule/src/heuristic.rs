//! Rounding, greedy repair and large-neighbourhood search over integer
//! schedules, guided by the LP relaxation.

use std::collections::{BTreeSet, HashMap};

use crate::lp::ModelValues;
use crate::problem::{Objective, ScheduleProblem};

const EPS: f64 = 1e-9;

/// A small deterministic pseudo-random generator (SplitMix64).
#[derive(Debug, Clone)]
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Self {
        Self(seed ^ 0x9E37_79B9_7F4A_7C15)
    }
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (`n > 0`).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        (self.next_u64() % n as u64) as usize
    }
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// One shift in a working schedule: a candidate and a placement index per break.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Inst {
    pub(crate) cand: usize,
    pub(crate) placement: Vec<usize>,
}

#[derive(Debug, Clone)]
enum Op {
    Added(Inst),
    Removed(Inst),
}

/// The working schedule with its coverage and side-constraint tallies.
pub(crate) struct Engine<'a> {
    p: &'a ScheduleProblem,
    n: usize,
    req: Vec<f64>,
    pub(crate) cov: Vec<f64>,
    w_cost: f64,
    w_under: f64,
    w_over: f64,
    hard: bool,
    pub(crate) shifts: Vec<Inst>,
    count_by_template: Vec<u32>,
    starts: Vec<u32>,
    paid_total: f64,
    paid_part_time: f64,
    cost_total: f64,
    journal: Vec<Op>,
    /// Candidate indices whose shifts cover each interval.
    by_interval: Vec<Vec<usize>>,
    scratch: Vec<f64>,
    /// Scratch of [`Engine::greedy_fill`]: positions of each candidate in
    /// its list.
    greedy_slots: Vec<Vec<usize>>,
}

impl<'a> Engine<'a> {
    pub(crate) fn new(p: &'a ScheduleProblem) -> Self {
        let n = p.requirement.len();
        let step_h = p.requirement.grid().step_hours();
        let max_rate = p.candidates.iter().map(|c| c.cost).fold(1.0f64, f64::max);
        let (w_cost, w_under, w_over, hard) = match p.objective {
            Objective::Cost => (1.0, 1000.0 * max_rate.max(1.0), 0.0, true),
            // Weights times `soft_scale` (a power of two): the search's
            // absolute tolerances then hold in any unit of the weights.
            Objective::UnderOver(s) => (
                p.soft_cost_weight() * p.soft_scale(),
                s.under_weight() * p.soft_scale() * step_h,
                s.over_weight() * p.soft_scale() * step_h,
                false,
            ),
        };
        let mut by_interval = vec![Vec::new(); n];
        for (ci, c) in p.candidates.iter().enumerate() {
            for &j in &c.work {
                if let Some(v) = by_interval.get_mut(j) {
                    v.push(ci);
                }
            }
        }
        Self {
            p,
            n,
            req: p.requirement.values().to_vec(),
            cov: vec![0.0; n],
            w_cost,
            w_under,
            w_over,
            hard,
            shifts: Vec::new(),
            count_by_template: vec![0; p.templates.len()],
            starts: vec![0; n],
            paid_total: 0.0,
            paid_part_time: 0.0,
            cost_total: 0.0,
            journal: Vec::new(),
            by_interval,
            scratch: Vec::new(),
            greedy_slots: Vec::new(),
        }
    }

    fn penalty(&self, cov: f64, r: f64) -> f64 {
        let d = r - cov;
        if d > EPS {
            // A hard cover charges every short interval in full, however
            // small the shortfall, so that no shortfall is ever worth keeping.
            if self.hard {
                self.w_under * (1.0 + d)
            } else {
                self.w_under * d
            }
        } else if d < -EPS {
            self.w_over * (-d)
        } else {
            0.0
        }
    }

    /// The objective the search minimises (penalised for a hard cover).
    pub(crate) fn objective(&self) -> f64 {
        let pen: f64 = self
            .cov
            .iter()
            .zip(&self.req)
            .map(|(&c, &r)| self.penalty(c, r))
            .sum();
        self.w_cost * self.cost_total + pen
    }

    pub(crate) fn cost_total(&self) -> f64 {
        self.cost_total
    }

    pub(crate) fn deficit(&self) -> f64 {
        self.cov
            .iter()
            .zip(&self.req)
            .map(|(&c, &r)| if r - c > EPS { r - c } else { 0.0 })
            .sum()
    }

    /// Writes the coverage contribution of `(cand, placement)` by position
    /// within the shift into the scratch buffer.
    fn contribution(&mut self, cand: usize, placement: &[usize]) {
        let mut buf = std::mem::take(&mut self.scratch);
        buf.clear();
        if let Some(c) = self.p.candidates.get(cand) {
            buf.resize(c.work.len(), 1.0);
            for (opts, &pi) in c.breaks.iter().zip(placement) {
                if let Some(pl) = opts.get(pi) {
                    for &(j, f) in &pl.absence {
                        let k = (j + self.n - c.start) % self.n.max(1);
                        if let Some(v) = buf.get_mut(k) {
                            *v -= f;
                        }
                    }
                }
            }
        }
        self.scratch = buf;
    }

    fn apply(&mut self, inst: &Inst, sign: f64) {
        self.contribution(inst.cand, &inst.placement);
        let Some(c) = self.p.candidates.get(inst.cand) else {
            return;
        };
        for (&j, &v) in c.work.iter().zip(&self.scratch) {
            if let Some(x) = self.cov.get_mut(j) {
                *x += sign * v;
            }
        }
        let d = if sign > 0.0 { 1i64 } else { -1 };
        if let Some(t) = self.count_by_template.get_mut(c.template) {
            *t = (i64::from(*t) + d).max(0) as u32;
        }
        if let Some(s) = self.starts.get_mut(c.start) {
            *s = (i64::from(*s) + d).max(0) as u32;
        }
        self.paid_total += sign * c.paid_hours;
        if self.p.is_part_time(c.template) {
            self.paid_part_time += sign * c.paid_hours;
        }
        self.cost_total += sign * c.cost;
    }

    pub(crate) fn add(&mut self, inst: Inst) {
        self.apply(&inst, 1.0);
        self.journal.push(Op::Added(inst.clone()));
        self.shifts.push(inst);
    }

    pub(crate) fn remove(&mut self, idx: usize) -> Option<Inst> {
        if idx >= self.shifts.len() {
            return None;
        }
        let inst = self.shifts.swap_remove(idx);
        self.apply(&inst, -1.0);
        self.journal.push(Op::Removed(inst.clone()));
        Some(inst)
    }

    fn undo(&mut self, mark: usize) {
        while self.journal.len() > mark {
            match self.journal.pop() {
                Some(Op::Added(inst)) => {
                    if let Some(pos) = self.shifts.iter().rposition(|s| *s == inst) {
                        let inst = self.shifts.swap_remove(pos);
                        self.apply(&inst, -1.0);
                    }
                }
                Some(Op::Removed(inst)) => {
                    self.apply(&inst, 1.0);
                    self.shifts.push(inst);
                }
                None => break,
            }
        }
    }

    /// Whether adding a shift of `cand` keeps the maximum side constraints.
    fn may_add(&self, cand: usize) -> bool {
        let Some(c) = self.p.candidates.get(cand) else {
            return false;
        };
        for b in &self.p.bounds {
            if b.template == c.template
                && b.max.is_some_and(|m| {
                    self.count_by_template.get(c.template).copied().unwrap_or(0) >= m
                })
            {
                return false;
            }
        }
        if let Some(m) = self.p.starts_max
            && self.starts.get(c.start).copied().unwrap_or(0) >= m
        {
            return false;
        }
        if let Some(cap) = self.p.part_time_cap
            && self.p.is_part_time(c.template)
            && self.paid_part_time + c.paid_hours > cap * (self.paid_total + c.paid_hours) + 1e-7
        {
            return false;
        }
        if let Objective::UnderOver(s) = self.p.objective
            && let Some(b) = s.paid_hours_budget()
            && self.paid_total + c.paid_hours > b + 1e-7
        {
            return false;
        }
        true
    }

    /// Whether removing a shift of `cand` keeps the minimum side constraints.
    fn may_remove(&self, cand: usize) -> bool {
        let Some(c) = self.p.candidates.get(cand) else {
            return false;
        };
        for b in &self.p.bounds {
            if b.template == c.template
                && self.count_by_template.get(c.template).copied().unwrap_or(0) <= b.min
            {
                return false;
            }
        }
        if self.p.starts_min > 0
            && self.starts.get(c.start).copied().unwrap_or(0) <= self.p.starts_min
        {
            return false;
        }
        if let Some(cap) = self.p.part_time_cap
            && !self.p.is_part_time(c.template)
            && self.paid_part_time > cap * (self.paid_total - c.paid_hours) + 1e-7
        {
            return false;
        }
        true
    }

    /// Whether the side constraints all hold.
    pub(crate) fn side_constraints_hold(&self) -> bool {
        for b in &self.p.bounds {
            let k = self.count_by_template.get(b.template).copied().unwrap_or(0);
            if k < b.min || b.max.is_some_and(|m| k > m) {
                return false;
            }
        }
        if self.p.starts_min > 0 || self.p.starts_max.is_some() {
            let mut has = vec![false; self.n];
            for c in &self.p.candidates {
                if let Some(h) = has.get_mut(c.start) {
                    *h = true;
                }
            }
            for (s, h) in self.starts.iter().zip(&has) {
                if *h && (*s < self.p.starts_min || self.p.starts_max.is_some_and(|m| *s > m)) {
                    return false;
                }
            }
        }
        if let Some(cap) = self.p.part_time_cap
            && self.paid_part_time > cap * self.paid_total + 1e-7
        {
            return false;
        }
        if let Objective::UnderOver(s) = self.p.objective
            && s.paid_hours_budget()
                .is_some_and(|b| self.paid_total > b + 1e-7)
        {
            return false;
        }
        true
    }

    /// Best placement of each break of a new shift of `cand` given the
    /// current coverage, and the change in objective from adding it.
    fn best_add(&mut self, cand: usize) -> (Vec<usize>, f64) {
        let Some(c) = self.p.candidates.get(cand) else {
            return (Vec::new(), f64::INFINITY);
        };
        let n = self.n.max(1);
        // Coverage with the shift working every minute of its span.
        let mut local: Vec<f64> = c
            .work
            .iter()
            .map(|&j| self.cov.get(j).copied().unwrap_or(0.0) + 1.0)
            .collect();
        let mut placement = Vec::with_capacity(c.breaks.len());
        for opts in &c.breaks {
            // (change in objective, surplus left, placement).
            let mut best: Option<(f64, f64, usize)> = None;
            for (pi, pl) in opts.iter().enumerate() {
                let mut d = 0.0;
                for &(j, f) in &pl.absence {
                    let k = (j + n - c.start) % n;
                    let r = self.req.get(j).copied().unwrap_or(0.0);
                    let before = local.get(k).copied().unwrap_or(0.0);
                    d += self.penalty(before - f, r) - self.penalty(before, r);
                }
                // Prefer the placement with the most surplus left (ties).
                let slack: f64 = pl
                    .absence
                    .iter()
                    .map(|&(j, _)| {
                        let k = (j + n - c.start) % n;
                        local.get(k).copied().unwrap_or(0.0)
                            - self.req.get(j).copied().unwrap_or(0.0)
                    })
                    .fold(f64::INFINITY, f64::min);
                // Equal changes (to a float rounding of their size) go to the
                // surplus. A tie-break added to the change as `1e-7 x
                // surplus` was lost below the float spacing of penalties
                // near 1e9 (shift costs near 1e6), where it placed breaks
                // differently from the same problem in smaller units.
                let better = match best {
                    None => true,
                    Some((bd, bs, _)) => {
                        let tol = 1e-12 * d.abs().max(bd.abs());
                        d < bd - tol || (d <= bd + tol && slack > bs + 1e-9)
                    }
                };
                if better {
                    best = Some((d, slack, pi));
                }
            }
            let best = best.map_or(0, |b| b.2);
            if let Some(pl) = opts.get(best) {
                for &(j, f) in &pl.absence {
                    let k = (j + n - c.start) % n;
                    if let Some(v) = local.get_mut(k) {
                        *v -= f;
                    }
                }
            }
            placement.push(best);
        }
        let mut delta = self.w_cost * c.cost;
        for (&j, &after) in c.work.iter().zip(&local) {
            let r = self.req.get(j).copied().unwrap_or(0.0);
            let before = self.cov.get(j).copied().unwrap_or(0.0);
            delta += self.penalty(after, r) - self.penalty(before, r);
        }
        (placement, delta)
    }

    /// The change in objective from removing shift `idx`.
    fn remove_delta(&mut self, idx: usize) -> f64 {
        let Some(inst) = self.shifts.get(idx).cloned() else {
            return f64::INFINITY;
        };
        self.contribution(inst.cand, &inst.placement);
        let Some(c) = self.p.candidates.get(inst.cand) else {
            return f64::INFINITY;
        };
        let mut delta = -self.w_cost * c.cost;
        for (&j, &v) in c.work.iter().zip(&self.scratch) {
            let r = self.req.get(j).copied().unwrap_or(0.0);
            let before = self.cov.get(j).copied().unwrap_or(0.0);
            delta += self.penalty(before - v, r) - self.penalty(before, r);
        }
        delta
    }

    /// Starts from the LP relaxation: `x` shifts per candidate rounded up
    /// when the fractional part is at least `round_up_from` and down
    /// otherwise, with breaks spread over placements in proportion to the
    /// LP's.
    pub(crate) fn round_down(
        &mut self,
        lp: &ModelValues,
        round_up_from: f64,
        rng: Option<&mut Rng>,
    ) {
        let mut rng = rng;
        for (ci, (&x, yc)) in lp.x.iter().zip(&lp.y).enumerate() {
            // Randomised rounding: up with probability equal to the fraction.
            let threshold = match rng.as_deref_mut() {
                Some(r) => 1.0 - r.unit().max(1e-9),
                None => 1.0 - round_up_from,
            };
            let count = (x + threshold).floor().max(0.0) as usize;
            if count == 0 {
                continue;
            }
            // Per break: integer counts per placement by largest remainder.
            let mut per_break: Vec<Vec<usize>> = Vec::new();
            for yk in yc {
                let total: f64 = yk.iter().sum();
                let scale = if total > EPS {
                    count as f64 / total
                } else {
                    0.0
                };
                let mut counts: Vec<usize> = yk
                    .iter()
                    .map(|v| (v * scale + 1e-9).floor() as usize)
                    .collect();
                let mut given: usize = counts.iter().sum();
                let mut order: Vec<usize> = (0..yk.len()).collect();
                order.sort_by(|&a, &b| {
                    let fa = yk.get(a).copied().unwrap_or(0.0) * scale
                        - counts.get(a).copied().unwrap_or(0) as f64;
                    let fb = yk.get(b).copied().unwrap_or(0.0) * scale
                        - counts.get(b).copied().unwrap_or(0) as f64;
                    fb.total_cmp(&fa).then(a.cmp(&b))
                });
                let mut it = order.iter().cycle();
                while given < count && !yk.is_empty() {
                    if let Some(&o) = it.next() {
                        if let Some(cn) = counts.get_mut(o) {
                            *cn += 1;
                        }
                        given += 1;
                    }
                }
                let mut list = Vec::with_capacity(count);
                for (pi, &cn) in counts.iter().enumerate() {
                    list.extend(std::iter::repeat_n(pi, cn));
                }
                list.truncate(count);
                per_break.push(list);
            }
            for s in 0..count {
                let placement: Vec<usize> = per_break
                    .iter()
                    .map(|l| l.get(s).copied().unwrap_or(0))
                    .collect();
                if self.may_add(ci) {
                    self.add(Inst {
                        cand: ci,
                        placement,
                    });
                }
            }
        }
        self.journal.clear();
    }

    /// Greedy: repeatedly adds the candidate with the best improvement per
    /// cost until no addition improves the objective.
    ///
    /// The candidates are scanned in order and the first whose score beats
    /// the best so far by more than `1e-12` becomes the best. Each
    /// candidate's best addition depends only on the coverage of the
    /// intervals it spans, so it is computed once and again only after an
    /// addition changes the coverage there; without side constraints (every
    /// candidate may always be added) the scan itself is replayed on a
    /// minimum tree of the scores. The schedule is the one a full
    /// re-evaluation after every addition would give, in time that grows
    /// with the additions times the candidates near each, not times all
    /// candidates.
    pub(crate) fn greedy_fill(&mut self, restrict: Option<&[usize]>) {
        let all: Vec<usize>;
        let cands: &[usize] = match restrict {
            Some(r) => r,
            None => {
                all = (0..self.p.candidates.len()).collect();
                &all
            }
        };
        // Per position in `cands`: the cached best addition, if still valid.
        let mut cache: Vec<Option<(Vec<usize>, f64)>> = vec![None; cands.len()];
        // Positions of each candidate in `cands` (a candidate may repeat).
        let mut slots = std::mem::take(&mut self.greedy_slots);
        slots.resize(self.p.candidates.len(), Vec::new());
        for (pos, &ci) in cands.iter().enumerate() {
            if let Some(v) = slots.get_mut(ci) {
                v.push(pos);
            }
        }
        let always_addable = !self.p.has_side_constraints()
            && match self.p.objective {
                Objective::Cost => true,
                Objective::UnderOver(s) => s.paid_hours_budget().is_none(),
            };
        let mut tree = always_addable.then(|| MinTree::new(cands.len()));
        if let Some(tree) = tree.as_mut() {
            for (pos, &ci) in cands.iter().enumerate() {
                let entry = self.best_add(ci);
                tree.set(pos, self.greedy_score(ci, entry.1));
                if let Some(e) = cache.get_mut(pos) {
                    *e = Some(entry);
                }
            }
        }
        // Taken out while the cached additions are refreshed (which borrow
        // the engine mutably); put back below.
        let by_interval = std::mem::take(&mut self.by_interval);
        // Positions recomputed after the current addition.
        let mut seen: Vec<usize> = vec![usize::MAX; cands.len()];
        let mut round = 0usize;
        loop {
            let best = match tree.as_ref() {
                Some(tree) => tree.replay_scan(),
                None => {
                    let mut best: Option<(f64, usize)> = None;
                    for (pos, &ci) in cands.iter().enumerate() {
                        if !self.may_add(ci) {
                            continue;
                        }
                        let Some(slot) = cache.get_mut(pos) else {
                            continue;
                        };
                        let delta = match slot {
                            Some((_, d)) => *d,
                            None => {
                                let (pl, d) = self.best_add(ci);
                                *slot = Some((pl, d));
                                d
                            }
                        };
                        if delta >= -1e-9 {
                            continue;
                        }
                        let score = self.greedy_score(ci, delta);
                        if best.as_ref().is_none_or(|b| score < b.0 - 1e-12) {
                            best = Some((score, pos));
                        }
                    }
                    best.map(|b| b.1)
                }
            };
            let Some(pos) = best else {
                break;
            };
            let (Some(&ci), Some((pl, _))) =
                (cands.get(pos), cache.get_mut(pos).and_then(Option::take))
            else {
                break;
            };
            self.add(Inst {
                cand: ci,
                placement: pl,
            });
            // The coverage changed on the new shift's intervals: the best
            // additions of the candidates spanning one of them are stale.
            round += 1;
            let p = self.p;
            let Some(c) = p.candidates.get(ci) else {
                continue;
            };
            for &j in &c.work {
                let Some(near) = by_interval.get(j) else {
                    continue;
                };
                for &other in near {
                    for &q in slots.get(other).map_or(&[][..], Vec::as_slice) {
                        if seen.get(q) == Some(&round) {
                            continue;
                        }
                        if let Some(v) = seen.get_mut(q) {
                            *v = round;
                        }
                        match tree.as_mut() {
                            Some(tree) => {
                                let entry = self.best_add(other);
                                tree.set(q, self.greedy_score(other, entry.1));
                                if let Some(e) = cache.get_mut(q) {
                                    *e = Some(entry);
                                }
                            }
                            None => {
                                if let Some(e) = cache.get_mut(q) {
                                    *e = None;
                                }
                            }
                        }
                    }
                }
            }
        }
        for &ci in cands {
            if let Some(v) = slots.get_mut(ci) {
                v.clear();
            }
        }
        self.greedy_slots = slots;
        self.by_interval = by_interval;
    }

    /// The greedy's score of adding a shift of `cand` that changes the
    /// objective by `delta`: per unit of cost for a hard cover; `+inf` when
    /// the addition does not improve the objective.
    fn greedy_score(&self, cand: usize, delta: f64) -> f64 {
        if delta >= -1e-9 {
            return f64::INFINITY;
        }
        let cost = self
            .p
            .candidates
            .get(cand)
            .map_or(1.0, |c| c.cost.max(1e-9));
        if self.hard { delta / cost } else { delta }
    }

    /// Removes every shift whose removal improves the objective, most
    /// expensive first.
    pub(crate) fn drop_pass(&mut self) -> bool {
        let mut improved = false;
        let mut order: Vec<usize> = (0..self.shifts.len()).collect();
        order.sort_by(|&a, &b| {
            let ca = self
                .shifts
                .get(a)
                .and_then(|s| self.p.candidates.get(s.cand))
                .map_or(0.0, |c| c.cost);
            let cb = self
                .shifts
                .get(b)
                .and_then(|s| self.p.candidates.get(s.cand))
                .map_or(0.0, |c| c.cost);
            cb.total_cmp(&ca).then(a.cmp(&b))
        });
        let mut removed = vec![false; self.shifts.len()];
        let snapshot = self.shifts.clone();
        // The current positions of each distinct shift, so that the first
        // one equal to a target is found without scanning the schedule (a
        // scan per shift was quadratic: 153,000 shifts of 7 candidates took
        // 4.5 s). Only `remove` (a swap-remove) reorders the shifts here.
        let mut positions: HashMap<&Inst, BTreeSet<usize>> = HashMap::new();
        for (pos, inst) in snapshot.iter().enumerate() {
            positions.entry(inst).or_default().insert(pos);
        }
        for idx in order {
            let Some(target) = snapshot.get(idx) else {
                continue;
            };
            if removed.get(idx).copied().unwrap_or(true) {
                continue;
            }
            let Some(pos) = positions.get(target).and_then(|p| p.first().copied()) else {
                continue;
            };
            if !self.may_remove(target.cand) {
                continue;
            }
            if self.remove_delta(pos) < -1e-9 {
                let last = self.shifts.len().saturating_sub(1);
                if let Some(p) = positions.get_mut(target) {
                    p.remove(&pos);
                }
                if last != pos
                    && let Some(moved) = self.shifts.get(last)
                    && let Some(p) = positions.get_mut(moved)
                {
                    p.remove(&last);
                    p.insert(pos);
                }
                self.remove(pos);
                if let Some(r) = removed.get_mut(idx) {
                    *r = true;
                }
                improved = true;
            }
        }
        improved
    }

    /// Moves each break of each shift to its best placement.
    pub(crate) fn replace_breaks(&mut self, shifts: &[usize]) {
        for &idx in shifts {
            let Some(inst) = self.shifts.get(idx).cloned() else {
                continue;
            };
            self.apply(&inst, -1.0);
            let (pl, _) = self.best_add(inst.cand);
            let new = Inst {
                cand: inst.cand,
                placement: pl,
            };
            self.apply(&new, 1.0);
            if new != inst {
                self.journal.push(Op::Removed(inst));
                self.journal.push(Op::Added(new.clone()));
            }
            if let Some(s) = self.shifts.get_mut(idx) {
                *s = new;
            }
        }
    }

    /// Shifts whose span meets the window of `2 * width + 1` intervals
    /// centred on `centre`.
    fn shifts_meeting(&self, centre: usize, width: usize) -> Vec<usize> {
        let n = self.n;
        let lo = (centre + n - width.min(n)) % n;
        self.shifts
            .iter()
            .enumerate()
            .filter(|(_, s)| {
                self.p.candidates.get(s.cand).is_some_and(|c| {
                    let d = (lo + n - c.start) % n;
                    d < c.work.len() || (c.start + n - lo) % n <= 2 * width
                })
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// Rebuilds the engine's schedule from a list of shifts.
    pub(crate) fn reset_to(&mut self, shifts: &[Inst]) {
        while !self.shifts.is_empty() {
            let last = self.shifts.len() - 1;
            self.remove(last);
        }
        for s in shifts {
            self.add(s.clone());
        }
        self.journal.clear();
    }

    /// Large-neighbourhood search: remove some of the shifts around a random
    /// time window, let the breaks nearby move, rebuild greedily, drop what
    /// became redundant; keep the result when it is within a threshold that
    /// shrinks to zero over the run (record-to-record travel). Returns the
    /// number of iterations run; the engine ends on the best schedule seen.
    pub(crate) fn lns(
        &mut self,
        rng: &mut Rng,
        deadline: std::time::Instant,
        max_iter: usize,
        target: f64,
    ) -> usize {
        let n = self.n;
        if n == 0 || self.p.candidates.is_empty() || max_iter == 0 {
            return 0;
        }
        let mean_cost =
            self.p.candidates.iter().map(|c| c.cost).sum::<f64>() / self.p.candidates.len() as f64;
        let threshold0 = if self.hard {
            0.3 * mean_cost
        } else {
            0.05 * self.w_under
        };
        let mut best = self.objective();
        let mut best_shifts = self.shifts.clone();
        let mut current = best;
        let mut iter = 0;
        while iter < max_iter {
            if std::time::Instant::now() >= deadline {
                break;
            }
            if best <= target {
                break;
            }
            iter += 1;
            let progress = iter as f64 / max_iter as f64;
            let threshold = threshold0 * (1.0 - progress).max(0.0) * (1.0 - progress).max(0.0);
            self.journal.clear();
            let centre = rng.below(n);
            let width = 1 + rng.below((n / 12).clamp(2, 16));
            let frac = 0.2 + 0.6 * rng.unit();
            // Ruin: remove a fraction of the shifts starting near the centre.
            let mut victims: Vec<usize> = Vec::new();
            for (i, s) in self.shifts.iter().enumerate() {
                let Some(c) = self.p.candidates.get(s.cand) else {
                    continue;
                };
                let dist = (c.start + n - centre) % n;
                let dist = dist.min(n - dist);
                if dist <= width && rng.unit() < frac {
                    victims.push(i);
                }
            }
            for &i in victims.iter().rev() {
                if self.shifts.get(i).is_some_and(|s| self.may_remove(s.cand)) {
                    self.remove(i);
                }
            }
            // Let the breaks of the shifts around the window move into the gap.
            let around = self.shifts_meeting(centre, width + 8);
            self.replace_breaks(&around);
            // Recreate from the candidates touching the window.
            let mut cands: Vec<usize> = Vec::new();
            for d in 0..=(2 * width) {
                let j = (centre + n - width.min(n) + d) % n;
                if let Some(v) = self.by_interval.get(j) {
                    cands.extend_from_slice(v);
                }
            }
            cands.sort_unstable();
            cands.dedup();
            self.greedy_fill(Some(&cands));
            if self.hard && self.deficit() > 0.0 {
                self.greedy_fill(None);
            }
            let around = self.shifts_meeting(centre, width + 8);
            self.replace_breaks(&around);
            self.drop_pass();
            let now = self.objective();
            if now <= current + threshold + 1e-9 {
                current = now;
                if now < best - 1e-9 {
                    best = now;
                    best_shifts.clone_from(&self.shifts);
                }
            } else {
                let mark = 0;
                self.undo(mark);
            }
        }
        if self.objective() > best + 1e-9 {
            self.reset_to(&best_shifts);
        }
        self.journal.clear();
        iter
    }
}

/// A minimum tree over the greedy's candidate positions.
struct MinTree {
    /// Leaves from `size`; `+inf` past the positions.
    v: Vec<f64>,
    size: usize,
}

impl MinTree {
    fn new(len: usize) -> Self {
        let size = len.next_power_of_two().max(1);
        Self {
            v: vec![f64::INFINITY; 2 * size],
            size,
        }
    }

    fn set(&mut self, pos: usize, value: f64) {
        let mut k = pos + self.size;
        if let Some(x) = self.v.get_mut(k) {
            *x = value;
        }
        while k > 1 {
            k /= 2;
            let l = self.v.get(2 * k).copied().unwrap_or(f64::INFINITY);
            let r = self.v.get(2 * k + 1).copied().unwrap_or(f64::INFINITY);
            if let Some(x) = self.v.get_mut(k) {
                *x = l.min(r);
            }
        }
    }

    /// The first position at or after `from` whose value is below `t`.
    fn first_below(&self, from: usize, t: f64) -> Option<usize> {
        self.first_below_in(1, 0, self.size, from, t)
    }

    fn first_below_in(
        &self,
        node: usize,
        lo: usize,
        hi: usize,
        from: usize,
        t: f64,
    ) -> Option<usize> {
        let below = self.v.get(node).is_some_and(|&x| x < t);
        if hi <= from || !below {
            return None;
        }
        if hi - lo == 1 {
            return Some(lo);
        }
        let mid = lo + (hi - lo) / 2;
        self.first_below_in(2 * node, lo, mid, from, t)
            .or_else(|| self.first_below_in(2 * node + 1, mid, hi, from, t))
    }

    /// The position a scan in order picks: the first finite score, then
    /// each later one below the best so far minus `1e-12`.
    fn replay_scan(&self) -> Option<usize> {
        let mut best = self.first_below(0, f64::INFINITY)?;
        loop {
            let score = self
                .v
                .get(best + self.size)
                .copied()
                .unwrap_or(f64::INFINITY);
            match self.first_below(best + 1, score - 1e-12) {
                Some(next) => best = next,
                None => return Some(best),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use std::time::Duration;

    use proptest::prelude::*;
    use rust_decimal::Decimal;
    use servops_core::{IntervalGrid, IntervalSeries};

    use super::*;
    use crate::{BreakRule, Pay, ShiftTemplate};

    /// `drop_pass` as it was: the first shift equal to each target found
    /// by a scan of the schedule.
    fn drop_pass_by_scan(e: &mut Engine<'_>) -> bool {
        let mut improved = false;
        let mut order: Vec<usize> = (0..e.shifts.len()).collect();
        let cost = |e: &Engine<'_>, i: usize| {
            e.shifts
                .get(i)
                .and_then(|s| e.p.candidates.get(s.cand))
                .map_or(0.0, |c| c.cost)
        };
        order.sort_by(|&a, &b| cost(e, b).total_cmp(&cost(e, a)).then(a.cmp(&b)));
        let mut removed = vec![false; e.shifts.len()];
        let snapshot = e.shifts.clone();
        for idx in order {
            let target = &snapshot[idx];
            if removed[idx] {
                continue;
            }
            let Some(pos) = e.shifts.iter().position(|s| s == target) else {
                continue;
            };
            if !e.may_remove(target.cand) {
                continue;
            }
            if e.remove_delta(pos) < -1e-9 {
                e.remove(pos);
                removed[idx] = true;
                improved = true;
            }
        }
        improved
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// The indexed `drop_pass` removes the same shifts, from the same
        /// positions, as the scan it replaced: the schedules agree shift by
        /// shift, in order, and so do the coverages.
        #[test]
        fn drop_pass_matches_the_scan(
            req in proptest::collection::vec(0u8..4, 8),
            picks in proptest::collection::vec((0usize..64, 0usize..4), 0..60),
        ) {
            let m = |x: u64| Duration::from_secs(60 * x);
            let grid = IntervalGrid::new("2026-03-02T08:00:00Z".parse().unwrap(), m(30), 8).unwrap();
            let series = IntervalSeries::new(grid, req.iter().map(|&r| f64::from(r)).collect()).unwrap();
            let two = ShiftTemplate::builder("two").span(m(120)).hourly_rate(Decimal::new(20, 0))
                .breaks(vec![BreakRule::new(m(15), Pay::Paid, m(30), m(75)).unwrap().with_step(m(15)).unwrap()])
                .build().unwrap();
            let one = ShiftTemplate::builder("one").span(m(60)).hourly_rate(Decimal::new(25, 0))
                .build().unwrap();
            let p = ScheduleProblem::builder(series, vec![two, one])
                .objective(Objective::UnderOver(crate::SoftObjective::new(1.0, 0.5).unwrap()))
                .build().unwrap();
            let mut a = Engine::new(&p);
            for &(c, pl) in &picks {
                let cand = c % p.candidates.len();
                let placement = p.candidates[cand].breaks.iter().map(|o| pl % o.len()).collect();
                a.add(Inst { cand, placement });
            }
            let mut b = Engine::new(&p);
            for s in &a.shifts {
                b.add(s.clone());
            }
            let da = a.drop_pass();
            let db = drop_pass_by_scan(&mut b);
            prop_assert_eq!(da, db);
            prop_assert_eq!(&a.shifts, &b.shifts);
            prop_assert_eq!(&a.cov, &b.cov);
        }
    }
}
