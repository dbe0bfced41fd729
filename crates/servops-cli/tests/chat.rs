//! `servops erlang --model chat --chat-aht ...`: live chat with
//! concurrency.
//!
//! Expected values from the balanced birth-death chain summed in mpmath
//! (40 digits), written from the model's definition, not from the library:
//! `N` agents of up to 3 chats of 6, 8 and 11 minutes, `k` chats in service
//! spread evenly (`r = k mod N` agents hold `q + 1 = k div N + 1`), total
//! completion rate `r (q+1)/h_{q+1} + (N-r) q/h_q`; above `3N` the queue
//! empties at `3N/h_3` (plus `j/patience` with `j` waiting). The service
//! level over offered chats adds, per waiting position, the probability
//! that its hypoexponential (Erlang without patience) wait ends within 60 s
//! before the chat abandons.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::*;

fn rows(args: &[&str]) -> Vec<serde_json::Value> {
    let mut all = vec!["erlang"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    json_of(&all).as_array().unwrap().clone()
}

/// 120 chats an hour: 8 agents answer 0.679521 within 60 s (P(wait)
/// 0.384382), 9 answer 0.955958 (0.069387), so 80 % needs 9.
#[test]
fn chat_without_patience() {
    let r = rows(&[
        "--per-hour",
        "120",
        "--model",
        "chat",
        "--chat-aht",
        "6m,8m,11m",
        "--sl",
        "80%",
        "--within",
        "60s",
        "--agents",
        "8",
    ]);
    assert_eq!(f(&r[0]["agents"]), 9.0);
    assert!((f(&r[0]["sl"]) - 0.955_957_833_351).abs() < 1e-9);
    assert!((f(&r[0]["p_wait"]) - 0.069_386_544_296).abs() < 1e-9);
    // Load in chats handled alone: 120 x 6 min / 60 min.
    assert!((f(&r[0]["load"]) - 12.0).abs() < 1e-12);
    assert!((f(&r[1]["sl"]) - 0.679_520_511_839).abs() < 1e-9);
    assert!((f(&r[1]["p_wait"]) - 0.384_381_848_882).abs() < 1e-9);
}

/// With a 3-minute patience 6 agents answer 0.619142 of the chats within
/// 60 s and 7 answer 0.805375 (P(wait) 0.336155).
#[test]
fn chat_with_patience() {
    let r = rows(&[
        "--per-hour",
        "120",
        "--model",
        "chat",
        "--chat-aht",
        "6m,8m,11m",
        "--patience",
        "3m",
        "--sl",
        "80%",
        "--within",
        "60s",
        "--agents",
        "6",
    ]);
    assert_eq!(f(&r[0]["agents"]), 7.0);
    assert!((f(&r[0]["sl"]) - 0.805_375_457_930).abs() < 1e-9);
    assert!((f(&r[0]["p_wait"]) - 0.336_154_742_114).abs() < 1e-9);
    assert!((f(&r[1]["sl"]) - 0.619_141_849_971).abs() < 1e-9);
}

#[test]
fn chat_settings_are_checked() {
    let base = ["erlang", "--per-hour", "120"];
    let run = |extra: &[&str]| {
        let mut a = base.to_vec();
        a.extend_from_slice(extra);
        servops(&a)
    };
    assert_clean_failure(&run(&["--chat-aht", "6m"]), "add --model chat");
    assert_clean_failure(&run(&["--model", "chat"]), "--model chat needs --chat-aht");
    // Throughput 1/6, 2/6, 3/4 chats a minute: the third adds more than the second.
    assert_clean_failure(
        &run(&["--model", "chat", "--chat-aht", "6m,6m,4m"]),
        "concave",
    );
    assert_clean_failure(
        &run(&["--model", "chat", "--chat-aht", "6m", "--aht", "5m"]),
        "the AHT is the first --chat-aht",
    );
    assert_clean_failure(
        &run(&["--model", "chat", "--chat-aht", "6m,8m", "--lines", "20"]),
        "no trunk lines",
    );
    // The same --aht as the first handle time is accepted.
    let o = run(&["--model", "chat", "--chat-aht", "6m,8m", "--aht", "360s"]);
    assert!(o.status.success(), "{}", stderr(&o));
    // Commands without chat staffing say so instead of using another model.
    let o = servops(&[
        "cost",
        "deflection",
        "--contacts",
        "100",
        "--aht",
        "300s",
        "--hourly-rate",
        "30",
        "--deflection",
        "15%",
        "--periods",
        "24",
        "--rate",
        "0.8%",
        "--model",
        "chat",
        "--chat-aht",
        "6m",
    ]);
    assert_clean_failure(&o, "not available in `servops cost deflection`");
}

/// The same from a configuration file's `[erlang]` table.
#[test]
fn chat_from_the_config_file() {
    let cfg = file(
        "chat.toml",
        "[erlang]\nper-hour = 120\nmodel = \"chat\"\nchat-aht = [\"6m\", \"8m\", \"11m\"]\n\
         sl = \"80%\"\nwithin = \"60s\"\n",
    );
    let v = json_of(&["erlang", "--config", &cfg, "--format", "json"]);
    assert_eq!(f(&v[0]["agents"]), 9.0);
    assert!((f(&v[0]["sl"]) - 0.955_957_833_351).abs() < 1e-9);
}

/// `servops staff FILE --model chat --chat-aht PROFILE --sl 80% --within
/// 60s` with more arguments.
fn staff_chat(csv: &str, profile: &str, more: &[&str]) -> std::process::Output {
    let mut args = vec![
        "staff",
        csv,
        "--model",
        "chat",
        "--chat-aht",
        profile,
        "--sl",
        "80%",
        "--within",
        "60s",
    ];
    args.extend_from_slice(more);
    servops(&args)
}

/// `servops staff --model chat`: each row's `aht_s` is the handle time of a
/// chat handled alone there, the other handle times in `--chat-aht`'s
/// proportion. 60 chats per half hour:
/// - at 360 s (the profile 6, 8, 11 min as given): 8 agents answer
///   0.679521 within 60 s, 9 answer 0.955958, 13 answer 0.9999992;
/// - at 540 s (9, 12, 16.5 min, the profile times 1.5): 12 agents answer
///   0.766184, 13 answer 0.957771.
///
/// A roster of 19 at 30 % shrinkage puts 13.3 on the chats; only whole
/// agents hold chats, so 13. The period's service level is
/// (60 x 0.9999992 + 60 x 0.957771) / 120 = 0.978885.
#[test]
fn chat_staffing_per_interval() {
    let csv = file(
        "chat_staff.csv",
        "interval_start,contacts,aht_s,rostered\n\
         2026-03-02 08:00,60,360,19\n\
         2026-03-02 08:30,60,540,19\n\
         2026-03-02 09:00,0,,0\n",
    );
    let o = staff_chat(
        &csv,
        "6m,8m,11m",
        &[
            "--staffed-column",
            "rostered",
            "--shrinkage",
            "30%",
            "--format",
            "json",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let rows = v["intervals"].as_array().unwrap();
    let agents: Vec<i64> = rows.iter().map(|r| r["agents"].as_i64().unwrap()).collect();
    assert_eq!(agents, [9, 13, 0]);
    let close = |x: &serde_json::Value, want: f64| {
        let x = x.as_f64().unwrap();
        assert!((x - want).abs() < 1e-9, "{x} vs {want}");
    };
    close(&rows[0]["sl"], 0.955_957_833_351_054_1);
    close(&rows[1]["sl"], 0.957_771_061_082_821_1);
    // Load in erlangs of chats handled alone: 60 x 540 s / 1800 s.
    close(&rows[1]["load"], 18.0);
    close(&rows[0]["projected_sl"], 0.999_999_215_296_052_5);
    close(&rows[1]["projected_sl"], 0.957_771_061_082_821_1);
    let summary = v["summary"].as_array().unwrap();
    let sl = summary
        .iter()
        .find(|r| r["measure"] == "projected service level")
        .unwrap();
    close(
        &sl["value"],
        (0.999_999_215_296_052_5 + 0.957_771_061_082_821_1) / 2.0,
    );
}

/// A chat row's AHT that cannot scale the profile is an input error at its
/// row; lines stay refused for chat.
#[test]
fn chat_staffing_refusals() {
    let csv = file(
        "chat_staff_bad.csv",
        "interval_start,contacts,aht_s\n2026-03-02 08:00,60,360\n2026-03-02 08:30,60,0\n",
    );
    let o = staff_chat(&csv, "6m,8m", &[]);
    assert_clean_failure(&o, "chat_staff_bad.csv:3: aht must be > 0");
    // 1.5e19 s fits a duration; 11/6 of it does not.
    let csv = file(
        "chat_staff_long.csv",
        "interval_start,contacts,aht_s\n2026-03-02 08:00,60,360\n2026-03-02 08:30,1,15000000000000000000\n",
    );
    let o = staff_chat(&csv, "6m,8m,11m", &[]);
    assert_clean_failure(
        &o,
        "chat_staff_long.csv:3: aht must be such that every scaled handle time fits",
    );
    let csv = file(
        "chat_staff_good.csv",
        "interval_start,contacts,aht_s\n2026-03-02 08:00,60,360\n2026-03-02 08:30,60,360\n",
    );
    let o = staff_chat(&csv, "6m,8m", &["--lines", "40"]);
    assert_clean_failure(&o, "no trunk lines");
}

/// `servops plan --model chat`: the plan staffs by the `--chat-aht`
/// profile and says so (the values are checked in the library's
/// `tests/plan_chat.rs`); chats take no trunk lines.
#[test]
fn chat_plan() {
    let v = json_of(&[
        "plan",
        "--example",
        "--model",
        "chat",
        "--chat-aht",
        "6m,8m,11m",
        "--patience",
        "3m",
        "--sl",
        "80%",
        "--within",
        "60s",
        "--format",
        "json",
    ]);
    let model = summary_value(&v, "model").unwrap();
    assert_eq!(
        model,
        "live chat, up to 3 chats of 360, 480, 660 s, patience 180 s; the history's handle times not used"
    );
    let o = servops(&[
        "plan",
        "--example",
        "--model",
        "chat",
        "--chat-aht",
        "6m",
        "--lines",
        "40",
    ]);
    assert_clean_failure(&o, "no trunk lines");
}

/// A chat plan does not use the history's handle times, so it does not
/// need them: the example history cut to its time and offered columns
/// plans exactly as the whole file does; a call plan still asks for them.
#[test]
fn chat_plan_without_handle_columns() {
    let full = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/anonymous_bank_jan_feb_1999_30min.csv"
    ))
    .unwrap();
    let cut: String = full
        .lines()
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            format!("{},{}\n", f[0], f[2])
        })
        .collect();
    let whole = file("chat_history_full.csv", &full);
    let volume = file("chat_history_volume.csv", &cut);
    let run = |path: &str| {
        json_of(&[
            "plan",
            path,
            "--first-day",
            "1999-02-21",
            "--days",
            "2",
            "--tz",
            "Asia/Jerusalem",
            "--model",
            "chat",
            "--chat-aht",
            "6m,8m,11m",
            "--sl",
            "80%",
            "--within",
            "60s",
            "--format",
            "json",
        ])
    };
    let (a, b) = (run(&whole), run(&volume));
    for measure in ["agent-hours required on the phones", "shifts", "cost"] {
        let x = summary_value(&a, measure);
        assert!(x.is_some(), "{measure}");
        assert_eq!(x, summary_value(&b, measure), "{measure}");
    }
    let o = servops(&["plan", &volume, "--first-day", "1999-02-21", "--days", "2"]);
    assert_clean_failure(&o, "no column named `served`");
}
