//! Quality assurance: scoring rubrics, evaluator calibration and agreement statistics, QA sample sizes.
