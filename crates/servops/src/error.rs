//! One error type across the servops crates.

/// Any error from a servops crate, so that `?` works across a planning
/// chain that touches several of them. Match on the variant to reach the
/// crate's own typed error.
///
/// # Examples
///
/// ```
/// use servops::prelude::*;
/// use std::time::Duration;
///
/// fn plan() -> servops::Result<u32> {
///     let traffic = Traffic::from_load(12.0, Duration::from_secs(200))?;
///     let goal = Targets::service_level_within(0.8, Duration::from_secs(20))?;
///     Ok(agents_required(&traffic, Model::ErlangC, &goal)?.agents)
/// }
/// assert!(plan()? > 12);
///
/// let err = Traffic::from_load(-1.0, Duration::from_secs(200)).map_err(servops::Error::from);
/// assert!(matches!(err, Err(servops::Error::Queue(_))));
/// # Ok::<(), servops::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// From `servops-core`: grids, series, local time.
    #[error(transparent)]
    Core(#[from] servops_core::Error),
    /// From `servops-queue`: queueing models and solvers.
    #[cfg(feature = "queue")]
    #[cfg_attr(docsrs, doc(cfg(feature = "queue")))]
    #[error(transparent)]
    Queue(#[from] servops_queue::Error),
    /// From `servops-forecast`: calendars, histories, methods, backtests.
    #[cfg(feature = "forecast")]
    #[cfg_attr(docsrs, doc(cfg(feature = "forecast")))]
    #[error(transparent)]
    Forecast(#[from] servops_forecast::Error),
    /// From `servops-schedule`: templates, shift problems, solvers.
    #[cfg(feature = "schedule")]
    #[cfg_attr(docsrs, doc(cfg(feature = "schedule")))]
    #[error(transparent)]
    Schedule(#[from] servops_schedule::Error),
    /// From `servops-kpi`: contact records, KPI policies, SPC and QA.
    #[cfg(feature = "kpi")]
    #[cfg_attr(docsrs, doc(cfg(feature = "kpi")))]
    #[error(transparent)]
    Kpi(#[from] servops_kpi::Error),
    /// From `servops-cost`: money, cost stacks, plans, investment cases.
    #[cfg(feature = "cost")]
    #[cfg_attr(docsrs, doc(cfg(feature = "cost")))]
    #[error(transparent)]
    Cost(#[from] servops_cost::Error),
}

/// `Result` with [`Error`].
///
/// # Examples
///
/// ```
/// use servops::prelude::*;
/// use servops::core::chrono::DateTime;
/// use std::time::Duration;
///
/// // `?` turns the error of any servops crate into a `servops::Error`.
/// fn erlangs(contacts: f64, interval_minutes: u64) -> servops::Result<f64> {
///     let step = Duration::from_secs(60 * interval_minutes);
///     let grid = IntervalGrid::new(DateTime::UNIX_EPOCH, step, 1)?; // servops-core
///     let traffic = Traffic::new(contacts, grid.step(), Duration::from_secs(240))?; // servops-queue
///     Ok(traffic.load())
/// }
/// // 120 contacts of 4 minutes in a half hour: 120 x 240 / 1800 = 16 erlangs.
/// assert!((erlangs(120.0, 30)? - 16.0).abs() < 1e-12);
/// // 7 minutes do not divide a day; a negative count is not a volume.
/// assert!(matches!(erlangs(120.0, 7), Err(servops::Error::Core(_))));
/// assert!(matches!(erlangs(-1.0, 30), Err(servops::Error::Queue(_))));
/// # Ok::<(), servops::Error>(())
/// ```
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_is_send_sync_static() {
        fn assert_bounds<T: Send + Sync + 'static + std::error::Error>() {}
        assert_bounds::<Error>();
    }

    #[test]
    fn core_errors_convert() {
        let grid_err = servops_core::IntervalGrid::new(
            servops_core::chrono::DateTime::UNIX_EPOCH,
            std::time::Duration::from_secs(7 * 60),
            1,
        )
        .unwrap_err();
        let e: Error = grid_err.clone().into();
        assert_eq!(e, Error::Core(grid_err));
    }
}
