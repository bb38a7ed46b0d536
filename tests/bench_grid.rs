//! How fast the bulk grid answers a search and a filter with 10 000 candidates, measured in the
//! real window (tauri-driver + WebKitWebDriver under Xvfb): from the input event to the frame
//! after the grid's heading shows the new count. A benchmark, not a test: ignored unless run
//! by `scripts/bench-grid.sh`, which makes the 10 000-row roster and prints the figures.

mod support;

use support::webdriver::{Driver, Session};
use support::window::APP;

/// Sets the search box to `text` and answers the milliseconds until the grid's heading shows the
/// new count (Vue's update done: a MutationObserver) and until the next frame was drawn.
fn search_ms(s: &Session, text: &str) -> (f64, f64) {
    // As a user types after the last action settled (the filter menu's closing transition).
    std::thread::sleep(std::time::Duration::from_millis(300));
    let script = format!(
        r##"const done = arguments[arguments.length - 1];
           const input = document.querySelector("#grid-search");
           const header = document.querySelector("[data-test=candidate-grid] .n-card-header");
           let updated = null;
           const seen = new MutationObserver(() => {{ if (updated === null) updated = performance.now() - t0; }});
           seen.observe(header, {{ subtree: true, characterData: true, childList: true }});
           const t0 = performance.now();
           input.value = {text:?};
           input.dispatchEvent(new Event("input", {{ bubbles: true }}));
           const wait = () => updated !== null ? requestAnimationFrame(() => {{ seen.disconnect(); done([updated, performance.now() - t0]); }}) : requestAnimationFrame(wait);
           requestAnimationFrame(wait);"##
    );
    let v = s.execute_async(&script);
    (v[0].as_f64().unwrap(), v[1].as_f64().unwrap())
}

/// Picks the grid filter whose label is `label` and answers the milliseconds until the select
/// shows it (rendered in the same update as the table's rows) and the next frame was drawn; the
/// count in the heading may stay the same (every fresh row lacks the same things).
fn filter_ms(s: &Session, label: &str) -> f64 {
    s.find("[data-test=grid-filter]").click();
    std::thread::sleep(std::time::Duration::from_millis(300));
    let script = format!(
        r##"const done = arguments[arguments.length - 1];
           const option = [...document.querySelectorAll(".n-base-select-option")].find((o) => o.textContent.trim() === {label:?});
           const shown = () => document.querySelector("[data-test=grid-filter]").textContent.includes({label:?});
           const t0 = performance.now();
           option.click();
           const wait = () => shown() ? requestAnimationFrame(() => done(performance.now() - t0)) : requestAnimationFrame(wait);
           requestAnimationFrame(wait);"##
    );
    s.execute_async(&script).as_f64().unwrap()
}

#[test]
#[ignore = "a benchmark: scripts/bench-grid.sh"]
fn grid_search_and_filter_with_ten_thousand_candidates() {
    let roster = std::env::var_os("REGDESK_BENCH_ROSTER")
        .expect("REGDESK_BENCH_ROSTER: a roster made by scripts/make-roster.py");
    let data = tempfile::tempdir().unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let report = rt.block_on(async {
        let store = regdesk_store::Store::open(data.path()).await.unwrap();
        let options = regdesk_workflow::roster::ImportOptions {
            sheet: None,
            files: None,
            dry_run: false,
            centre: "渝中培训中心".into(),
            rejected_out: None,
            hooks: Default::default(),
            mapping: vec![],
        };
        let actor = regdesk_core::Actor::Cli("bench".into());
        let r = regdesk_workflow::roster::import_roster(&store, roster.as_ref(), &options, &actor)
            .await
            .unwrap();
        store.close().await;
        r
    });
    assert_eq!(report.counts.accepted, 10_000);

    let driver = Driver::start();
    let s = driver.launch(APP.as_ref(), data.path());
    s.find("[data-test=role-training_centre]").click();
    s.find("#start-name").type_text("渝中培训中心");
    s.find("[data-test=start-go]").click();
    s.wait_for("[data-test=candidate-grid] .n-card-header", |t| {
        t.contains("10000")
    });
    let rounds: usize = std::env::var("ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5);
    let mut figures: Vec<(&str, Vec<f64>)> = vec![
        ("search a name (考生一, 1 111 match): updated", vec![]),
        ("search an ID number (1 match): updated", vec![]),
        ("clear the search (10 000): updated", vec![]),
        ("filter: profile incomplete", vec![]),
        ("filter: photo missing", vec![]),
        ("filter: all candidates", vec![]),
        ("search a name: drawn", vec![]),
        ("search an ID number: drawn", vec![]),
        ("clear the search: drawn", vec![]),
    ];
    for _ in 0..rounds {
        for (k, text) in ["考生一", "500103198501010055", ""].into_iter().enumerate() {
            let (updated, drawn) = search_ms(&s, text);
            figures[k].1.push(updated);
            figures[6 + k].1.push(drawn);
        }
        figures[3].1.push(filter_ms(&s, "资料未齐"));
        figures[4].1.push(filter_ms(&s, "缺照片"));
        figures[5].1.push(filter_ms(&s, "全部考生"));
    }
    println!("grid with 10 000 candidates, {rounds} rounds, ms from the input:");
    for (what, mut ms) in figures {
        ms.sort_by(f64::total_cmp);
        let list: Vec<String> = ms.iter().map(|m| format!("{m:.0}")).collect();
        println!(
            "  {what}: {} (median {:.0})",
            list.join(" / "),
            ms[ms.len() / 2]
        );
    }
    s.close();
}
