#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod adherence;
mod components;
mod csv_reader;
mod error;
pub mod qa;
mod record;
mod resolution;
mod serde_support;
mod service;
pub mod spc;
mod survey;
mod tickets;
mod workforce;

pub use adherence::{
    AdherencePolicy, AdherenceReport, Conformance, GraceRule, OutOfShift, TimeSpan,
    schedule_adherence,
};
pub use components::{Attribution, ComponentSeries, ComponentSpec, Components, WaitClock};
pub use csv_reader::{BadRowPolicy, CsvContacts, CsvSchema, Field, TimeFormat, read_contacts};
pub use error::{Error, Result};
pub use record::{ContactRecord, ContactRecordBuilder, Outcome};
pub use resolution::{FcrReport, fcr_by_repeat_window};
pub use service::{
    AbandonTreatment, AbandonmentPolicy, AsaPolicy, Kpi, RemovalTreatment, ServiceLevelPolicy,
};
pub use survey::{Ces, CsatPolicy, Nps, SurveyResult, SurveyScale, ces, csat, nps};
pub use tickets::{
    BusinessCalendar, SlaReport, Ticket, TicketClock, TicketMetric, backlog, mean_ticket_time,
    sla_attainment,
};
pub use workforce::{
    AnnualisationRule, ShrinkageCombination, UtilisationBase, annualise_attrition, attrition_rate,
    combine_shrinkage, occupancy, scheduled_for_required, shrinkage_from_time, utilisation,
};
