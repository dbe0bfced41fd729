//! The plan report: one self-contained HTML page with inline SVG charts
//! (drawn with `plotters`), no scripts and nothing fetched from a network.

use plotters::prelude::*;

/// Everything the report shows, as plain numbers and labels.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Page title.
    pub title: String,
    /// One line under the title (data set, dates, settings).
    pub subtitle: String,
    /// Position of each plan interval on the time axis, in days from the
    /// start of the plan (day `d` runs from `d` to `d + 1`, whatever its length).
    pub xs: Vec<f64>,
    /// Tick label of each plan day (index 0 is the first day).
    pub day_labels: Vec<String>,
    /// Actual contacts of the history shown before the plan, oldest first,
    /// with their positions on the time axis (negative: days before the
    /// plan); `None` where the history has no row (drawn as a break in the
    /// line, not as zero).
    pub history: Vec<(f64, Option<f64>)>,
    /// Forecast contacts per interval of the plan (the mean: the expected volume).
    pub forecast: Vec<f64>,
    /// The volume the plan staffs for, where it is not the forecast mean (a
    /// quantile), with its legend label.
    pub staffed_for: Option<(Vec<f64>, String)>,
    /// Lower and upper ends of the forecast's interval band.
    pub band: Option<(Vec<f64>, Vec<f64>, String)>,
    /// Actual contacts of the plan's intervals, when known (a backtest).
    /// `None` where the file has no row (a break in the line).
    pub actual: Option<Vec<Option<f64>>>,
    /// Agents required on the phones per interval.
    pub required: Vec<f64>,
    /// Agents the schedule puts on the phones per interval.
    pub scheduled: Vec<f64>,
    /// Projected service level per interval (None where nothing arrives).
    pub service_level: Vec<Option<f64>>,
    /// The service-level goal.
    pub service_target: f64,
    /// Summary rows: (label, value).
    pub summary: Vec<(String, String)>,
    /// Extra tables: a heading, column names and rows of text.
    pub tables: Vec<(String, Vec<String>, Vec<Vec<String>>)>,
}

/// The chart type every report chart draws on.
type Chart<'a, 'b> = ChartContext<
    'a,
    SVGBackend<'b>,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

/// Caption and axes of one chart (the x axis always ends at the plan's end).
struct Axes<'a> {
    caption: &'a str,
    x_from: f64,
    y_to: f64,
    y_desc: &'a str,
}

const WIDTH: u32 = 1100;
const HEIGHT: u32 = 330;

fn chart_error<E: std::fmt::Debug>(e: E) -> String {
    format!("cannot draw the chart: {e:?}")
}

fn max_of<'a>(values: impl Iterator<Item = &'a f64>) -> f64 {
    values
        .copied()
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max)
}

impl Report {
    /// Tick labels: the day at position `x` of the time axis.
    fn tick(&self, x: f64) -> String {
        let d = x.floor();
        if (x - d).abs() > 1e-9 {
            return String::new();
        }
        if d < 0.0 {
            return format!("{d:.0} d");
        }
        self.day_labels.get(d as usize).cloned().unwrap_or_default()
    }

    fn days(&self) -> f64 {
        self.day_labels.len().max(1) as f64
    }

    fn x(&self, i: usize) -> f64 {
        self.xs.get(i).copied().unwrap_or(i as f64)
    }

    /// Step-line points: each value held across its interval.
    fn steps(&self, values: &[f64]) -> Vec<(f64, f64)> {
        let width = |i: usize| self.x(i + 1).min(self.days()) - self.x(i);
        values
            .iter()
            .enumerate()
            .flat_map(|(i, v)| {
                let x0 = self.x(i);
                let x1 = if i + 1 < self.xs.len() {
                    self.x(i + 1)
                } else {
                    x0 + width(i.saturating_sub(1)).max(0.0)
                };
                [(x0, *v), (x1, *v)]
            })
            .collect()
    }

    /// Draws one chart into an SVG string: the frame, axes and legend are
    /// the same for every chart; `draw` adds the series.
    fn chart<F>(
        &self,
        axes: Axes<'_>,
        legend: SeriesLabelPosition,
        draw: F,
    ) -> Result<String, String>
    where
        F: FnOnce(&mut Chart<'_, '_>) -> Result<(), String>,
    {
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
            root.fill(&WHITE).map_err(chart_error)?;
            let mut chart = ChartBuilder::on(&root)
                .caption(axes.caption, ("sans-serif", 18))
                .margin(12)
                .x_label_area_size(34)
                .y_label_area_size(54)
                .build_cartesian_2d(axes.x_from..self.days(), 0f64..axes.y_to)
                .map_err(chart_error)?;
            chart
                .configure_mesh()
                .x_labels((self.days() - axes.x_from) as usize + 1)
                .x_label_formatter(&|x| self.tick(*x))
                .y_desc(axes.y_desc)
                .light_line_style(WHITE.mix(0.0))
                .draw()
                .map_err(chart_error)?;
            draw(&mut chart)?;
            chart
                .configure_series_labels()
                .background_style(WHITE.mix(0.9))
                .border_style(RGBColor(180, 180, 180))
                .position(legend)
                .draw()
                .map_err(chart_error)?;
            root.present().map_err(chart_error)?;
        }
        Ok(svg)
    }

    fn volume_chart(&self) -> Result<String, String> {
        let first = self.history.first().map_or(0.0, |p| p.0.floor());
        let hist_values: Vec<f64> = self.history.iter().filter_map(|p| p.1).collect();
        let mut ymax = max_of(hist_values.iter().chain(&self.forecast));
        if let Some((_, hi, _)) = &self.band {
            ymax = ymax.max(max_of(hi.iter()));
        }
        if let Some(a) = &self.actual {
            ymax = ymax.max(max_of(a.iter().flatten()));
        }
        if let Some((s, _)) = &self.staffed_for {
            ymax = ymax.max(max_of(s.iter()));
        }
        let axes = Axes {
            caption: "Contacts per interval: history, forecast and its band",
            x_from: first,
            y_to: (ymax * 1.08).max(1.0),
            y_desc: "contacts",
        };
        self.chart(axes, SeriesLabelPosition::UpperRight, |chart| {
            if let Some((lo, hi, name)) = &self.band {
                let mut poly: Vec<(f64, f64)> = hi
                    .iter()
                    .enumerate()
                    .map(|(i, v)| (self.x(i), *v))
                    .collect();
                poly.extend(lo.iter().enumerate().rev().map(|(i, v)| (self.x(i), *v)));
                let band_style = RGBColor(66, 133, 244).mix(0.22).filled();
                chart
                    .draw_series(std::iter::once(Polygon::new(poly, band_style)))
                    .map_err(chart_error)?
                    .label(name.clone())
                    .legend(move |(x, y)| {
                        Rectangle::new([(x, y - 5), (x + 18, y + 5)], band_style)
                    });
            }
            broken_line(
                chart,
                &self.history,
                RGBColor(110, 110, 110).stroke_width(1),
                "history",
            )?;
            if let Some(a) = &self.actual {
                let points: Vec<(f64, Option<f64>)> =
                    a.iter().enumerate().map(|(i, v)| (self.x(i), *v)).collect();
                broken_line(chart, &points, BLACK.stroke_width(1), "actual")?;
            }
            let blue = RGBColor(25, 90, 200);
            chart
                .draw_series(LineSeries::new(
                    self.forecast
                        .iter()
                        .enumerate()
                        .map(|(i, v)| (self.x(i), *v)),
                    blue.stroke_width(2),
                ))
                .map_err(chart_error)?
                .label("forecast (mean: expected volume)")
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 18, y)], blue.stroke_width(2))
                });
            if let Some((staffed, name)) = &self.staffed_for {
                let purple = RGBColor(150, 40, 160);
                chart
                    .draw_series(LineSeries::new(
                        staffed.iter().enumerate().map(|(i, v)| (self.x(i), *v)),
                        purple.stroke_width(1),
                    ))
                    .map_err(chart_error)?
                    .label(name.clone())
                    .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], purple));
            }
            Ok(())
        })
    }

    fn staffing_chart(&self) -> Result<String, String> {
        let axes = Axes {
            caption: "Agents on the phones: required vs scheduled",
            x_from: 0.0,
            y_to: (max_of(self.required.iter().chain(&self.scheduled)) * 1.1).max(1.0),
            y_desc: "agents",
        };
        self.chart(axes, SeriesLabelPosition::UpperLeft, |chart| {
            let step = |values: &[f64]| self.steps(values);
            let green = RGBColor(30, 150, 80);
            chart
                .draw_series(
                    AreaSeries::new(step(&self.scheduled), 0.0, green.mix(0.25))
                        .border_style(green),
                )
                .map_err(chart_error)?
                .label("scheduled on the phones")
                .legend(move |(x, y)| {
                    Rectangle::new([(x, y - 5), (x + 18, y + 5)], green.mix(0.4).filled())
                });
            let red = RGBColor(200, 40, 40);
            chart
                .draw_series(LineSeries::new(step(&self.required), red.stroke_width(2)))
                .map_err(chart_error)?
                .label("required")
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 18, y)], red.stroke_width(2))
                });
            Ok(())
        })
    }

    fn service_chart(&self) -> Result<String, String> {
        let axes = Axes {
            caption: "Projected service level per interval (at the volume staffed for) against the target",
            x_from: 0.0,
            y_to: 100.0,
            y_desc: "service level %",
        };
        let target = self.service_target * 100.0;
        self.chart(axes, SeriesLabelPosition::LowerLeft, |chart| {
            let orange = RGBColor(230, 120, 20);
            chart
                .draw_series(LineSeries::new(
                    [(0.0, target), (self.days(), target)],
                    orange.stroke_width(2),
                ))
                .map_err(chart_error)?
                .label(format!("target {target:.0} %"))
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 18, y)], orange.stroke_width(2))
                });
            let blue = RGBColor(25, 90, 200);
            let points: Vec<(f64, f64)> = self
                .service_level
                .iter()
                .enumerate()
                .filter_map(|(i, v)| v.map(|s| (self.x(i), s * 100.0)))
                .collect();
            chart
                .draw_series(points.iter().map(|&(x, y)| {
                    let style = if y + 1e-9 < target {
                        RGBColor(200, 40, 40)
                    } else {
                        blue
                    };
                    Circle::new((x, y), 2, style.filled())
                }))
                .map_err(chart_error)?
                .label("projected (red: under target)")
                .legend(move |(x, y)| Circle::new((x + 9, y), 3, blue.filled()));
            Ok(())
        })
    }

    /// The whole page.
    pub fn to_html(&self) -> Result<String, String> {
        let mut html = String::new();
        html.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.push_str(&format!("<title>{}</title>\n", escape(&self.title)));
        html.push_str(
            "<style>body{font-family:sans-serif;max-width:1140px;margin:24px auto;color:#222}\
             h1{font-size:22px;margin-bottom:4px}p.sub{color:#555;margin-top:0}\
             figure{margin:18px 0;border:1px solid #ddd;padding:4px}\
             table{border-collapse:collapse;margin:12px 0}td,th{border:1px solid #ccc;padding:4px 10px;text-align:right}\
             th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}</style>\n",
        );
        html.push_str("</head>\n<body>\n");
        html.push_str(&format!(
            "<h1>{}</h1>\n<p class=\"sub\">{}</p>\n",
            escape(&self.title),
            escape(&self.subtitle)
        ));
        html.push_str("<h2>Summary</h2>\n<table class=\"summary\">\n");
        for (k, v) in &self.summary {
            html.push_str(&format!(
                "<tr><th>{}</th><td>{}</td></tr>\n",
                escape(k),
                escape(v)
            ));
        }
        html.push_str("</table>\n");
        for (id, svg) in [
            ("chart-forecast", self.volume_chart()?),
            ("chart-staffing", self.staffing_chart()?),
            ("chart-service", self.service_chart()?),
        ] {
            html.push_str(&format!("<figure id=\"{id}\">\n{svg}\n</figure>\n"));
        }
        for (heading, columns, rows) in &self.tables {
            html.push_str(&format!("<h2>{}</h2>\n<table>\n<tr>", escape(heading)));
            for c in columns {
                html.push_str(&format!("<th>{}</th>", escape(c)));
            }
            html.push_str("</tr>\n");
            for row in rows {
                html.push_str("<tr>");
                for cell in row {
                    html.push_str(&format!("<td>{}</td>", escape(cell)));
                }
                html.push_str("</tr>\n");
            }
            html.push_str("</table>\n");
        }
        html.push_str("</body>\n</html>\n");
        Ok(html)
    }
}

/// Draws `points` as a line broken where a value is missing (a gap in the
/// data is not drawn as zero, nor bridged), with one legend entry.
fn broken_line(
    chart: &mut Chart<'_, '_>,
    points: &[(f64, Option<f64>)],
    style: ShapeStyle,
    label: &str,
) -> Result<(), String> {
    let runs = points.split(|p| p.1.is_none()).filter(|r| !r.is_empty());
    for (k, run) in runs.enumerate() {
        let drawn = chart
            .draw_series(LineSeries::new(
                run.iter().filter_map(|&(x, y)| Some((x, y?))),
                style,
            ))
            .map_err(chart_error)?;
        if k == 0 {
            drawn
                .label(label)
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], style));
        }
    }
    Ok(())
}

/// Escapes text for HTML.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Report {
        let n = 48;
        let forecast: Vec<f64> = (0..n)
            .map(|i| 50.0 + 30.0 * ((i as f64) / 8.0).sin())
            .collect();
        Report {
            title: "Plan <test>".into(),
            subtitle: "sample".into(),
            xs: (0..n).map(|i| i as f64 / 48.0).collect(),
            day_labels: vec!["Mon".into()],
            history: forecast
                .iter()
                .enumerate()
                .map(|(i, v)| (i as f64 / 48.0 - 1.0, (i != 7).then_some(v * 0.9)))
                .collect(),
            band: Some((
                forecast.iter().map(|v| v * 0.8).collect(),
                forecast.iter().map(|v| v * 1.2).collect(),
                "80 % interval".into(),
            )),
            actual: None,
            required: forecast.iter().map(|v| (v / 5.0).ceil()).collect(),
            scheduled: forecast.iter().map(|v| (v / 5.0).ceil() + 1.0).collect(),
            service_level: forecast.iter().map(|_| Some(0.83)).collect(),
            service_target: 0.8,
            forecast,
            staffed_for: None,
            summary: vec![("cost per contact".into(), "5.60".into())],
            tables: vec![],
        }
    }

    /// A missing history interval breaks the history line in two: it is
    /// neither drawn as zero nor bridged.
    #[test]
    fn a_gap_in_the_history_breaks_its_line() {
        let mut r = sample();
        let lines = |r: &Report| r.volume_chart().unwrap().matches("<polyline").count();
        let with_gap = lines(&r);
        for p in &mut r.history {
            p.1 = Some(p.1.unwrap_or(40.0));
        }
        assert_eq!(lines(&r) + 1, with_gap);
        r.history[7].1 = Some(0.0);
        assert_eq!(lines(&r) + 1, with_gap);
    }

    #[test]
    fn page_is_self_contained_with_three_svg_charts() {
        let html = sample().to_html().unwrap();
        assert_eq!(html.matches("<svg").count(), 3);
        assert!(html.contains("Plan &lt;test&gt;"));
        assert!(!html.contains("<script"));
        assert!(
            !html.contains("http://")
                || html.matches("http://").all(|_| true) && !html.contains("src=\"http")
        );
        assert!(html.contains("cost per contact"));
    }
}
