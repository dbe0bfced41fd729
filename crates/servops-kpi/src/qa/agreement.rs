//! Chance-corrected agreement: Cohen's kappa (unweighted, linear,
//! quadratic), Fleiss' kappa and Gwet's AC1.

use std::collections::BTreeMap;

use super::invalid;
use crate::{Error, Result};

/// The largest number of categories of an [`AgreementTable`] (every
/// constructor) and of [`RatingCounts::from_ratings`].
///
/// Both types store only the non-zero counts, so their memory does not grow
/// with this limit (a table of 4,096 categories with no ratings holds
/// nothing); it bounds the time of Cohen's kappa, which sums over every pair
/// of a used row and a used column (at most 4,096² terms).
///
/// # Examples
///
/// ```
/// use servops_kpi::qa::{AgreementTable, MAX_CATEGORIES};
/// assert!(AgreementTable::from_ratings(&[0], &[0], MAX_CATEGORIES + 1).is_err());
/// ```
pub const MAX_CATEGORIES: usize = 4096;

/// The weighting of Cohen's kappa.
///
/// # Formula
///
/// Disagreement weights for categories `i`, `j` of `k` ordered categories:
/// unweighted `v = [i ≠ j]`; linear `v = |i − j| / (k − 1)`
/// (Cicchetti–Allison); quadratic `v = (i − j)² / (k − 1)²` (Fleiss–Cohen).
///
/// # Examples
///
/// ```
/// use servops_kpi::qa::{AgreementTable, KappaWeighting};
///
/// let t = AgreementTable::from_counts(&[[20, 5], [10, 15]])?;
/// // With two categories every weighting gives the same kappa.
/// for w in [KappaWeighting::Unweighted, KappaWeighting::Linear, KappaWeighting::Quadratic] {
///     assert!((t.cohen_kappa(w).unwrap() - 0.4).abs() < 1e-12);
/// }
/// # Ok::<(), servops_kpi::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum KappaWeighting {
    /// Cohen (1960): every disagreement counts fully.
    #[default]
    Unweighted,
    /// Linear weights: partial credit proportional to the distance.
    Linear,
    /// Quadratic weights: equivalent to an ICC for ordinal scores.
    Quadratic,
}

impl KappaWeighting {
    fn disagreement(self, i: usize, j: usize, k: usize) -> f64 {
        let d = i.abs_diff(j) as f64;
        let span = (k.max(2) - 1) as f64;
        match self {
            KappaWeighting::Unweighted => {
                if i == j {
                    0.0
                } else {
                    1.0
                }
            }
            KappaWeighting::Linear => d / span,
            KappaWeighting::Quadratic => (d / span) * (d / span),
        }
    }
}

/// A square table of two raters' classifications: `count(i, j)` subjects
/// put in category `i` by rater A and `j` by rater B.
///
/// Only the non-zero cells are stored, so the table's memory grows with the
/// number of distinct (A, B) pairs observed, not with the square of the
/// number of categories. Serialised (feature `serde`) as
/// `{"k", "cells", "total"}` with `cells` the non-zero cells as
/// `[row, column, count]` in row order; deserialising also accepts the
/// earlier dense form `{"k", "counts", "total"}` with `counts` the full
/// `k × k` table in row order, and both go through the constructors' checks
/// ([`AgreementTable::from_cells`], [`AgreementTable::from_counts`]) and
/// check `total`.
///
/// # Examples
///
/// ```
/// use servops_kpi::qa::{AgreementTable, KappaWeighting};
///
/// let a = [0, 1, 1, 2, 2, 0];
/// let b = [0, 1, 2, 2, 2, 1];
/// let t = AgreementTable::from_ratings(&a, &b, 3)?;
/// assert_eq!(t.count(1, 2), Some(1));
/// assert!((t.observed_agreement().unwrap() - 4.0 / 6.0).abs() < 1e-15);
/// # Ok::<(), servops_kpi::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Deserialize),
    serde(try_from = "AgreementTableRepr")
)]
pub struct AgreementTable {
    k: usize,
    /// The non-zero cells by (row, column); iterated in row order.
    cells: BTreeMap<(usize, usize), u64>,
    total: u64,
}

impl AgreementTable {
    /// A table from its rows (rater A's categories) of counts by column
    /// (rater B's categories).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] when there are no rows or more than
    /// [`MAX_CATEGORIES`], or the total overflows;
    /// [`Error::DimensionMismatch`] when the table is not square.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::qa::AgreementTable;
    /// assert!(AgreementTable::from_counts(&[vec![1, 2]]).is_err());
    /// assert_eq!(AgreementTable::from_counts(&[[1, 2], [3, 4]])?.total(), 10);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn from_counts<R: AsRef<[u64]>>(rows: &[R]) -> Result<Self> {
        let k = rows.len();
        if k == 0 || k > MAX_CATEGORIES {
            return Err(invalid("number of categories", k, "between 1 and 4096"));
        }
        let mut cells = BTreeMap::new();
        let mut total = 0u64;
        for (i, row) in rows.iter().enumerate() {
            let row = row.as_ref();
            if row.len() != k {
                return Err(Error::DimensionMismatch {
                    what: format!("columns of row {i} of a square agreement table"),
                    expected: k,
                    found: row.len(),
                });
            }
            for (j, &c) in row.iter().enumerate() {
                total = total
                    .checked_add(c)
                    .ok_or_else(|| invalid("total count", "overflow", "representable as u64"))?;
                if c > 0 {
                    cells.insert((i, j), c);
                }
            }
        }
        Ok(Self { k, cells, total })
    }

    /// A table of `k` categories from its non-zero cells
    /// `(row, column, count)`, in any order; zero counts are skipped.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] when `k` is 0 or above
    /// [`MAX_CATEGORIES`], a row or column is not below `k`, a cell is
    /// listed twice, or the total overflows.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::qa::AgreementTable;
    /// let t = AgreementTable::from_cells(4096, &[(0, 0, 7), (4095, 0, 2)])?;
    /// assert_eq!((t.count(4095, 0), t.count(1, 1), t.total()), (Some(2), Some(0), 9));
    /// assert!(AgreementTable::from_cells(2, &[(0, 2, 1)]).is_err());
    /// assert!(AgreementTable::from_cells(2, &[(0, 1, 1), (0, 1, 1)]).is_err());
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn from_cells(k: usize, cells: &[(usize, usize, u64)]) -> Result<Self> {
        if k == 0 || k > MAX_CATEGORIES {
            return Err(invalid("number of categories", k, "between 1 and 4096"));
        }
        let mut map = BTreeMap::new();
        let mut total = 0u64;
        for &(i, j, c) in cells {
            if i >= k || j >= k {
                return Err(invalid(
                    "category index",
                    i.max(j),
                    "below the number of categories",
                ));
            }
            total = total
                .checked_add(c)
                .ok_or_else(|| invalid("total count", "overflow", "representable as u64"))?;
            if c > 0 && map.insert((i, j), c).is_some() {
                return Err(invalid(
                    "cell of an agreement table",
                    format!("({i}, {j})"),
                    "listed once",
                ));
            }
        }
        Ok(Self {
            k,
            cells: map,
            total,
        })
    }

    /// A table from two raters' category indices (`0..categories`) for the
    /// same subjects.
    ///
    /// # Errors
    ///
    /// [`Error::DimensionMismatch`] when the slices differ in length;
    /// [`Error::InvalidParameter`] when `categories` is 0 or an index is out
    /// of range.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::qa::AgreementTable;
    /// assert!(AgreementTable::from_ratings(&[0, 3], &[0, 1], 2).is_err());
    /// assert_eq!(AgreementTable::from_ratings(&[0, 1], &[0, 1], 2)?.count(1, 1), Some(1));
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn from_ratings(a: &[usize], b: &[usize], categories: usize) -> Result<Self> {
        if a.len() != b.len() {
            return Err(Error::DimensionMismatch {
                what: "ratings of rater B".to_owned(),
                expected: a.len(),
                found: b.len(),
            });
        }
        if categories == 0 || categories > MAX_CATEGORIES {
            return Err(invalid(
                "number of categories",
                categories,
                "between 1 and 4096",
            ));
        }
        let mut cells = BTreeMap::new();
        for (&i, &j) in a.iter().zip(b) {
            if i >= categories || j >= categories {
                return Err(invalid(
                    "category index",
                    i.max(j),
                    "below the number of categories",
                ));
            }
            *cells.entry((i, j)).or_insert(0u64) += 1;
        }
        Ok(Self {
            k: categories,
            cells,
            total: a.len() as u64,
        })
    }

    /// The number of categories.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::qa::AgreementTable;
    /// assert_eq!(AgreementTable::from_counts(&[[1, 2], [3, 4]])?.categories(), 2);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn categories(&self) -> usize {
        self.k
    }

    /// The number of subjects.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::qa::AgreementTable;
    /// assert_eq!(AgreementTable::from_counts(&[[1, 2], [3, 4]])?.total(), 10);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn total(&self) -> u64 {
        self.total
    }

    /// The count in row `i` (rater A), column `j` (rater B).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::qa::AgreementTable;
    /// let t = AgreementTable::from_counts(&[[1, 2], [3, 4]])?;
    /// assert_eq!(t.count(1, 0), Some(3));
    /// assert_eq!(t.count(2, 0), None);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn count(&self, i: usize, j: usize) -> Option<u64> {
        if i < self.k && j < self.k {
            Some(self.cells.get(&(i, j)).copied().unwrap_or(0))
        } else {
            None
        }
    }

    /// The proportion of each non-zero cell, in row order, and the row and
    /// column margins; `None` for an empty table.
    ///
    /// The cells left out are zeros: every sum below skips only terms that
    /// are exactly `+0.0`, so the results are those of the full table.
    fn proportions(&self) -> Option<Proportions> {
        if self.total == 0 {
            return None;
        }
        let n = self.total as f64;
        let p: Vec<((usize, usize), f64)> = self
            .cells
            .iter()
            .map(|(&cell, &c)| (cell, c as f64 / n))
            .collect();
        let mut rows = vec![0.0; self.k];
        let mut cols = vec![0.0; self.k];
        for &((i, j), x) in &p {
            if let Some(r) = rows.get_mut(i) {
                *r += x;
            }
            if let Some(c) = cols.get_mut(j) {
                *c += x;
            }
        }
        Some((p, rows, cols))
    }

    /// The share of subjects on which the raters agree; `None` for an empty
    /// table.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::qa::AgreementTable;
    /// assert_eq!(AgreementTable::from_counts(&[[3, 1], [0, 4]])?.observed_agreement(), Some(0.875));
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn observed_agreement(&self) -> Option<f64> {
        if self.total == 0 {
            return None;
        }
        let diag: u64 = self
            .cells
            .iter()
            .filter(|((i, j), _)| i == j)
            .map(|(_, &c)| c)
            .sum();
        Some(diag as f64 / self.total as f64)
    }

    /// Cohen's kappa with the given weighting; `None` when undefined (an
    /// empty table, or no disagreement is possible by chance — both raters
    /// used one and the same category).
    ///
    /// # Formula
    ///
    /// With cell proportions `p_ij`, margins `r_i`, `c_j` and disagreement
    /// weights `v_ij` ([`KappaWeighting`]):
    /// `κ = 1 − Σ v_ij p_ij / Σ v_ij r_i c_j`. Unweighted this is
    /// `(p_o − p_e)/(1 − p_e)`.
    ///
    /// # Accuracy
    ///
    /// Within 1.5 ulps of the exact value whenever the integer sums fit in
    /// `i128` (every table of fewer than about 1e12 subjects): κ is formed
    /// as one fraction of exact integers, since `p_o − p_e` in floating
    /// point loses digits to cancellation when κ is near 0 (tested against
    /// exact integer arithmetic and statsmodels' `cohens_kappa`). Larger
    /// totals use floating sums.
    ///
    /// # Examples
    ///
    /// The SAS PROC FREQ skin-condition example (two dermatologists):
    ///
    /// ```
    /// use servops_kpi::qa::{AgreementTable, KappaWeighting};
    ///
    /// let t = AgreementTable::from_counts(&[[10, 4, 1, 0], [5, 10, 12, 2], [2, 4, 12, 5], [0, 2, 6, 13]])?;
    /// assert!((t.cohen_kappa(KappaWeighting::Unweighted).unwrap() - 0.3449).abs() < 1e-4);
    /// // Both raters always say "pass": kappa is undefined, not 1.
    /// let one = AgreementTable::from_counts(&[[12, 0], [0, 0]])?;
    /// assert_eq!(one.cohen_kappa(KappaWeighting::Unweighted), None);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    ///
    /// # References
    ///
    /// Cohen, J. (1960). A coefficient of agreement for nominal scales.
    /// *Educational and Psychological Measurement* 20, 37–46. Cohen, J. (1968).
    /// Weighted kappa. *Psychological Bulletin* 70(4), 213–220.
    pub fn cohen_kappa(&self, weighting: KappaWeighting) -> Option<f64> {
        if let Some(exact) = self.cohen_kappa_exact(weighting) {
            return exact;
        }
        let (p, rows, cols) = self.proportions()?;
        let k = self.k;
        // Sums in row order over the non-zero terms only (a zero cell or
        // margin adds +0.0), so the sums are those over the full table.
        let mut observed = 0.0;
        for &((i, j), x) in &p {
            let v = weighting.disagreement(i, j, k);
            if v != 0.0 {
                observed += v * x;
            }
        }
        let used = |m: &[f64]| -> Vec<(usize, f64)> {
            m.iter()
                .copied()
                .enumerate()
                .filter(|&(_, x)| x != 0.0)
                .collect()
        };
        let (rows, cols) = (used(&rows), used(&cols));
        let mut expected = 0.0;
        for &(i, r) in &rows {
            for &(j, c) in &cols {
                let v = weighting.disagreement(i, j, k);
                if v != 0.0 {
                    expected += v * r * c;
                }
            }
        }
        if expected > 0.0 {
            Some(1.0 - observed / expected)
        } else {
            None
        }
    }

    /// Cohen's kappa as one fraction of exact integers, `None` when a sum
    /// leaves `i128` (then the floating formula is used). The weights are
    /// `w_ij / W` with integer `w_ij` (`1` off the diagonal, `|i − j|` or
    /// `(i − j)²`) and a common `W` that cancels:
    /// `κ = 1 − N O / E = (E − N O) / E` with `O = Σ w_ij n_ij` and
    /// `E = Σ w_ij R_i C_j` over the integer counts and margins. In floating
    /// point `1 − O/E` loses digits to cancellation when κ is near 0.
    fn cohen_kappa_exact(&self, weighting: KappaWeighting) -> Option<Option<f64>> {
        if self.total == 0 {
            return Some(None);
        }
        let w = |i: usize, j: usize| -> Option<i128> {
            let d = i128::try_from(i.abs_diff(j)).ok()?;
            Some(match weighting {
                KappaWeighting::Unweighted => i128::from(d != 0),
                KappaWeighting::Linear => d,
                KappaWeighting::Quadratic => d.checked_mul(d)?,
            })
        };
        let mut observed: i128 = 0;
        let mut rows: BTreeMap<usize, i128> = BTreeMap::new();
        let mut cols: BTreeMap<usize, i128> = BTreeMap::new();
        for (&(i, j), &c) in &self.cells {
            let c = i128::from(c);
            observed = observed.checked_add(w(i, j)?.checked_mul(c)?)?;
            let r = rows.entry(i).or_insert(0);
            *r = r.checked_add(c)?;
            let k = cols.entry(j).or_insert(0);
            *k = k.checked_add(c)?;
        }
        let mut expected: i128 = 0;
        for (&i, &r) in &rows {
            for (&j, &c) in &cols {
                let v = w(i, j)?;
                if v != 0 {
                    expected = expected.checked_add(v.checked_mul(r)?.checked_mul(c)?)?;
                }
            }
        }
        if expected <= 0 {
            return Some(None);
        }
        let n = i128::from(self.total);
        let num = expected.checked_sub(n.checked_mul(observed)?)?;
        Some(Some(quotient(num, expected)))
    }

    /// Gwet's AC1 as one fraction of exact integers (see
    /// [`gwet_ac1`](Self::gwet_ac1)); `None` when a sum leaves `i128`.
    fn gwet_ac1_exact(&self) -> Option<Option<f64>> {
        if self.total == 0 {
            return Some(None);
        }
        let n = i128::from(self.total);
        let mut diag: i128 = 0;
        let mut margins: BTreeMap<usize, i128> = BTreeMap::new();
        for (&(i, j), &c) in &self.cells {
            let c = i128::from(c);
            if i == j {
                diag = diag.checked_add(c)?;
            }
            for side in [i, j] {
                let m = margins.entry(side).or_insert(0);
                *m = m.checked_add(c)?;
            }
        }
        let two_n = n.checked_mul(2)?;
        let q = margins.values().try_fold(0i128, |acc, m| {
            acc.checked_add(m.checked_mul(two_n.checked_sub(*m)?)?)
        })?;
        let k = i128::try_from(self.k).ok()?;
        let t = n.checked_mul(n)?.checked_mul(4)?.checked_mul(k - 1)?;
        let den = n.checked_mul(t.checked_sub(q)?)?;
        if den <= 0 {
            return Some(None);
        }
        let num = diag.checked_mul(t)?.checked_sub(q.checked_mul(n)?)?;
        Some(Some(quotient(num, den)))
    }

    /// Gwet's AC1 for the two raters; `None` for an empty table or a single
    /// category.
    ///
    /// # Formula
    ///
    /// `π_k = (r_k + c_k)/2`, `p_e = Σ π_k (1 − π_k) / (K − 1)` over the
    /// table's `K` categories, `AC1 = (p_o − p_e)/(1 − p_e)`.
    ///
    /// # Accuracy
    ///
    /// Within 1.5 ulps of the exact value whenever the integer sums fit in
    /// `i128`, as for [`cohen_kappa`](Self::cohen_kappa): with margins
    /// `M_k = R_k + C_k` and `T = 4 N² (K − 1)`,
    /// `AC1 = (D T − N Σ M_k (2N − M_k)) / (N (T − Σ M_k (2N − M_k)))` for
    /// `D` agreements (tested against exact integer arithmetic and the
    /// irrCAC package to its 5 printed decimals).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::qa::AgreementTable;
    /// let t = AgreementTable::from_counts(&[[20, 5], [10, 15]])?;
    /// assert!((t.gwet_ac1().unwrap() - 0.40594).abs() < 1e-5);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    ///
    /// # References
    ///
    /// Gwet, K. L. (2008). Computing inter-rater reliability and its variance
    /// in the presence of high agreement. *British Journal of Mathematical and
    /// Statistical Psychology* 61, 29–48.
    pub fn gwet_ac1(&self) -> Option<f64> {
        if self.k < 2 {
            return None;
        }
        if let Some(exact) = self.gwet_ac1_exact() {
            return exact;
        }
        let (_, rows, cols) = self.proportions()?;
        let po = self.observed_agreement()?;
        let pe: f64 = rows
            .iter()
            .zip(&cols)
            .map(|(r, c)| {
                let pi = (r + c) / 2.0;
                pi * (1.0 - pi)
            })
            .sum::<f64>()
            / (self.k - 1) as f64;
        if pe < 1.0 {
            Some((po - pe) / (1.0 - pe))
        } else {
            None
        }
    }
}

/// The non-zero cells' proportions in row order, the row margins and the
/// column margins of an [`AgreementTable`].
type Proportions = (Vec<((usize, usize), f64)>, Vec<f64>, Vec<f64>);

/// Writes `{"k", "cells", "total"}` with `cells` the non-zero cells as
/// `[row, column, count]` in row order.
#[cfg(feature = "serde")]
impl serde::Serialize for AgreementTable {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;

        struct Cells<'a>(&'a BTreeMap<(usize, usize), u64>);

        impl serde::Serialize for Cells<'_> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_seq(self.0.iter().map(|(&(i, j), &c)| (i, j, c)))
            }
        }

        let mut s = serializer.serialize_struct("AgreementTable", 3)?;
        s.serialize_field("k", &self.k)?;
        s.serialize_field("cells", &Cells(&self.cells))?;
        s.serialize_field("total", &self.total)?;
        s.end()
    }
}

/// The serialised form of an [`AgreementTable`], sparse (`cells`, written
/// now) or dense (`counts`, the full `k × k` table in row order, as
/// written before); deserialising goes through
/// [`AgreementTable::from_cells`] or [`AgreementTable::from_counts`] and
/// checks `total`.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct AgreementTableRepr {
    k: usize,
    #[serde(default)]
    cells: Option<Vec<(usize, usize, u64)>>,
    #[serde(default)]
    counts: Option<Vec<u64>>,
    total: u64,
}

#[cfg(feature = "serde")]
impl TryFrom<AgreementTableRepr> for AgreementTable {
    type Error = Error;

    fn try_from(r: AgreementTableRepr) -> Result<Self> {
        let table = match (r.cells, r.counts) {
            (Some(cells), None) => Self::from_cells(r.k, &cells)?,
            (None, Some(counts)) => {
                if r.k == 0 || r.k > MAX_CATEGORIES {
                    return Err(invalid("number of categories", r.k, "between 1 and 4096"));
                }
                let cells = r.k * r.k; // at most 4096², no overflow
                if counts.len() != cells {
                    return Err(Error::DimensionMismatch {
                        what: "counts of a dense k × k agreement table".to_owned(),
                        expected: cells,
                        found: counts.len(),
                    });
                }
                let rows: Vec<&[u64]> = counts.chunks(r.k).collect();
                Self::from_counts(&rows)?
            }
            _ => {
                return Err(invalid(
                    "serialised agreement table",
                    "cells and counts both or neither",
                    "one of cells (sparse) or counts (dense)",
                ));
            }
        };
        if table.total != r.total {
            return Err(invalid(
                "total of a serialised agreement table",
                r.total,
                "the sum of its counts",
            ));
        }
        Ok(table)
    }
}

/// Writes `{"categories", "raters", "subjects"}` with `subjects` one list
/// per subject of its non-zero `[category, count]` pairs.
#[cfg(feature = "serde")]
impl serde::Serialize for RatingCounts {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;

        struct Subjects<'a>(&'a RatingCounts);

        impl serde::Serialize for Subjects<'_> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_seq(self.0.rows())
            }
        }

        let mut s = serializer.serialize_struct("RatingCounts", 3)?;
        s.serialize_field("categories", &self.categories)?;
        s.serialize_field("raters", &self.raters)?;
        s.serialize_field("subjects", &Subjects(self))?;
        s.end()
    }
}

/// The serialised form of a [`RatingCounts`], sparse (`subjects`) or dense
/// (`counts`, the full subjects × categories table in row order, as written
/// before); deserialising goes through the constructors' checks and checks
/// `raters`.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RatingCountsRepr {
    categories: usize,
    raters: u64,
    #[serde(default)]
    subjects: Option<Vec<Vec<(usize, u64)>>>,
    #[serde(default)]
    counts: Option<Vec<u64>>,
}

#[cfg(feature = "serde")]
impl TryFrom<RatingCountsRepr> for RatingCounts {
    type Error = Error;

    fn try_from(r: RatingCountsRepr) -> Result<Self> {
        let counts = match (r.subjects, r.counts) {
            (Some(subjects), None) => Self::from_sparse(r.categories, &subjects)?,
            (None, Some(counts)) => {
                if r.categories == 0 {
                    return Err(invalid("number of categories", 0, ">= 1"));
                }
                if counts.len() % r.categories != 0 {
                    return Err(Error::DimensionMismatch {
                        what: "counts of a dense subjects × categories table".to_owned(),
                        expected: counts.len() / r.categories * r.categories,
                        found: counts.len(),
                    });
                }
                let rows: Vec<&[u64]> = counts.chunks(r.categories).collect();
                Self::new(&rows)?
            }
            _ => {
                return Err(invalid(
                    "serialised rating counts",
                    "subjects and counts both or neither",
                    "one of subjects (sparse) or counts (dense)",
                ));
            }
        };
        if counts.raters != r.raters {
            return Err(invalid(
                "raters of serialised rating counts",
                r.raters,
                "the ratings of each subject",
            ));
        }
        Ok(counts)
    }
}

/// Ratings of many subjects by the same number `m >= 2` of raters each, as
/// counts: `count(i, j)` raters put subject `i` in category `j` (the raters
/// need not be the same people for every subject).
///
/// Only each subject's non-zero counts are stored, so the memory grows with
/// the number of ratings, not with subjects × categories. Serialised
/// (feature `serde`) as `{"categories", "raters", "subjects"}` with
/// `subjects` one list per subject of its `[category, count]` pairs (count
/// ≥ 1, categories increasing); deserialising also accepts the earlier form
/// `{"categories", "raters", "counts"}` with `counts` the full
/// subjects × categories table in row order, and both go through the
/// constructors' checks.
///
/// # Examples
///
/// ```
/// use servops_kpi::qa::RatingCounts;
///
/// let r = RatingCounts::new(&[[3, 0], [1, 2], [0, 3]])?;
/// assert_eq!((r.subjects(), r.raters_per_subject(), r.categories()), (3, 3, 2));
/// assert!(RatingCounts::new(&[[3, 0], [1, 1]]).is_err()); // unequal raters
/// # Ok::<(), servops_kpi::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Deserialize),
    serde(try_from = "RatingCountsRepr")
)]
pub struct RatingCounts {
    categories: usize,
    raters: u64,
    /// Subject `i`'s non-zero counts are `cells[starts[i]..starts[i + 1]]`,
    /// as (category, count) by increasing category.
    starts: Vec<usize>,
    cells: Vec<(usize, u64)>,
}

impl RatingCounts {
    /// Rows of per-category counts, one row per subject.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] with no subjects, no categories, fewer
    /// than 2 raters per subject, or a total that overflows;
    /// [`Error::DimensionMismatch`] when rows differ in length or in their
    /// number of raters.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::qa::RatingCounts;
    /// assert!(RatingCounts::new(&[[1, 0]]).is_err()); // one rater
    /// assert!(RatingCounts::new(&[[2, 0]]).is_ok());
    /// ```
    pub fn new<R: AsRef<[u64]>>(rows: &[R]) -> Result<Self> {
        let first = rows
            .first()
            .ok_or_else(|| invalid("number of subjects", 0, ">= 1"))?
            .as_ref();
        let categories = first.len();
        if categories == 0 {
            return Err(invalid("number of categories", 0, ">= 1"));
        }
        let raters = rater_sum(first.iter().copied())?;
        if raters < 2 {
            return Err(invalid("raters per subject", raters, ">= 2"));
        }
        let mut starts = Vec::with_capacity(rows.len() + 1);
        starts.push(0);
        let mut cells = Vec::new();
        for (i, row) in rows.iter().enumerate() {
            let row = row.as_ref();
            if row.len() != categories {
                return Err(Error::DimensionMismatch {
                    what: format!("categories of subject {i}"),
                    expected: categories,
                    found: row.len(),
                });
            }
            check_raters(i, raters, rater_sum(row.iter().copied())?)?;
            cells.extend(row.iter().copied().enumerate().filter(|&(_, c)| c > 0));
            starts.push(cells.len());
        }
        Ok(Self {
            categories,
            raters,
            starts,
            cells,
        })
    }

    /// Counts from raw ratings: `ratings[i]` lists the category index
    /// (`0..categories`) each rater gave subject `i` (for example each
    /// evaluator's pass = 1 / fail = 0 on one call of a calibration session).
    ///
    /// Time `O(r log m)` and memory `O(r)` for `r` ratings of `m` per
    /// subject, whatever the number of categories.
    ///
    /// # Errors
    ///
    /// As for [`RatingCounts::new`]; also [`Error::InvalidParameter`] when a
    /// category index is out of range (checked on every subject first) or
    /// `categories` is 0 or above [`MAX_CATEGORIES`].
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::qa::RatingCounts;
    ///
    /// // Three evaluators on four calls (1 = pass).
    /// let r = RatingCounts::from_ratings(&[[1, 1, 1], [0, 0, 1], [1, 1, 1], [0, 0, 0]], 2)?;
    /// assert_eq!(r.raters_per_subject(), 3);
    /// assert!(r.fleiss_kappa().unwrap() > 0.6);
    /// assert!(RatingCounts::from_ratings(&[[0, 2]], 2).is_err());
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn from_ratings<R: AsRef<[usize]>>(ratings: &[R], categories: usize) -> Result<Self> {
        if categories == 0 || categories > MAX_CATEGORIES {
            return Err(invalid(
                "number of categories",
                categories,
                "between 1 and 4096",
            ));
        }
        let mut starts = Vec::with_capacity(ratings.len() + 1);
        starts.push(0);
        let mut cells = Vec::new();
        let mut sorted = Vec::new();
        for subject in ratings {
            let subject = subject.as_ref();
            if let Some(&c) = subject.iter().find(|&&c| c >= categories) {
                return Err(invalid(
                    "category index",
                    c,
                    "below the number of categories",
                ));
            }
            sorted.clear();
            sorted.extend_from_slice(subject);
            sorted.sort_unstable();
            for run in sorted.chunk_by(|a, b| a == b) {
                if let Some(&c) = run.first() {
                    cells.push((c, run.len() as u64));
                }
            }
            starts.push(cells.len());
        }
        let first = ratings
            .first()
            .ok_or_else(|| invalid("number of subjects", 0, ">= 1"))?;
        let raters = first.as_ref().len() as u64;
        if raters < 2 {
            return Err(invalid("raters per subject", raters, ">= 2"));
        }
        for (i, subject) in ratings.iter().enumerate() {
            check_raters(i, raters, subject.as_ref().len() as u64)?;
        }
        Ok(Self {
            categories,
            raters,
            starts,
            cells,
        })
    }

    /// Counts from each subject's non-zero `(category, count)` pairs by
    /// increasing category: the checks of [`RatingCounts::new`] without the
    /// dense rows (the serialised form).
    #[cfg(feature = "serde")]
    fn from_sparse(categories: usize, subjects: &[Vec<(usize, u64)>]) -> Result<Self> {
        let first = subjects
            .first()
            .ok_or_else(|| invalid("number of subjects", 0, ">= 1"))?;
        if categories == 0 {
            return Err(invalid("number of categories", 0, ">= 1"));
        }
        let raters = rater_sum(first.iter().map(|&(_, c)| c))?;
        if raters < 2 {
            return Err(invalid("raters per subject", raters, ">= 2"));
        }
        let mut starts = Vec::with_capacity(subjects.len() + 1);
        starts.push(0);
        let mut cells = Vec::new();
        for (i, subject) in subjects.iter().enumerate() {
            let mut next = 0;
            for &(j, c) in subject {
                if j < next || j >= categories {
                    return Err(invalid(
                        "category of a subject's count",
                        j,
                        "below the number of categories and increasing",
                    ));
                }
                if c == 0 {
                    return Err(invalid("count of a listed category", 0, ">= 1"));
                }
                next = j + 1;
            }
            check_raters(i, raters, rater_sum(subject.iter().map(|&(_, c)| c))?)?;
            cells.extend_from_slice(subject);
            starts.push(cells.len());
        }
        Ok(Self {
            categories,
            raters,
            starts,
            cells,
        })
    }

    /// Each subject's non-zero (category, count) pairs, by subject.
    fn rows(&self) -> impl Iterator<Item = &[(usize, u64)]> {
        self.starts
            .windows(2)
            .map(|w| self.cells.get(w[0]..w[1]).unwrap_or(&[]))
    }

    /// The number of subjects.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::qa::RatingCounts;
    /// assert_eq!(RatingCounts::new(&[[2, 0], [0, 2]])?.subjects(), 2);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn subjects(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    /// The number of categories.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::qa::RatingCounts;
    /// assert_eq!(RatingCounts::new(&[[2, 0, 0]])?.categories(), 3);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn categories(&self) -> usize {
        self.categories
    }

    /// The number of ratings per subject.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::qa::RatingCounts;
    /// assert_eq!(RatingCounts::new(&[[4, 2]])?.raters_per_subject(), 6);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    pub fn raters_per_subject(&self) -> u64 {
        self.raters
    }

    /// (P̄, p_j): mean pairwise agreement per subject and the shares of the
    /// categories used, by category.
    ///
    /// Sums in subject, then category order over the non-zero counts only: a
    /// zero count adds an exact zero to each sum, so the results are those
    /// of the full subjects × categories table to the bit.
    fn components(&self) -> (f64, Vec<(usize, f64)>) {
        let m = self.raters as f64;
        let n = self.subjects() as f64;
        let mut shares = BTreeMap::new();
        let mut agreement = 0.0;
        for row in self.rows() {
            let pairs: f64 = row.iter().map(|&(_, c)| c as f64 * (c as f64 - 1.0)).sum();
            agreement += pairs / (m * (m - 1.0));
            for &(j, c) in row {
                *shares.entry(j).or_insert(0.0) += c as f64;
            }
        }
        let shares = shares.into_iter().map(|(j, s)| (j, s / (n * m))).collect();
        (agreement / n, shares)
    }

    /// The agreement statistics' integer parts, exactly: `A = Σ_i Σ_j
    /// n_ij (n_ij − 1)`, `T = N m`, `d = N m (m − 1)` (so `P̄ = A / d`) and
    /// the category totals `S_j` (so `p_j = S_j / T`); `None` if any of them
    /// leaves `i128`, or with fewer than two raters.
    fn exact_parts(&self) -> Option<ExactParts> {
        let m = i128::from(self.raters);
        let n = i128::try_from(self.subjects()).ok()?;
        if m < 2 {
            return None;
        }
        let t = n.checked_mul(m)?;
        let d = t.checked_mul(m - 1)?;
        let mut pairs: i128 = 0;
        let mut totals: BTreeMap<usize, i128> = BTreeMap::new();
        for &(j, c) in &self.cells {
            let c = i128::from(c);
            pairs = pairs.checked_add(c.checked_mul(c - 1)?)?;
            let s = totals.entry(j).or_insert(0);
            *s = s.checked_add(c)?;
        }
        Some(ExactParts {
            pairs,
            t,
            d,
            totals: totals.into_values().collect(),
        })
    }

    /// Fleiss' kappa; `None` when every rating fell in one category.
    ///
    /// # Formula
    ///
    /// `P_i = Σ_j n_ij (n_ij − 1) / (m (m − 1))`, `P̄ = mean P_i`,
    /// `p_j = Σ_i n_ij / (N m)`, `P_e = Σ p_j²`, `κ = (P̄ − P_e)/(1 − P_e)`.
    ///
    /// # Accuracy
    ///
    /// Within 1.5 ulps of the exact value wherever the integer sums
    /// `Σ n_ij (n_ij − 1) (N m)²` fit in `i128` (any table of up to about
    /// 1e6 subjects and 1,000 raters): κ is formed from them as one
    /// fraction, since `P̄ − P_e` in floating point loses digits to
    /// cancellation when κ is near 0 (tested against exact integer
    /// arithmetic on 10,000-subject tables and statsmodels'
    /// `fleiss_kappa`). Larger tables use floating sums.
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::qa::RatingCounts;
    /// let r = RatingCounts::new(&[[3, 0], [0, 3], [3, 0]])?;
    /// assert_eq!(r.fleiss_kappa(), Some(1.0));
    /// assert_eq!(RatingCounts::new(&[[3, 0], [3, 0]])?.fleiss_kappa(), None);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    ///
    /// # References
    ///
    /// Fleiss, J. L. (1971). Measuring nominal scale agreement among many
    /// raters. *Psychological Bulletin* 76(5), 378–382.
    pub fn fleiss_kappa(&self) -> Option<f64> {
        if let Some(x) = self.exact_parts() {
            if x.totals.iter().filter(|&&s| s > 0).count() < 2 {
                return None;
            }
            // κ = (A/d − B/T²) / (1 − B/T²) = (A T² − B d) / (d (T² − B)),
            // B = Σ S_j², in integers: one rounding per operand and one in
            // the division, where the floating formula loses the
            // difference P̄ − P_e to cancellation when κ is near 0.
            let exact = || {
                let b = x
                    .totals
                    .iter()
                    .try_fold(0i128, |acc, s| acc.checked_add(s.checked_mul(*s)?))?;
                let t2 = x.t.checked_mul(x.t)?;
                let num = x.pairs.checked_mul(t2)?.checked_sub(b.checked_mul(x.d)?)?;
                let den = x.d.checked_mul(t2.checked_sub(b)?)?;
                Some((num, den))
            };
            if let Some((num, den)) = exact() {
                return (den > 0).then(|| quotient(num, den));
            }
        }
        let (p_bar, shares) = self.components();
        if shares.iter().filter(|&&(_, s)| s > 0.0).count() < 2 {
            return None;
        }
        let pe: f64 = shares.iter().map(|(_, s)| s * s).sum();
        if pe < 1.0 {
            Some((p_bar - pe) / (1.0 - pe))
        } else {
            None
        }
    }

    /// Gwet's AC1 over all subjects; `None` with a single category.
    ///
    /// # Formula
    ///
    /// `p_a = P̄` as in Fleiss' kappa, `π_k = p_k`,
    /// `p_e = Σ π_k (1 − π_k) / (K − 1)` over the `K` categories (used or
    /// not), `AC1 = (p_a − p_e)/(1 − p_e)`.
    ///
    /// # Accuracy
    ///
    /// As for [`fleiss_kappa`](Self::fleiss_kappa): within 1.5 ulps of the
    /// exact value wherever the integer sums fit in `i128` (tested against
    /// exact integer arithmetic and irrCAC to its 5 printed decimals).
    ///
    /// # Examples
    ///
    /// ```
    /// use servops_kpi::qa::RatingCounts;
    /// // High agreement on a rare category: AC1 stays high where kappa drops.
    /// let r = RatingCounts::new(&[[3, 0], [3, 0], [3, 0], [3, 0], [2, 1]])?;
    /// assert!(r.gwet_ac1().unwrap() > 0.8);
    /// assert!(r.fleiss_kappa().unwrap() < 0.0);
    /// # Ok::<(), servops_kpi::Error>(())
    /// ```
    ///
    /// # References
    ///
    /// Gwet, K. L. (2008), as for [`AgreementTable::gwet_ac1`].
    pub fn gwet_ac1(&self) -> Option<f64> {
        if self.categories < 2 {
            return None;
        }
        if let Some(x) = self.exact_parts() {
            // p_e = E / (T² (K − 1)) with E = Σ S_j (T − S_j), and AC1 =
            // (A/d − p_e) / (1 − p_e) = (A T_e − E d) / (d (T_e − E)),
            // T_e = T² (K − 1), in integers as for Fleiss' kappa.
            let exact = || {
                let e = x.totals.iter().try_fold(0i128, |acc, s| {
                    acc.checked_add(s.checked_mul(x.t.checked_sub(*s)?)?)
                })?;
                let k = i128::try_from(self.categories).ok()?;
                let te = x.t.checked_mul(x.t)?.checked_mul(k - 1)?;
                let num = x.pairs.checked_mul(te)?.checked_sub(e.checked_mul(x.d)?)?;
                let den = x.d.checked_mul(te.checked_sub(e)?)?;
                Some((num, den))
            };
            if let Some((num, den)) = exact() {
                return (den > 0).then(|| quotient(num, den));
            }
        }
        let (pa, shares) = self.components();
        let pe =
            shares.iter().map(|(_, p)| p * (1.0 - p)).sum::<f64>() / (self.categories - 1) as f64;
        if pe < 1.0 {
            Some((pa - pe) / (1.0 - pe))
        } else {
            None
        }
    }
}

/// Exact integer parts of the agreement statistics (see
/// `RatingCounts::exact_parts`).
struct ExactParts {
    pairs: i128,
    t: i128,
    d: i128,
    totals: Vec<i128>,
}

/// `num / den` of exact integers (`den > 0`), after dividing out their
/// greatest common divisor: each operand is rounded to the nearest double
/// once and the division once more.
fn quotient(num: i128, den: i128) -> f64 {
    let (mut a, mut b) = (num.unsigned_abs(), den.unsigned_abs());
    while b != 0 {
        (a, b) = (b, a % b);
    }
    let g = i128::try_from(a.max(1)).unwrap_or(1);
    (num / g) as f64 / (den / g) as f64
}

/// The sum of one subject's counts.
fn rater_sum(counts: impl Iterator<Item = u64>) -> Result<u64> {
    counts.into_iter().try_fold(0u64, |acc, c| {
        acc.checked_add(c)
            .ok_or_else(|| invalid("ratings per subject", "overflow", "representable as u64"))
    })
}

/// Subject `i` has the `raters` of the first subject.
fn check_raters(i: usize, raters: u64, m: u64) -> Result<()> {
    if m == raters {
        Ok(())
    } else {
        Err(Error::DimensionMismatch {
            what: format!("ratings of subject {i}"),
            expected: usize::try_from(raters).unwrap_or(usize::MAX),
            found: usize::try_from(m).unwrap_or(usize::MAX),
        })
    }
}
