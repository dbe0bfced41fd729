//! Every setting flag of a subcommand can be given in its `--config` table
//! under the long flag name: a run with the settings only in the file writes
//! the same standard output as the run with the flags, a flag given on the
//! command line overrides the file, and a key the subcommand does not read
//! is still refused.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::*;

/// Standard output of a successful run, without the lines starting with
/// one of `volatile` (timings).
fn ok(args: &[&str], volatile: &[&str]) -> String {
    let o = servops(args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    stdout(&o)
        .lines()
        .filter(|l| !volatile.iter().any(|v| l.starts_with(v)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `args` followed by `--config path`.
fn with_config<'a>(args: &[&'a str], path: &'a str) -> Vec<&'a str> {
    let mut all = args.to_vec();
    all.extend(["--config", path]);
    all
}

/// A key the subcommand does not read is refused, naming it and the table.
fn refuses_unknown(args: &[&str], table: &str, name: &str) {
    let f = file(name, &format!("[{table}]\nno-such-setting = 1\n"));
    let o = servops(&with_config(args, &f));
    assert_clean_failure(&o, &format!("[{table}] has no setting `no-such-setting`"));
}

/// The example history with its columns renamed, so that the column
/// settings are needed to read it.
fn renamed_history(name: &str) -> String {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/anonymous_bank_jan_feb_1999_30min.csv"
    ))
    .unwrap();
    let (header, rest) = text.split_once('\n').unwrap();
    assert_eq!(
        header,
        "start,weekday,offered,served,abandoned,abandoned_queue,queued,handle_s_sum,wait_s_sum"
    );
    file(
        name,
        &format!("t,weekday,calls,done,abandoned,ab_q,queued,handle,wait\n{rest}"),
    )
}

#[test]
fn plan_reads_every_setting_from_its_table() {
    // `quantile` and `hourly-rate` were refused: "[plan] has no setting".
    let history = renamed_history("plan_history.csv");
    let dir = temp_dir("plan-config");
    let roster_flag = dir.join("roster_flag.csv").display().to_string();
    let roster_cfg = dir.join("roster_cfg.csv").display().to_string();
    let report_cfg = dir.join("report_cfg.html").display().to_string();
    let flags = [
        "plan",
        &history,
        "--tz",
        "Asia/Jerusalem",
        "--hours",
        "sun-thu=07:00-24:00,fri=07:00-14:00,sat=19:00-24:00",
        "--first-day",
        "1999-02-21",
        "--days",
        "2",
        "--time-column",
        "t",
        "--volume-column",
        "calls",
        "--handled-column",
        "done",
        "--handle-column",
        "handle",
        "--wait-column",
        "wait",
        "--abandoned-column",
        "ab_q",
        "--quantile",
        "0.8",
        "--hourly-rate",
        "28.5",
        "--schedule-method",
        "greedy",
        "--time-limit",
        "5s",
        "--model",
        "erlang-a",
        "--shrinkage",
        "30%",
        "--sl",
        "80%",
        "--within",
        "20s",
        "--roster",
        &roster_flag,
        "--format",
        "csv",
    ];
    let cfg = write(
        &dir,
        "plan.toml",
        &format!(
            "[plan]\ntz = \"Asia/Jerusalem\"\n\
             hours = \"sun-thu=07:00-24:00,fri=07:00-14:00,sat=19:00-24:00\"\n\
             first-day = \"1999-02-21\"\ndays = 2\ntime-column = \"t\"\n\
             volume-column = \"calls\"\nhandled-column = \"done\"\n\
             handle-column = \"handle\"\nwait-column = \"wait\"\n\
             abandoned-column = \"ab_q\"\nquantile = 0.8\nhourly-rate = 28.5\n\
             schedule-method = \"greedy\"\ntime-limit = \"5s\"\nmodel = \"erlang-a\"\n\
             shrinkage = \"30%\"\nsl = \"80%\"\nwithin = \"20s\"\n\
             roster = {roster_cfg:?}\nreport = {report_cfg:?}\n"
        ),
    );
    let volatile = ["solver seconds"];
    let by_flags = ok(&flags, &volatile);
    let by_file = ok(
        &["plan", &history, "--format", "csv", "--config", &cfg],
        &volatile,
    );
    assert!(by_flags.contains("quantile 0.8"), "{by_flags}");
    assert_eq!(by_file, by_flags);
    assert_eq!(
        std::fs::read_to_string(&roster_cfg).unwrap(),
        std::fs::read_to_string(&roster_flag).unwrap()
    );
    assert!(
        std::fs::read_to_string(&report_cfg)
            .unwrap()
            .contains("<html")
    );
    // A flag overrides its setting: the mean instead of the 0.8 quantile.
    let mean = ok(
        &[
            "plan",
            &history,
            "--format",
            "csv",
            "--config",
            &cfg,
            "--quantile",
            "0.5",
        ],
        &volatile,
    );
    assert!(mean.contains("quantile 0.5"), "{mean}");
    // `example` from the table plans the shipped week.
    let example = write(
        &dir,
        "example.toml",
        "[plan]\nexample = true\ndays = 1\nschedule-method = \"greedy\"\n",
    );
    assert_eq!(
        ok(
            &["plan", "--format", "csv", "--config", &example],
            &volatile
        ),
        ok(
            &[
                "plan",
                "--example",
                "--days",
                "1",
                "--schedule-method",
                "greedy",
                "--format",
                "csv"
            ],
            &volatile
        )
    );
    refuses_unknown(
        &["plan", "--example", "--days", "1"],
        "plan",
        "plan_unknown.toml",
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn cost_headcount_reads_the_ramp_from_its_table() {
    // `ramp` was accepted from [cost-headcount] but never read: the plan
    // came out as without a ramp.
    let demand = data("demand_12_months.csv");
    let base = [
        "cost",
        "headcount",
        &demand,
        "--opening-headcount",
        "100",
        "--attrition",
        "4%",
        "--recruiting",
        "1",
        "--classroom",
        "2",
        "--hourly-rate",
        "32.50",
        "--format",
        "csv",
    ];
    let mut flags = base.to_vec();
    flags.extend(["--ramp", "50%,75%"]);
    let by_flags = ok(&flags, &[]);
    assert_ne!(by_flags, ok(&base, &[]), "the ramp changes the plan");
    for (name, table) in [
        ("ramp_strings.toml", "ramp = [\"50%\", \"75%\"]"),
        ("ramp_numbers.toml", "ramp = [0.5, 0.75]"),
        ("ramp_text.toml", "ramp = \"50%,75%\""),
    ] {
        let cfg = file(name, &format!("[cost-headcount]\n{table}\n"));
        assert_eq!(ok(&with_config(&base, &cfg), &[]), by_flags, "{table}");
    }
    // The flag overrides the table.
    let cfg = file("ramp_other.toml", "[cost-headcount]\nramp = [0.1]\n");
    assert_eq!(ok(&with_config(&flags, &cfg), &[]), by_flags);
    let bad = file("ramp_bad.toml", "[cost-headcount]\nramp = [\"half\"]\n");
    assert_clean_failure(
        &servops(&with_config(&base, &bad)),
        "ramp_bad.toml:2:8: `ramp` item `half` is not valid",
    );
}

/// Runs `forecast` on `history` with `flags`, then with the same settings
/// written as the [forecast] table `toml`, and checks the outputs agree.
fn forecast_same(history: &str, flags: &[&str], toml: &str, name: &str) -> String {
    let mut all = vec!["forecast", history, "--format", "csv"];
    all.extend_from_slice(flags);
    let by_flags = ok(&all, &[]);
    let cfg = file(name, &format!("[forecast]\n{toml}"));
    let by_file = ok(
        &["forecast", history, "--format", "csv", "--config", &cfg],
        &[],
    );
    assert_eq!(by_file, by_flags, "{toml}");
    by_flags
}

#[test]
fn forecast_reads_every_setting_from_its_table() {
    // method, backtest-weeks, the switches, the sunset and catch-up
    // settings, days, first-day, special-days and the column names were
    // refused: "[forecast] has no setting".
    let history = renamed_history("forecast_history.csv");
    let out = forecast_same(
        &history,
        &[
            "--tz",
            "Asia/Jerusalem",
            "--time-column",
            "t",
            "--volume-column",
            "calls",
            "--method",
            "index",
            "--band",
            "90%",
            "--backtest-weeks",
            "1",
            "--days",
            "2",
            "--first-day",
            "1999-02-21",
            "--aht",
            "--handled-column",
            "done",
            "--handle-column",
            "handle",
            "--hours",
            "sun-thu=07:00-24:00,fri=07:00-14:00,sat=19:00-24:00",
        ],
        "tz = \"Asia/Jerusalem\"\ntime-column = \"t\"\nvolume-column = \"calls\"\n\
         method = \"index\"\nband = \"90%\"\nbacktest-weeks = 1\ndays = 2\n\
         first-day = \"1999-02-21\"\naht = true\nhandled-column = \"done\"\n\
         handle-column = \"handle\"\n\
         hours = \"sun-thu=07:00-24:00,fri=07:00-14:00,sat=19:00-24:00\"\n",
        "forecast_aht.toml",
    );
    assert!(out.contains("aht_s"), "{out}");
    let special = file("forecast_special.csv", "date,type\n1999-02-10,holiday\n");
    forecast_same(
        &history,
        &[
            "--tz",
            "Asia/Jerusalem",
            "--time-column",
            "t",
            "--volume-column",
            "calls",
            "--days",
            "2",
            "--sunset",
            "32.08,34.78",
            "--sunset-days",
            "fri,sat",
            "--special-days",
            &special,
            "--catch-up",
            "--rest-days",
            "fri,sat",
            "--day-of-month",
        ],
        &format!(
            "tz = \"Asia/Jerusalem\"\ntime-column = \"t\"\nvolume-column = \"calls\"\n\
             days = 2\nsunset = \"32.08,34.78\"\nsunset-days = \"fri,sat\"\n\
             special-days = {special:?}\ncatch-up = true\nrest-days = \"fri,sat\"\n\
             day-of-month = true\n"
        ),
        "forecast_sunset.toml",
    );
    // The history up to 09:00 of its last day, updated by its actuals.
    let text = std::fs::read_to_string(&history).unwrap();
    let cut = text.find("1999-02-27 09:30").unwrap();
    let today = file("forecast_today.csv", &text[..cut]);
    let out = forecast_same(
        &today,
        &[
            "--tz",
            "Asia/Jerusalem",
            "--time-column",
            "t",
            "--volume-column",
            "calls",
            "--days",
            "1",
            "--first-day",
            "1999-02-27",
            "--reforecast",
            "--method",
            "naive",
        ],
        "tz = \"Asia/Jerusalem\"\ntime-column = \"t\"\nvolume-column = \"calls\"\n\
         days = 1\nfirst-day = \"1999-02-27\"\nreforecast = true\nmethod = \"naive\"\n",
        "forecast_reforecast.toml",
    );
    assert!(out.contains("reforecast"), "{out}");
    // A flag overrides its setting.
    let cfg = file(
        "forecast_override.toml",
        "[forecast]\ntz = \"Asia/Jerusalem\"\ntime-column = \"t\"\n\
         volume-column = \"calls\"\nmethod = \"index\"\ndays = 3\n",
    );
    let naive = ok(
        &[
            "forecast", &history, "--format", "csv", "--config", &cfg, "--method", "naive",
            "--days", "1",
        ],
        &[],
    );
    let direct = ok(
        &[
            "forecast",
            &history,
            "--format",
            "csv",
            "--tz",
            "Asia/Jerusalem",
            "--time-column",
            "t",
            "--volume-column",
            "calls",
            "--method",
            "naive",
            "--days",
            "1",
        ],
        &[],
    );
    assert_eq!(naive, direct);
    let bad = file(
        "forecast_bad_method.toml",
        "[forecast]\nmethod = \"magic\"\n",
    );
    assert_clean_failure(
        &servops(&["forecast", &history, "--config", &bad]),
        "forecast_bad_method.toml:2:10: `method` `magic` is not a method",
    );
    refuses_unknown(
        &[
            "forecast",
            &history,
            "--time-column",
            "t",
            "--volume-column",
            "calls",
        ],
        "forecast",
        "forecast_unknown.toml",
    );
}

/// Runs `base` followed by `flags`, then `base` with the settings written
/// as the `[table]` table `toml`, checks the outputs agree and returns it.
fn same(base: &[&str], flags: &[&str], table: &str, toml: &str, name: &str) -> String {
    let volatile = ["seconds,", "solver seconds"];
    let mut all = base.to_vec();
    all.extend_from_slice(flags);
    let by_flags = ok(&all, &volatile);
    let cfg = file(name, &format!("[{table}]\n{toml}"));
    let by_file = ok(&with_config(base, &cfg), &volatile);
    assert_eq!(by_file, by_flags, "[{table}]\n{toml}");
    by_flags
}

#[test]
fn erlang_reads_the_volume_and_agents_from_its_table() {
    // contacts, per-hour, load and agents were refused: "[erlang] has no
    // setting".
    let base = ["erlang", "--format", "csv"];
    let out = same(
        &base,
        &[
            "--contacts",
            "120",
            "--interval",
            "30m",
            "--aht",
            "240s",
            "--agents",
            "19,20",
        ],
        "erlang",
        "contacts = 120\ninterval = \"30m\"\naht = \"240s\"\nagents = [19, 20]\n",
        "erlang_contacts.toml",
    );
    // 16 erlangs: the required row and the two given staff levels.
    assert_eq!(
        out.lines().filter(|l| l.starts_with("given,")).count(),
        2,
        "{out}"
    );
    same(
        &base,
        &["--per-hour", "240", "--aht", "240s"],
        "erlang",
        "per-hour = 240\naht = 240\n",
        "erlang_per_hour.toml",
    );
    same(
        &base,
        &["--load", "12.5", "--aht", "300", "--agents", "14"],
        "erlang",
        "load = 12.5\naht = 300\nagents = \"14\"\n",
        "erlang_load.toml",
    );
    // A volume flag overrides every volume setting.
    let cfg = file(
        "erlang_override.toml",
        "[erlang]\nload = 3\naht = \"240s\"\n",
    );
    assert_eq!(
        ok(&["erlang", "--contacts", "120", "--config", &cfg], &[]),
        ok(&["erlang", "--contacts", "120", "--aht", "240s"], &[])
    );
    // Two volumes in the table are refused at the second.
    let two = file(
        "erlang_two.toml",
        "[erlang]\ncontacts = 120\nload = 3\naht = 240\n",
    );
    assert_clean_failure(
        &servops(&["erlang", "--config", &two]),
        "erlang_two.toml:3:8: `load` cannot be set with `contacts`",
    );
    refuses_unknown(
        &["erlang", "--load", "3", "--aht", "240"],
        "erlang",
        "erlang_unknown.toml",
    );
}

#[test]
fn staff_reads_the_column_names_from_its_table() {
    // time-column, contacts-column and aht-column were refused.
    let text = std::fs::read_to_string(data("day_30min.csv")).unwrap();
    let renamed = file(
        "staff_renamed.csv",
        &text.replacen("interval_start,contacts,aht_s", "ts,calls,handle", 1),
    );
    let base = ["staff", &renamed, "--format", "csv"];
    same(
        &base,
        &[
            "--time-column",
            "ts",
            "--contacts-column",
            "calls",
            "--aht-column",
            "handle",
            "--sl",
            "90%",
        ],
        "staff",
        "time-column = \"ts\"\ncontacts-column = \"calls\"\naht-column = \"handle\"\nsl = 0.9\n",
        "staff_columns.toml",
    );
    refuses_unknown(
        &[
            "staff",
            &renamed,
            "--time-column",
            "ts",
            "--contacts-column",
            "calls",
            "--aht-column",
            "handle",
        ],
        "staff",
        "staff_unknown.toml",
    );
}

#[test]
fn schedule_reads_every_setting_from_its_table() {
    // templates, time-column, required-column, hourly-rate and roster were
    // refused.
    let text = std::fs::read_to_string(data("requirement_day.csv")).unwrap();
    let renamed = file(
        "schedule_renamed.csv",
        &text.replacen("interval_start,required", "ts,need", 1),
    );
    let dir = temp_dir("schedule-config");
    let roster_flag = dir.join("roster_flag.csv").display().to_string();
    let roster_cfg = dir.join("roster_cfg.csv").display().to_string();
    let base = ["schedule", &renamed, "--format", "csv"];
    let out = same(
        &base,
        &[
            "--time-column",
            "ts",
            "--required-column",
            "need",
            "--hourly-rate",
            "25",
            "--method",
            "greedy",
            "--roster",
            &roster_flag,
        ],
        "schedule",
        &format!(
            "time-column = \"ts\"\nrequired-column = \"need\"\nhourly-rate = 25\n\
             method = \"greedy\"\nroster = {roster_cfg:?}\n"
        ),
        "schedule_settings.toml",
    );
    // 176 paid hours at 25 an hour.
    assert!(
        out.contains("paid hours,176") && out.contains("cost,4400"),
        "{out}"
    );
    assert_eq!(
        std::fs::read_to_string(&roster_cfg).unwrap(),
        std::fs::read_to_string(&roster_flag).unwrap()
    );
    let templates = write(
        &dir,
        "shifts.toml",
        "[[template]]\nname = \"early\"\nspan = \"8h\"\nstart = [\"07:00\", \"16:00\"]\n\
         start_step = \"30m\"\nhourly_rate = \"20\"\n",
    );
    same(
        &["schedule", &data("requirement_day.csv"), "--format", "csv"],
        &["--templates", &templates, "--method", "greedy"],
        "schedule",
        &format!("templates = {templates:?}\nmethod = \"greedy\"\n"),
        "schedule_templates.toml",
    );
    refuses_unknown(
        &[
            "schedule",
            &data("requirement_day.csv"),
            "--method",
            "greedy",
        ],
        "schedule",
        "schedule_unknown.toml",
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn kpi_reads_every_setting_from_its_table() {
    // by, short-abandon, column, outcome and skip-bad-rows were refused.
    let text = std::fs::read_to_string(data("contacts.csv")).unwrap();
    let renamed = file(
        "kpi_renamed.csv",
        &text
            .replacen("arrival", "arrived", 1)
            .replace(",answered,", ",AG,")
            .replace(",abandoned,", ",HANG,"),
    );
    let base = ["kpi", &renamed, "--format", "csv"];
    let out = same(
        &base,
        &[
            "--by",
            "day",
            "--short-abandon",
            "10s",
            "--column",
            "arrival=arrived",
            "--outcome",
            "AG=answered",
            "--outcome",
            "HANG=abandoned",
            "--skip-bad-rows",
        ],
        "kpi",
        "by = \"day\"\nshort-abandon = \"10s\"\ncolumn = [\"arrival=arrived\"]\n\
         outcome = [\"AG=answered\", \"HANG=abandoned\"]\nskip-bad-rows = true\n",
        "kpi_settings.toml",
    );
    // One day of the five contacts: 3 answered (AG), 2 abandoned (HANG).
    assert!(out.contains("\nday,2026-03-02,5,3,2,"), "{out}");
    refuses_unknown(&["kpi", &data("contacts.csv")], "kpi", "kpi_unknown.toml");
}

#[test]
fn cost_invest_reads_the_flows_from_its_table() {
    // flows was refused: "[cost-invest] has no setting `flows`".
    let base = ["cost", "invest", "--format", "csv"];
    let out = same(
        &base,
        &["--flows=-100000,40000,40000,40000", "--rate", "8%"],
        "cost-invest",
        "flows = [-100000, 40000, \"40000\", 40000]\nrate = \"8%\"\n",
        "invest_flows.toml",
    );
    // NPV = -100000 + 40000 (1/1.08 + 1/1.08^2 + 1/1.08^3) = 3083.88.
    assert!(out.contains("3083.88"), "{out}");
    // Flows on the command line override the table's.
    let cfg = file(
        "invest_override.toml",
        "[cost-invest]\nflows = [-1, 2]\nrate = 0.08\n",
    );
    assert_eq!(
        ok(
            &[
                "cost",
                "invest",
                "--flows=-100000,40000,40000,40000",
                "--config",
                &cfg
            ],
            &[]
        ),
        ok(
            &[
                "cost",
                "invest",
                "--flows=-100000,40000,40000,40000",
                "--rate",
                "8%"
            ],
            &[]
        )
    );
    refuses_unknown(
        &["cost", "invest", "--flows=-1,2", "--rate", "1%"],
        "cost-invest",
        "invest_unknown.toml",
    );
}

#[test]
fn cost_per_contact_refuses_unknown_settings() {
    let channels = file("channels.csv", "channel,contacts,aht\nvoice,1000,5m\n");
    let base = ["cost", "per-contact", &channels, "--format", "csv"];
    same(
        &base,
        &[
            "--hourly-rate",
            "40",
            "--shrinkage",
            "30%",
            "--occupancy",
            "85%",
            "--shared",
            "100",
            "--basis",
            "agent-time",
            "--currency",
            "EUR",
        ],
        "cost-per-contact",
        "hourly-rate = 40\nshrinkage = \"30%\"\noccupancy = 0.85\nshared = 100\nbasis = \"agent-time\"\ncurrency = \"EUR\"\n",
        "per_contact.toml",
    );
    refuses_unknown(
        &["cost", "per-contact", &channels, "--hourly-rate", "40"],
        "cost-per-contact",
        "per_contact_unknown.toml",
    );
}

#[test]
fn plan_and_schedule_hourly_rate_settings_refuse_a_percentage() {
    // As the flag: `--hourly-rate 30%` is refused, so `hourly-rate = "30%"`
    // must not plan at 0.30 an hour.
    for (args, table) in [
        (
            vec![
                "plan",
                "--example",
                "--days",
                "1",
                "--schedule-method",
                "greedy",
            ],
            "plan",
        ),
        (
            vec![
                "schedule",
                "tests/data/requirement_day.csv",
                "--method",
                "greedy",
            ],
            "schedule",
        ),
    ] {
        let name = format!("{table}_rate_pct.toml");
        let f = file(&name, &format!("[{table}]\nhourly-rate = \"30%\"\n"));
        assert_clean_failure(
            &servops(&with_config(&args, &f)),
            &format!("{name}:2:15: `hourly-rate` is not valid: `30%`"),
        );
    }
}

#[test]
fn cost_deflection_reads_every_setting_from_its_table() {
    let base = ["cost", "deflection", "--format", "csv"];
    let out = same(
        &base,
        &[
            "--contacts",
            "100",
            "--intervals",
            "20",
            "--interval",
            "30m",
            "--aht",
            "300s",
            "--sl",
            "80%",
            "--within",
            "20s",
            "--max-asa",
            "60s",
            "--max-wait-prob",
            "90%",
            "--max-occupancy",
            "99%",
            "--model",
            "erlang-c",
            "--convention",
            "offered",
            "--shrinkage",
            "30%",
            "--hourly-rate",
            "40",
            "--deflection",
            "15%",
            "--residual-aht",
            "330s",
            "--series-per-period",
            "22",
            "--implementation",
            "60000",
            "--platform",
            "1500",
            "--usage",
            "0.25",
            "--realisation",
            "attrition",
            "--headcount",
            "30",
            "--surplus",
            "1.4",
            "--attrition",
            "3%",
            "--periods",
            "24",
            "--rate",
            "0.8%",
            "--currency",
            "EUR",
        ],
        "cost-deflection",
        "contacts = 100\nintervals = 20\ninterval = \"30m\"\naht = 300\nsl = \"80%\"\n\
         within = \"20s\"\nmax-asa = \"60s\"\nmax-wait-prob = 0.9\nmax-occupancy = \"99%\"\n\
         model = \"erlang-c\"\nconvention = \"offered\"\nshrinkage = 0.3\nhourly-rate = 40\n\
         deflection = \"15%\"\nresidual-aht = \"330s\"\nseries-per-period = 22\n\
         implementation = 60000\nplatform = \"1500\"\nusage = 0.25\nrealisation = \"attrition\"\n\
         headcount = 30\nsurplus = 1.4\nattrition = \"3%\"\nperiods = 24\nrate = \"0.8%\"\n\
         currency = \"EUR\"\n",
        "deflection_settings.toml",
    );
    // Month 1 realises 30 x 3 % / 1.4 of the 12,571.43 gross saving:
    // 8,081.63 - 1,500 - 0.25 x 6,600 = 4,931.63.
    assert!(out.contains("\n1,0.642857142857"), "{out}");
    assert!(out.contains(",4931.63\n2,1,9421.43\n"), "{out}");
    // The linear ramp, from the table as from the flags.
    same(
        &base,
        &[
            "--contacts",
            "100",
            "--aht",
            "300s",
            "--hourly-rate",
            "40",
            "--deflection",
            "15%",
            "--realisation",
            "linear",
            "--ramp-periods",
            "4",
            "--periods",
            "6",
            "--rate",
            "1%",
        ],
        "cost-deflection",
        "contacts = 100\naht = \"300s\"\nhourly-rate = 40\ndeflection = 0.15\n\
         realisation = \"linear\"\nramp-periods = 4\nperiods = 6\nrate = 0.01\n",
        "deflection_linear.toml",
    );
    // A flag overrides the table.
    let cfg = file(
        "deflection_override.toml",
        "[cost-deflection]\ncontacts = 100\naht = 300\nhourly-rate = 40\n\
         deflection = 0.15\nperiods = 6\nrate = 0.5\n",
    );
    assert_eq!(
        ok(
            &["cost", "deflection", "--rate", "1%", "--config", &cfg],
            &[]
        ),
        ok(
            &[
                "cost",
                "deflection",
                "--contacts",
                "100",
                "--aht",
                "300",
                "--hourly-rate",
                "40",
                "--deflection",
                "15%",
                "--periods",
                "6",
                "--rate",
                "1%"
            ],
            &[]
        )
    );
    refuses_unknown(
        &[
            "cost",
            "deflection",
            "--contacts",
            "100",
            "--aht",
            "300s",
            "--hourly-rate",
            "40",
            "--deflection",
            "15%",
            "--periods",
            "6",
            "--rate",
            "1%",
        ],
        "cost-deflection",
        "deflection_unknown.toml",
    );
    // A bad value names the key at its line and column.
    let bad = file(
        "deflection_bad.toml",
        "[cost-deflection]\nrealisation = \"someday\"\n",
    );
    assert_clean_failure(
        &servops(&["cost", "deflection", "--config", &bad]),
        "deflection_bad.toml:2:15: `realisation` `someday` is not a realisation",
    );
}

/// A switch set true in the file turns off with its `--no-` flag: the run
/// is the run without the setting (command line over file over default, in
/// both directions), the last of `--FOO` and `--no-FOO` wins, and a
/// `--FOO` still overrides `FOO = false`.
#[test]
fn switches_set_in_the_file_turn_off_with_their_no_flags() {
    // There was no `--no-aht` (clap: "unexpected argument '--no-aht'"), so
    // `aht = true` in a file could not be turned off for one run.
    let history = renamed_history("no_switch_history.csv");
    let base = [
        "forecast",
        &history,
        "--format",
        "csv",
        "--tz",
        "Asia/Jerusalem",
        "--time-column",
        "t",
        "--volume-column",
        "calls",
        "--handled-column",
        "done",
        "--handle-column",
        "handle",
        "--method",
        "naive",
        "--days",
        "1",
        "--first-day",
        "1999-02-21",
    ];
    let plain = ok(&base, &[]);
    let mut with_aht = base.to_vec();
    with_aht.push("--aht");
    let aht = ok(&with_aht, &[]);
    assert_ne!(aht, plain, "--aht adds the handle-time forecast");
    let mut with_dom = base.to_vec();
    with_dom.push("--day-of-month");
    let dom = ok(&with_dom, &[]);
    assert_ne!(dom, plain, "--day-of-month changes the forecast");
    let on = file(
        "switches_on.toml",
        "[forecast]\naht = true\nday-of-month = true\ncatch-up = true\nreforecast = true\n",
    );
    let off_flags = [
        "--no-aht",
        "--no-day-of-month",
        "--no-catch-up",
        "--no-reforecast",
    ];
    let mut all_off = with_config(&base, &on);
    all_off.extend(off_flags);
    assert_eq!(ok(&all_off, &[]), plain);
    // One switch back on: only it is in effect.
    let mut aht_only = with_config(&base, &on);
    aht_only.extend(["--no-day-of-month", "--no-catch-up", "--no-reforecast"]);
    assert_eq!(ok(&aht_only, &[]), aht);
    // The last of --aht and --no-aht wins.
    let mut last_off = aht_only.clone();
    last_off.extend(["--aht", "--no-aht"]);
    assert_eq!(ok(&last_off, &[]), plain);
    let mut last_on = all_off.clone();
    last_on.push("--aht");
    assert_eq!(ok(&last_on, &[]), aht);
    // And the other direction: a flag turns on a switch the file sets false.
    let off = file(
        "switches_off.toml",
        "[forecast]\naht = false\nday-of-month = false\n",
    );
    let mut flag_on = with_config(&base, &off);
    flag_on.push("--day-of-month");
    assert_eq!(ok(&flag_on, &[]), dom);

    // kpi: `skip-bad-rows = true` in the file, `--no-skip-bad-rows` fails
    // at the bad row as the run without the file does.
    let bad = data("contacts_bad.csv");
    let skip = file("kpi_skip.toml", "[kpi]\nskip-bad-rows = true\n");
    let o = servops(&["kpi", &bad, "--config", &skip]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = servops(&["kpi", &bad, "--config", &skip, "--no-skip-bad-rows"]);
    assert_failure_or_usage(&o, &format!("{bad}:3:"));

    // plan: `example = true` in the file, `--no-example` plans no example
    // (and, without a history file, asks for one).
    let example = file("plan_example_on.toml", "[plan]\nexample = true\ndays = 1\n");
    let o = servops(&["plan", "--config", &example, "--no-example"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        !stderr(&o).contains("unexpected argument"),
        "{}",
        stderr(&o)
    );
    let history_plan = ok(
        &[
            "plan",
            &history,
            "--config",
            &example,
            "--no-example",
            "--tz",
            "Asia/Jerusalem",
            "--time-column",
            "t",
            "--volume-column",
            "calls",
            "--handled-column",
            "done",
            "--handle-column",
            "handle",
            "--first-day",
            "1999-02-21",
            "--schedule-method",
            "greedy",
            "--format",
            "csv",
        ],
        &["solver seconds"],
    );
    assert!(history_plan.contains("plan days,1"), "{history_plan}");
}

/// `--help` lists each `--no-` form.
#[test]
fn help_lists_the_no_forms_of_the_switches() {
    for (args, flags) in [
        (
            &["forecast", "--help"][..],
            &[
                "--no-aht",
                "--no-day-of-month",
                "--no-catch-up",
                "--no-reforecast",
            ][..],
        ),
        (&["kpi", "--help"][..], &["--no-skip-bad-rows"][..]),
        (&["plan", "--help"][..], &["--no-example"][..]),
    ] {
        let o = servops(args);
        assert!(o.status.success(), "{}", stderr(&o));
        let help = stdout(&o);
        for f in flags {
            assert!(help.contains(f), "{args:?}: no {f} in\n{help}");
        }
    }
}

/// Runs the binary with `args` from the working directory `cwd`.
fn servops_in(cwd: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_servops"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("the servops binary runs")
}

/// A relative path in a configuration file is relative to the file's
/// directory, whatever the working directory; a relative path on the
/// command line stays relative to the working directory.
#[test]
fn relative_paths_in_the_file_are_relative_to_the_file() {
    // Before: `roster = "roster.csv"` in conf/schedule.toml was written to
    // the working directory, and `templates = "shifts.toml"` next to the
    // file was not found ("No such file or directory").
    let root = temp_dir("relative-paths");
    let conf = root.join("conf");
    let work = root.join("work");
    std::fs::create_dir_all(conf.join("out")).unwrap();
    std::fs::create_dir_all(&work).unwrap();
    write(
        &conf,
        "shifts.toml",
        "[[template]]\nname = \"early\"\nspan = \"8h\"\nstart = [\"07:00\", \"16:00\"]\n\
         start_step = \"30m\"\nhourly_rate = \"20\"\n",
    );
    let cfg = write(
        &conf,
        "settings.toml",
        "[schedule]\ntemplates = \"shifts.toml\"\nroster = \"out/roster.csv\"\n\
         method = \"greedy\"\n\
         [plan]\nroster = \"out/plan_roster.csv\"\nreport = \"out/plan.html\"\n\
         special-days = \"special.csv\"\ndays = 1\nschedule-method = \"greedy\"\n\
         [forecast]\nspecial-days = \"special.csv\"\nmethod = \"naive\"\ndays = 1\n",
    );
    // Only next to the file: a missing file in the working directory
    // shows it is read from there.
    write(&conf, "special.csv", "date,type\n1999-02-22,closed\n");
    let requirement = data("requirement_day.csv");
    let volatile = ["seconds,", "solver seconds"];
    let run = |cwd: &std::path::Path, args: &[&str]| -> String {
        let o = servops_in(cwd, args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        stdout(&o)
            .lines()
            .filter(|l| !volatile.iter().any(|v| l.starts_with(v)))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let by_file = run(
        &work,
        &[
            "schedule",
            &requirement,
            "--format",
            "csv",
            "--config",
            &cfg,
        ],
    );
    let templates = conf.join("shifts.toml").display().to_string();
    let roster_abs = root.join("roster_abs.csv").display().to_string();
    let by_flags = run(
        &work,
        &[
            "schedule",
            &requirement,
            "--format",
            "csv",
            "--templates",
            &templates,
            "--method",
            "greedy",
            "--roster",
            &roster_abs,
        ],
    );
    assert_eq!(by_file, by_flags);
    assert!(
        !work.join("out").exists(),
        "nothing under the working directory"
    );
    assert_eq!(
        std::fs::read_to_string(conf.join("out/roster.csv")).unwrap(),
        std::fs::read_to_string(&roster_abs).unwrap()
    );
    // A relative --roster on the command line is relative to the working
    // directory (and overrides the file's).
    run(
        &work,
        &[
            "schedule",
            &requirement,
            "--format",
            "csv",
            "--config",
            &cfg,
            "--roster",
            "flag_roster.csv",
        ],
    );
    assert!(work.join("flag_roster.csv").is_file());

    // plan: roster and report written next to the file, the special days
    // read from beside it (1999-02-22 closed: no contacts expected).
    let out = run(
        &work,
        &[
            "plan",
            "--example",
            "--format",
            "csv",
            "--config",
            &cfg,
            "--days",
            "2",
        ],
    );
    assert!(conf.join("out/plan_roster.csv").is_file());
    assert!(
        std::fs::read_to_string(conf.join("out/plan.html"))
            .unwrap()
            .contains("<html")
    );
    assert!(out.contains("\n1999-02-22,Mon,0,0,"), "{out}");
    assert!(
        !work.join("out").exists(),
        "nothing under the working directory"
    );

    // forecast: the same special-days setting, read beside the file.
    let history = renamed_history("relative_history.csv");
    let out = run(
        &work,
        &[
            "forecast",
            &history,
            "--format",
            "csv",
            "--config",
            &cfg,
            "--tz",
            "Asia/Jerusalem",
            "--time-column",
            "t",
            "--volume-column",
            "calls",
            "--first-day",
            "1999-02-22",
        ],
    );
    let special_abs = conf.join("special.csv").display().to_string();
    let direct = run(
        &work,
        &[
            "forecast",
            &history,
            "--format",
            "csv",
            "--special-days",
            &special_abs,
            "--method",
            "naive",
            "--days",
            "1",
            "--tz",
            "Asia/Jerusalem",
            "--time-column",
            "t",
            "--volume-column",
            "calls",
            "--first-day",
            "1999-02-22",
        ],
    );
    assert_eq!(out, direct);
    std::fs::remove_dir_all(&root).ok();
}
