//! Load generator for `scripts/bench-intake.sh`: N concurrent clients each POST distinct
//! packages of a given size (incompressible, so the zip is that size) to a running server and
//! report throughput, latency percentiles and errors as one JSON line. A benchmark, not a test.
//!
//!   cargo run --release -p regdesk-intake --example load -- URL[,URL…] TOKEN [CLIENTS] [PER_CLIENT] [KB]
//!
//! With several URLs (several servers), client c sends to URL c mod n, as a round-robin
//! balancer would.

use std::time::{Duration, Instant};

use regdesk_package::{build_zip, FileEntry, Manifest, PackageFile, FORMAT_VERSION};

fn package(n: usize, kb: usize) -> Vec<u8> {
    // A cheap generator is enough: the bytes only need to be distinct and incompressible.
    let mut state = (n as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let photo: Vec<u8> = (0..kb * 1024)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        })
        .collect();
    let id = format!("load-{n:08}");
    let name = format!("{id}_photo.jpg");
    let manifest = Manifest {
        format_version: FORMAT_VERSION,
        spec_id: "load".into(),
        produced_by: "load".into(),
        produced_by_actor: "load".into(),
        produced_at: "2026-11-30T00:00:00+08:00".into(),
        candidate: serde_json::json!({ "identity": { "idNumber": id } }),
        files: vec![FileEntry {
            name: name.clone(),
            slot: "photo".into(),
            sha256: regdesk_package::sha256_hex(&photo),
            bytes: photo.len() as u64,
        }],
        checks: serde_json::json!({}),
    };
    build_zip(
        &manifest,
        &[PackageFile {
            name: &name,
            bytes: &photo,
        }],
    )
    .expect("zip")
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let urls: Vec<String> = args
        .first()
        .expect("URL")
        .split(',')
        .map(|u| u.trim().trim_end_matches('/').to_owned())
        .collect();
    let token = args.get(1).expect("TOKEN").clone();
    let clients: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(50);
    let per_client: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(20);
    let kb: usize = args.get(4).and_then(|s| s.parse().ok()).unwrap_or(200);
    let packages: Vec<Vec<u8>> = (0..clients * per_client).map(|n| package(n, kb)).collect();
    let started = Instant::now();
    let results: Vec<(Duration, u16)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..clients)
            .map(|c| {
                let (url, token, packages) = (&urls[c % urls.len()], &token, &packages);
                scope.spawn(move || {
                    let agent: ureq::Agent = ureq::Agent::config_builder()
                        .http_status_as_error(false)
                        .proxy(None)
                        .build()
                        .into();
                    (0..per_client)
                        .map(|i| {
                            let body = &packages[c * per_client + i];
                            let t = Instant::now();
                            let status = agent
                                .post(&format!("{url}/v1/submissions"))
                                .header("Authorization", &format!("Bearer {token}"))
                                .header("Idempotency-Key", &uuid::Uuid::new_v4().to_string())
                                .send(&body[..])
                                .map(|r| r.status().as_u16())
                                .unwrap_or(0);
                            (t.elapsed(), status)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    let wall = started.elapsed().as_secs_f64();
    let mut ms: Vec<f64> = results
        .iter()
        .map(|(d, _)| d.as_secs_f64() * 1000.0)
        .collect();
    ms.sort_by(|a, b| a.total_cmp(b));
    let pct = |p: f64| ms[((ms.len() as f64 - 1.0) * p).round() as usize];
    let errors = results.iter().filter(|(_, s)| *s != 201).count();
    println!(
        "{}",
        serde_json::json!({
            "clients": clients,
            "servers": urls.len(),
            "submissions": results.len(),
            "packageBytes": packages[0].len(),
            "seconds": (wall * 100.0).round() / 100.0,
            "perSecond": ((results.len() as f64 / wall) * 10.0).round() / 10.0,
            "p50Ms": (pct(0.50) * 10.0).round() / 10.0,
            "p99Ms": (pct(0.99) * 10.0).round() / 10.0,
            "errors": errors,
        })
    );
}
