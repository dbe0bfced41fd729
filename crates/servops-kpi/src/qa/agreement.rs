//! Chance-corrected agreement: Cohen's kappa (unweighted, linear,
//! quadratic), Fleiss' kappa and Gwet's AC1.

use std::collections::BTreeMap;

use super::invalid;
use crate::{Error, Result};

/// The largest number of categories the `from_ratings` constructors accept.
///
/// An [`AgreementTable`] stores only the cells that were observed, so its
/// memory does not grow with this limit (a table of 4,096 categories with
/// no ratings holds nothing); [`RatingCounts::from_ratings`] builds one row
/// of `categories` counts per subject.
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
/// `{"k", "counts", "total"}` with `counts` the full `k × k` table in row
/// order.
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
    /// [`Error::InvalidParameter`] when there are no rows or the total
    /// overflows; [`Error::DimensionMismatch`] when the table is not square.
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
        if k == 0 {
            return Err(invalid("number of categories", 0, ">= 1"));
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
    /// A few ulps (tested against statsmodels' `cohens_kappa`).
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
    /// A few ulps (tested against the irrCAC package to its 5 printed
    /// decimals).
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

/// The serialised form of an [`AgreementTable`]: `k`, the full `k × k`
/// `counts` in row order with its zeros (written one by one, never built in
/// memory) and `total`.
#[cfg(feature = "serde")]
impl serde::Serialize for AgreementTable {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;

        struct DenseCounts<'a>(&'a AgreementTable);

        impl serde::Serialize for DenseCounts<'_> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeSeq;

                let t = self.0;
                let mut cells = t.cells.iter().peekable();
                let mut seq = serializer.serialize_seq(t.k.checked_mul(t.k))?;
                for i in 0..t.k {
                    for j in 0..t.k {
                        let c = cells
                            .next_if(|(cell, _)| **cell == (i, j))
                            .map_or(0, |(_, &c)| c);
                        seq.serialize_element(&c)?;
                    }
                }
                seq.end()
            }
        }

        let mut s = serializer.serialize_struct("AgreementTable", 3)?;
        s.serialize_field("k", &self.k)?;
        s.serialize_field("counts", &DenseCounts(self))?;
        s.serialize_field("total", &self.total)?;
        s.end()
    }
}

/// Ratings of many subjects by the same number `m >= 2` of raters each, as
/// counts: `count(i, j)` raters put subject `i` in category `j` (the raters
/// need not be the same people for every subject).
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
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct RatingCounts {
    categories: usize,
    raters: u64,
    counts: Vec<u64>,
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
        let sum = |row: &[u64]| -> Result<u64> {
            row.iter().try_fold(0u64, |acc, &c| {
                acc.checked_add(c).ok_or_else(|| {
                    invalid("ratings per subject", "overflow", "representable as u64")
                })
            })
        };
        let raters = sum(first)?;
        if raters < 2 {
            return Err(invalid("raters per subject", raters, ">= 2"));
        }
        let mut counts = Vec::with_capacity(rows.len() * categories);
        for (i, row) in rows.iter().enumerate() {
            let row = row.as_ref();
            if row.len() != categories {
                return Err(Error::DimensionMismatch {
                    what: format!("categories of subject {i}"),
                    expected: categories,
                    found: row.len(),
                });
            }
            let m = sum(row)?;
            if m != raters {
                return Err(Error::DimensionMismatch {
                    what: format!("ratings of subject {i}"),
                    expected: usize::try_from(raters).unwrap_or(usize::MAX),
                    found: usize::try_from(m).unwrap_or(usize::MAX),
                });
            }
            counts.extend_from_slice(row);
        }
        Ok(Self {
            categories,
            raters,
            counts,
        })
    }

    /// Counts from raw ratings: `ratings[i]` lists the category index
    /// (`0..categories`) each rater gave subject `i` (for example each
    /// evaluator's pass = 1 / fail = 0 on one call of a calibration session).
    ///
    /// # Errors
    ///
    /// As for [`RatingCounts::new`]; also [`Error::InvalidParameter`] when a
    /// category index is out of range.
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
        let mut rows = Vec::with_capacity(ratings.len());
        for subject in ratings {
            let mut row = vec![0u64; categories];
            for &c in subject.as_ref() {
                match row.get_mut(c) {
                    Some(slot) => *slot += 1,
                    None => {
                        return Err(invalid(
                            "category index",
                            c,
                            "below the number of categories",
                        ));
                    }
                }
            }
            rows.push(row);
        }
        Self::new(&rows)
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
        self.counts.len() / self.categories
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

    /// (P̄, p_j): mean pairwise agreement per subject and category shares.
    fn components(&self) -> (f64, Vec<f64>) {
        let m = self.raters as f64;
        let n = self.subjects() as f64;
        let mut shares = vec![0.0; self.categories];
        let mut agreement = 0.0;
        for row in self.counts.chunks(self.categories) {
            let pairs: f64 = row.iter().map(|&c| c as f64 * (c as f64 - 1.0)).sum();
            agreement += pairs / (m * (m - 1.0));
            for (s, &c) in shares.iter_mut().zip(row) {
                *s += c as f64;
            }
        }
        for s in &mut shares {
            *s /= n * m;
        }
        (agreement / n, shares)
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
    /// A few ulps (tested against statsmodels' `fleiss_kappa`).
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
        let (p_bar, shares) = self.components();
        if shares.iter().filter(|&&s| s > 0.0).count() < 2 {
            return None;
        }
        let pe: f64 = shares.iter().map(|s| s * s).sum();
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
    /// A few ulps (tested against irrCAC to its 5 printed decimals).
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
        let (pa, shares) = self.components();
        let pe = shares.iter().map(|p| p * (1.0 - p)).sum::<f64>() / (self.categories - 1) as f64;
        if pe < 1.0 {
            Some((pa - pe) / (1.0 - pe))
        } else {
            None
        }
    }
}
