//! A series of values, one per interval of a grid.

use std::iter::FusedIterator;
use std::ops::{Index, IndexMut, RangeBounds};
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::error::{Error, Result};
use crate::grid::{IntervalGrid, IntervalStarts, resolve_range};

/// An [`IntervalGrid`] with exactly one value per interval: volumes, handle
/// times, agents required, and so on.
///
/// The length is checked when the series is built and cannot change
/// afterwards ([`values_mut`](Self::values_mut) hands out a slice). Series
/// meet through [`zip`](Self::zip) and [`zip_with`](Self::zip_with), which
/// refuse grids that are not identical.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use servops_core::{IntervalGrid, IntervalSeries};
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let grid = IntervalGrid::new("2026-03-02T08:00:00Z".parse()?, Duration::from_secs(1800), 4)?;
/// let calls = IntervalSeries::new(grid, vec![40.0, 55.0, 61.0, 58.0])?;
/// let aht_seconds = IntervalSeries::filled(grid, 300.0);
/// let workload_hours = calls.zip_with(&aht_seconds, |n, aht| n * aht / 3600.0)?;
/// assert_eq!(workload_hours[0], 40.0 * 300.0 / 3600.0);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "SeriesRepr<T>")
)]
pub struct IntervalSeries<T> {
    grid: IntervalGrid,
    values: Vec<T>,
}

/// The serialized form of a series; deserializing checks the length.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct SeriesRepr<T> {
    grid: IntervalGrid,
    values: Vec<T>,
}

#[cfg(feature = "serde")]
impl<T> TryFrom<SeriesRepr<T>> for IntervalSeries<T> {
    type Error = Error;

    fn try_from(repr: SeriesRepr<T>) -> Result<Self> {
        Self::new(repr.grid, repr.values)
    }
}

impl<T> IntervalSeries<T> {
    /// Builds a series from a grid and one value per interval.
    ///
    /// # Errors
    ///
    /// [`Error::LengthMismatch`] if `values.len()` differs from `grid.len()`.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{Error, IntervalGrid, IntervalSeries};
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T08:00:00Z".parse()?, Duration::from_secs(1800), 3)?;
    /// let series = IntervalSeries::new(grid, vec![1, 2, 3])?;
    /// assert_eq!(series.len(), 3);
    /// assert_eq!(
    ///     IntervalSeries::new(grid, vec![1, 2]),
    ///     Err(Error::LengthMismatch { expected: 3, actual: 2 }),
    /// );
    /// # Ok(())
    /// # }
    /// ```
    pub fn new(grid: IntervalGrid, values: Vec<T>) -> Result<Self> {
        if values.len() != grid.len() {
            return Err(Error::LengthMismatch {
                expected: grid.len(),
                actual: values.len(),
            });
        }
        Ok(Self { grid, values })
    }

    /// Builds a series by calling `f` with the index and start instant of
    /// each interval, in order.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    /// use servops_core::chrono::Timelike;
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T08:00:00Z".parse()?, Duration::from_secs(3600), 3)?;
    /// let hours = IntervalSeries::from_fn(grid, |_, start| start.hour());
    /// assert_eq!(hours.values(), &[8, 9, 10]);
    /// # Ok(())
    /// # }
    /// ```
    pub fn from_fn(grid: IntervalGrid, mut f: impl FnMut(usize, DateTime<Utc>) -> T) -> Self {
        let values = grid
            .starts()
            .enumerate()
            .map(|(index, start)| f(index, start))
            .collect();
        Self { grid, values }
    }

    /// Builds a series with the same value in every interval.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T08:00:00Z".parse()?, Duration::from_secs(900), 4)?;
    /// let target = IntervalSeries::filled(grid, 0.8);
    /// assert!(target.iter().all(|(_, &v)| v == 0.8));
    /// # Ok(())
    /// # }
    /// ```
    pub fn filled(grid: IntervalGrid, value: T) -> Self
    where
        T: Clone,
    {
        Self {
            grid,
            values: vec![value; grid.len()],
        }
    }

    /// The grid the values belong to.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T08:00:00Z".parse()?, Duration::from_secs(900), 4)?;
    /// let series = IntervalSeries::filled(grid, 0u32);
    /// assert_eq!(series.grid(), &grid);
    /// # Ok(())
    /// # }
    /// ```
    pub fn grid(&self) -> &IntervalGrid {
        &self.grid
    }

    /// The values, one per interval, in order.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T08:00:00Z".parse()?, Duration::from_secs(900), 2)?;
    /// let series = IntervalSeries::new(grid, vec![3, 4])?;
    /// assert_eq!(series.values().iter().sum::<i32>(), 7);
    /// # Ok(())
    /// # }
    /// ```
    pub fn values(&self) -> &[T] {
        &self.values
    }

    /// The values as a mutable slice: values can change, their number cannot.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T08:00:00Z".parse()?, Duration::from_secs(900), 3)?;
    /// let mut series = IntervalSeries::new(grid, vec![1.0_f64, 2.0, 3.0])?;
    /// series.values_mut().iter_mut().for_each(|v| *v *= 1.1);
    /// assert!((series[2] - 3.3).abs() < 1e-12);
    /// # Ok(())
    /// # }
    /// ```
    pub fn values_mut(&mut self) -> &mut [T] {
        &mut self.values
    }

    /// Consumes the series and returns its values.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T08:00:00Z".parse()?, Duration::from_secs(900), 2)?;
    /// let series = IntervalSeries::new(grid, vec!['a', 'b'])?;
    /// assert_eq!(series.into_values(), vec!['a', 'b']);
    /// # Ok(())
    /// # }
    /// ```
    pub fn into_values(self) -> Vec<T> {
        self.values
    }

    /// Consumes the series and returns its grid and values.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T08:00:00Z".parse()?, Duration::from_secs(900), 2)?;
    /// let (g, values) = IntervalSeries::new(grid, vec![5, 6])?.into_parts();
    /// assert_eq!((g, values), (grid, vec![5, 6]));
    /// # Ok(())
    /// # }
    /// ```
    pub fn into_parts(self) -> (IntervalGrid, Vec<T>) {
        (self.grid, self.values)
    }

    /// The value of interval `index`, or `None` if `index >= len`.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T08:00:00Z".parse()?, Duration::from_secs(900), 2)?;
    /// let series = IntervalSeries::new(grid, vec![10, 20])?;
    /// assert_eq!(series.get(1), Some(&20));
    /// assert_eq!(series.get(2), None);
    /// # Ok(())
    /// # }
    /// ```
    pub fn get(&self, index: usize) -> Option<&T> {
        self.values.get(index)
    }

    /// The value of the interval containing `instant`, or `None` if the grid
    /// does not contain it.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T08:00:00Z".parse()?, Duration::from_secs(1800), 2)?;
    /// let series = IntervalSeries::new(grid, vec![10, 20])?;
    /// assert_eq!(series.value_at("2026-03-02T08:45:00Z".parse()?), Some(&20));
    /// assert_eq!(series.value_at("2026-03-02T09:00:00Z".parse()?), None);
    /// # Ok(())
    /// # }
    /// ```
    pub fn value_at(&self, instant: DateTime<Utc>) -> Option<&T> {
        self.grid
            .index_of(instant)
            .and_then(|index| self.values.get(index))
    }

    /// An iterator over `(interval start, &value)` pairs, in order.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    /// use servops_core::chrono::{DateTime, Utc};
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T08:00:00Z".parse()?, Duration::from_secs(1800), 3)?;
    /// let series = IntervalSeries::new(grid, vec![4, 9, 7])?;
    /// let (busiest, _) = series.iter().max_by_key(|&(_, v)| *v).ok_or("empty")?;
    /// assert_eq!(busiest, "2026-03-02T08:30:00Z".parse::<DateTime<Utc>>()?);
    /// # Ok(())
    /// # }
    /// ```
    pub fn iter(&self) -> SeriesIter<'_, T> {
        SeriesIter {
            starts: self.grid.starts(),
            values: self.values.iter(),
        }
    }

    /// The number of intervals (and values).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(900), 96)?;
    /// assert_eq!(IntervalSeries::filled(grid, 0).len(), 96);
    /// # Ok(())
    /// # }
    /// ```
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether the series has no intervals.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T00:00:00Z".parse()?, Duration::from_secs(900), 0)?;
    /// assert!(IntervalSeries::<f64>::new(grid, vec![])?.is_empty());
    /// # Ok(())
    /// # }
    /// ```
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// A series on the same grid with `f` applied to every value.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T08:00:00Z".parse()?, Duration::from_secs(900), 2)?;
    /// let calls = IntervalSeries::new(grid, vec![30.0, 45.0])?;
    /// let per_hour = calls.map(|n| n / grid.step_hours());
    /// assert_eq!(per_hour.values(), &[120.0, 180.0]);
    /// # Ok(())
    /// # }
    /// ```
    pub fn map<U>(&self, f: impl FnMut(&T) -> U) -> IntervalSeries<U> {
        IntervalSeries {
            grid: self.grid,
            values: self.values.iter().map(f).collect(),
        }
    }

    /// A series on the same grid with the fallible `f` applied to every
    /// value, stopping at the first error.
    ///
    /// # Errors
    ///
    /// The first error `f` returns.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T08:00:00Z".parse()?, Duration::from_secs(900), 2)?;
    /// let raw = IntervalSeries::new(grid, vec!["12", "x"])?;
    /// assert!(raw.try_map(|s| s.parse::<u32>()).is_err());
    /// let ok = IntervalSeries::new(grid, vec!["12", "7"])?.try_map(|s| s.parse::<u32>())?;
    /// assert_eq!(ok.values(), &[12, 7]);
    /// # Ok(())
    /// # }
    /// ```
    pub fn try_map<U, E>(
        &self,
        f: impl FnMut(&T) -> std::result::Result<U, E>,
    ) -> std::result::Result<IntervalSeries<U>, E> {
        Ok(IntervalSeries {
            grid: self.grid,
            values: self
                .values
                .iter()
                .map(f)
                .collect::<std::result::Result<Vec<U>, E>>()?,
        })
    }

    /// Pairs the values of two series on the same grid.
    ///
    /// # Errors
    ///
    /// [`Error::Misaligned`] if the grids differ in start, step or length.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T08:00:00Z".parse()?, Duration::from_secs(900), 2)?;
    /// let calls = IntervalSeries::new(grid, vec![30, 45])?;
    /// let aht = IntervalSeries::new(grid, vec![280, 310])?;
    /// let both = calls.zip(&aht)?;
    /// assert_eq!(both[1], (45, 310));
    /// # Ok(())
    /// # }
    /// ```
    pub fn zip<U>(&self, other: &IntervalSeries<U>) -> Result<IntervalSeries<(T, U)>>
    where
        T: Clone,
        U: Clone,
    {
        self.zip_with(other, |a, b| (a.clone(), b.clone()))
    }

    /// Combines the values of two series on the same grid, interval by
    /// interval.
    ///
    /// # Errors
    ///
    /// [`Error::Misaligned`] if the grids differ in start, step or length.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{Error, IntervalGrid, IntervalSeries};
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let quarter = Duration::from_secs(900);
    /// let grid = IntervalGrid::new("2026-03-02T08:00:00Z".parse()?, quarter, 2)?;
    /// let forecast = IntervalSeries::new(grid, vec![30.0, 45.0])?;
    /// let actual = IntervalSeries::new(grid, vec![33.0, 40.0])?;
    /// let error = forecast.zip_with(&actual, |f, a| a - f)?;
    /// assert_eq!(error.values(), &[3.0, -5.0]);
    ///
    /// let later = IntervalGrid::new("2026-03-02T08:15:00Z".parse()?, quarter, 2)?;
    /// let shifted = IntervalSeries::new(later, vec![1.0, 2.0])?;
    /// assert!(matches!(forecast.zip_with(&shifted, |f, a| a - f), Err(Error::Misaligned { .. })));
    /// # Ok(())
    /// # }
    /// ```
    pub fn zip_with<U, V>(
        &self,
        other: &IntervalSeries<U>,
        mut f: impl FnMut(&T, &U) -> V,
    ) -> Result<IntervalSeries<V>> {
        self.grid.ensure_matches(&other.grid)?;
        Ok(IntervalSeries {
            grid: self.grid,
            values: self
                .values
                .iter()
                .zip(&other.values)
                .map(|(a, b)| f(a, b))
                .collect(),
        })
    }

    /// The part of the series with interval indices in `range`.
    ///
    /// # Errors
    ///
    /// [`Error::RangeOutOfBounds`] if the range does not lie within `0..len`
    /// or ends before it starts.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    /// use servops_core::chrono::{DateTime, Utc};
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T08:00:00Z".parse()?, Duration::from_secs(3600), 4)?;
    /// let series = IntervalSeries::new(grid, vec![1, 2, 3, 4])?;
    /// let middle = series.slice(1..3)?;
    /// assert_eq!(middle.values(), &[2, 3]);
    /// assert_eq!(middle.grid().start(), "2026-03-02T09:00:00Z".parse::<DateTime<Utc>>()?);
    /// # Ok(())
    /// # }
    /// ```
    pub fn slice(&self, range: impl RangeBounds<usize>) -> Result<Self>
    where
        T: Clone,
    {
        let range = resolve_range(range, self.len())?;
        let grid = self.grid.slice(range.clone())?;
        let values =
            self.values
                .get(range.clone())
                .map(<[T]>::to_vec)
                .ok_or(Error::RangeOutOfBounds {
                    start: range.start,
                    end: range.end,
                    len: self.len(),
                })?;
        Ok(Self { grid, values })
    }

    /// Aggregates the series onto a coarser grid with the same start and end
    /// (see [`IntervalGrid::coarsen`]), calling `combine` with the fine
    /// values that make up each coarse interval.
    ///
    /// # Errors
    ///
    /// As [`IntervalGrid::coarsen`]: [`Error::InvalidParameter`] for an
    /// invalid step, [`Error::IncompatibleStep`] if `coarse_step` is not a
    /// whole multiple of the step, [`Error::IncompleteCoarseInterval`] if the
    /// length is not a whole number of coarse intervals.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T08:00:00Z".parse()?, Duration::from_secs(900), 4)?;
    /// let agents = IntervalSeries::new(grid, vec![12, 14, 15, 13])?;
    /// let peak_per_half_hour = agents.aggregate(Duration::from_secs(1800), |q| q.iter().copied().max())?;
    /// assert_eq!(peak_per_half_hour.values(), &[Some(14), Some(15)]);
    /// # Ok(())
    /// # }
    /// ```
    pub fn aggregate<U>(
        &self,
        coarse_step: Duration,
        mut combine: impl FnMut(&[T]) -> U,
    ) -> Result<IntervalSeries<U>> {
        let coarse = self.grid.coarsen(coarse_step)?;
        // `coarsen` checked that the ratio is a whole number >= 1 that divides the length.
        let group = (coarse.step_minutes() / self.grid.step_minutes()) as usize;
        Ok(IntervalSeries {
            grid: coarse,
            values: self.values.chunks(group).map(&mut combine).collect(),
        })
    }

    /// Sums the series onto a coarser grid with the same start and end: the
    /// natural aggregation for counts such as contact volumes.
    ///
    /// # Errors
    ///
    /// As [`aggregate`](Self::aggregate).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use servops_core::{IntervalGrid, IntervalSeries};
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let grid = IntervalGrid::new("2026-03-02T08:00:00Z".parse()?, Duration::from_secs(900), 8)?;
    /// let calls = IntervalSeries::new(grid, vec![10.0, 12.0, 15.0, 11.0, 9.0, 8.0, 7.0, 6.0])?;
    /// let hourly = calls.aggregate_sum(Duration::from_secs(3600))?;
    /// assert_eq!(hourly.values(), &[48.0, 30.0]);
    /// assert!(calls.aggregate_sum(Duration::from_secs(20 * 60)).is_err());
    /// # Ok(())
    /// # }
    /// ```
    pub fn aggregate_sum(&self, coarse_step: Duration) -> Result<Self>
    where
        T: for<'a> std::iter::Sum<&'a T>,
    {
        self.aggregate(coarse_step, |chunk| chunk.iter().sum())
    }
}

impl<T> Index<usize> for IntervalSeries<T> {
    type Output = T;

    /// The value of interval `index`.
    ///
    /// Panics if `index >= len`, like slice indexing; use
    /// [`get`](IntervalSeries::get) for a checked lookup.
    fn index(&self, index: usize) -> &T {
        &self.values[index]
    }
}

impl<T> IndexMut<usize> for IntervalSeries<T> {
    /// The value of interval `index`, mutably.
    ///
    /// Panics if `index >= len`, like slice indexing.
    fn index_mut(&mut self, index: usize) -> &mut T {
        &mut self.values[index]
    }
}

impl<'a, T> IntoIterator for &'a IntervalSeries<T> {
    type Item = (DateTime<Utc>, &'a T);
    type IntoIter = SeriesIter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// Iterator over `(interval start, &value)` pairs of a series, returned by
/// [`IntervalSeries::iter`].
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use servops_core::{IntervalGrid, IntervalSeries, SeriesIter};
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let grid = IntervalGrid::new("2026-03-02T08:00:00Z".parse()?, Duration::from_secs(900), 3)?;
/// let series = IntervalSeries::new(grid, vec![1, 2, 3])?;
/// let iter: SeriesIter<'_, i32> = series.iter();
/// let total: i32 = iter.map(|(_, v)| v).sum();
/// assert_eq!(total, 6);
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
pub struct SeriesIter<'a, T> {
    starts: IntervalStarts,
    values: std::slice::Iter<'a, T>,
}

impl<T> Clone for SeriesIter<'_, T> {
    fn clone(&self) -> Self {
        Self {
            starts: self.starts.clone(),
            values: self.values.clone(),
        }
    }
}

impl<'a, T> Iterator for SeriesIter<'a, T> {
    type Item = (DateTime<Utc>, &'a T);

    fn next(&mut self) -> Option<Self::Item> {
        Some((self.starts.next()?, self.values.next()?))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.values.size_hint()
    }
}

impl<T> DoubleEndedIterator for SeriesIter<'_, T> {
    fn next_back(&mut self) -> Option<Self::Item> {
        Some((self.starts.next_back()?, self.values.next_back()?))
    }
}

impl<T> ExactSizeIterator for SeriesIter<'_, T> {}

impl<T> FusedIterator for SeriesIter<'_, T> {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::GridDifference;

    fn grid(start: &str, minutes: u64, len: usize) -> IntervalGrid {
        IntervalGrid::new(
            start.parse().unwrap(),
            Duration::from_secs(minutes * 60),
            len,
        )
        .unwrap()
    }

    #[test]
    fn new_checks_length_both_ways() {
        let g = grid("2026-01-01T00:00:00Z", 15, 3);
        assert!(IntervalSeries::new(g, vec![1, 2, 3]).is_ok());
        assert_eq!(
            IntervalSeries::new(g, vec![1, 2, 3, 4]).unwrap_err(),
            Error::LengthMismatch {
                expected: 3,
                actual: 4
            }
        );
        assert_eq!(
            IntervalSeries::<i32>::new(g, vec![])
                .unwrap_err()
                .to_string(),
            "expected 3 values, one per interval, got 0"
        );
    }

    #[test]
    fn iter_pairs_starts_with_values_from_both_ends() {
        let g = grid("2026-01-01T00:00:00Z", 30, 3);
        let s = IntervalSeries::new(g, vec!['a', 'b', 'c']).unwrap();
        let pairs: Vec<_> = s.iter().collect();
        assert_eq!(pairs.len(), 3);
        assert_eq!(pairs[1], (g.interval_start(1).unwrap(), &'b'));
        let mut it = (&s).into_iter();
        assert_eq!(it.next_back(), Some((g.interval_start(2).unwrap(), &'c')));
        assert_eq!(it.len(), 2);
        let mut n = 0;
        for (t, v) in &s {
            assert_eq!(s.value_at(t), Some(v));
            n += 1;
        }
        assert_eq!(n, 3);
    }

    #[test]
    fn zip_refuses_each_kind_of_difference() {
        let base = IntervalSeries::filled(grid("2026-01-01T00:00:00Z", 15, 4), 1);
        let cases = [
            (
                grid("2026-01-01T00:15:00Z", 15, 4),
                GridDifference::Start {
                    left: base.grid().start(),
                    right: "2026-01-01T00:15:00Z".parse().unwrap(),
                },
            ),
            (
                grid("2026-01-01T00:00:00Z", 30, 4),
                GridDifference::Step {
                    left: Duration::from_secs(900),
                    right: Duration::from_secs(1800),
                },
            ),
            (
                grid("2026-01-01T00:00:00Z", 15, 5),
                GridDifference::Length { left: 4, right: 5 },
            ),
        ];
        for (g, difference) in cases {
            let other = IntervalSeries::filled(g, 2);
            assert_eq!(
                base.zip(&other).unwrap_err(),
                Error::Misaligned { difference }
            );
        }
        assert_eq!(
            base.zip(&base.map(|v| v * 10)).unwrap().values(),
            &[(1, 10); 4]
        );
    }

    #[test]
    fn map_and_try_map_keep_the_grid() {
        let g = grid("2026-01-01T00:00:00Z", 60, 3);
        let s = IntervalSeries::new(g, vec![1, 2, 3]).unwrap();
        assert_eq!(s.map(|v| v * 2).grid(), &g);
        let r: std::result::Result<_, String> = s.try_map(|&v| {
            if v < 3 {
                Ok(v)
            } else {
                Err(format!("bad {v}"))
            }
        });
        assert_eq!(r.unwrap_err(), "bad 3");
        let ok: std::result::Result<_, String> = s.try_map(|&v| Ok(v + 1));
        assert_eq!(ok.unwrap().values(), &[2, 3, 4]);
    }

    #[test]
    fn slice_keeps_values_with_their_intervals() {
        let g = grid("2026-01-01T00:00:00Z", 15, 8);
        let s = IntervalSeries::from_fn(g, |i, _| i);
        let part = s.slice(2..5).unwrap();
        assert_eq!(part.values(), &[2, 3, 4]);
        for (t, v) in &part {
            assert_eq!(s.value_at(t), Some(v));
        }
        assert!(s.slice(5..9).is_err());
        assert_eq!(s.slice(8..).unwrap().len(), 0);
    }

    #[test]
    fn aggregate_sums_and_checks() {
        let g = grid("2026-01-01T00:00:00Z", 15, 8);
        let s = IntervalSeries::from_fn(g, |i, _| i as u64);
        let half_hours = s.aggregate_sum(Duration::from_secs(1800)).unwrap();
        assert_eq!(half_hours.values(), &[1, 5, 9, 13]);
        assert_eq!(half_hours.grid().end(), g.end());
        let two_hours = s.aggregate_sum(Duration::from_secs(7200)).unwrap();
        assert_eq!(two_hours.values(), &[28]);
        assert_eq!(
            s.aggregate_sum(Duration::from_secs(3 * 3600)).unwrap_err(),
            Error::IncompleteCoarseInterval { len: 8, group: 12 }
        );
        assert!(matches!(
            s.aggregate_sum(Duration::from_secs(600)).unwrap_err(),
            Error::IncompatibleStep { .. }
        ));
        let empty =
            IntervalSeries::<u64>::new(grid("2026-01-01T00:00:00Z", 15, 0), vec![]).unwrap();
        assert!(
            empty
                .aggregate_sum(Duration::from_secs(3600))
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn index_and_values_mut_edit_in_place() {
        let g = grid("2026-01-01T00:00:00Z", 15, 2);
        let mut s = IntervalSeries::filled(g, 0);
        s[1] = 5;
        s.values_mut()[0] = 3;
        assert_eq!(s.values(), &[3, 5]);
        assert_eq!(s.clone().into_parts(), (g, vec![3, 5]));
    }
}
