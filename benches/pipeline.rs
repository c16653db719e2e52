//! One benchmark per stage of the pipeline and per entity family, over the bundled documents,
//! reported as throughput (bytes of input per second; criterion prints MB/s or MiB/s).
//!
//! `cargo bench` runs them all; `cargo bench -- extract` only the entity families.

use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use gongwen::extract::{self, Found, date, department, money, organization, person, place};

fn documents() -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("input");
    let mut docs: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    docs.sort();
    docs
}

fn stages(c: &mut Criterion) {
    let docs = documents();
    let bytes: u64 = docs.iter().map(|(_, b)| b.len() as u64).sum();
    let sources: Vec<_> = docs
        .iter()
        .map(|(n, b)| gongwen::ingest::decode(Path::new(n), b).unwrap())
        .collect();
    let norms: Vec<_> = sources.iter().map(gongwen::normalize::normalize).collect();
    let outlines: Vec<_> = norms.iter().map(gongwen::structure::structure).collect();

    let mut g = c.benchmark_group("stage");
    g.throughput(Throughput::Bytes(bytes));
    g.bench_function("ingest", |b| {
        b.iter(|| {
            docs.iter()
                .map(|(n, by)| {
                    gongwen::ingest::decode(Path::new(n), by)
                        .unwrap()
                        .text
                        .len()
                })
                .sum::<usize>()
        })
    });
    g.bench_function("normalize", |b| {
        b.iter(|| {
            sources
                .iter()
                .map(|s| gongwen::normalize::normalize(s).text.len())
                .sum::<usize>()
        })
    });
    g.bench_function("structure", |b| {
        b.iter(|| {
            norms
                .iter()
                .map(|n| gongwen::structure::structure(n).clauses.len())
                .sum::<usize>()
        })
    });
    g.bench_function("extract", |b| {
        b.iter(|| {
            norms
                .iter()
                .zip(&outlines)
                .map(|(n, o)| extract::extract(n, o).entities.len())
                .sum::<usize>()
        })
    });
    g.bench_function("emit", |b| {
        b.iter(|| {
            docs.iter()
                .map(|(n, by)| {
                    gongwen::process(n, Path::new(n), by)
                        .unwrap()
                        .to_json()
                        .len()
                })
                .sum::<usize>()
        })
    });
    // The JSON alone, from documents already processed: the project's writer, and
    // serde_json's for the same bytes (the reference the tests hold it to).
    let built: Vec<_> = docs
        .iter()
        .map(|(n, by)| gongwen::process(n, Path::new(n), by).unwrap())
        .collect();
    g.bench_function("json files", |b| {
        b.iter(|| built.iter().map(|d| d.to_json_bytes().len()).sum::<usize>())
    });
    g.bench_function("json files (serde_json)", |b| {
        b.iter(|| {
            built
                .iter()
                .map(|d| serde_json::to_vec_pretty(d).unwrap().len())
                .sum::<usize>()
        })
    });
    g.bench_function("json lines", |b| {
        b.iter(|| {
            built
                .iter()
                .map(|d| {
                    let mut line = Vec::new();
                    d.write_json(&mut line, gongwen::emit::Layout::Compact);
                    line.len()
                })
                .sum::<usize>()
        })
    });
    g.bench_function("json lines (serde_json)", |b| {
        b.iter(|| {
            built
                .iter()
                .map(|d| serde_json::to_vec(d).unwrap().len())
                .sum::<usize>()
        })
    });
    g.bench_function("whole pipeline", |b| {
        b.iter(|| {
            docs.iter()
                .map(|(n, by)| {
                    gongwen::process(n, Path::new(n), by)
                        .unwrap()
                        .entities
                        .len()
                })
                .sum::<usize>()
        })
    });
    g.finish();

    // Each entity family over the paragraphs of the normalized documents.
    let paragraphs: Vec<(String, usize)> = norms
        .iter()
        .flat_map(|n| {
            n.paras
                .iter()
                .filter(|p| p.boilerplate.is_none())
                .map(|p| (p.span.slice(&n.text).to_owned(), p.span.start))
        })
        .collect();
    let setting = place::Setting {
        year: Some(2024),
        province: Some("福建省"),
        prefecture: None,
    };
    let jurisdiction = department::Jurisdiction {
        province: Some("福建省".into()),
        prefecture: Some("三明市".into()),
    };
    let mut g = c.benchmark_group("extract");
    g.throughput(Throughput::Bytes(bytes));
    type Family = Box<dyn Fn(&str, usize, &mut Found)>;
    let setting2 = setting.clone();
    let families: Vec<(&str, Family)> = vec![
        ("amount", Box::new(money::amounts)),
        ("percent", Box::new(money::percents)),
        (
            "date",
            Box::new(|t, b, f| date::dates(t, b, date::Base::Undated, f)),
        ),
        ("doc_number+title+phone", Box::new(extract::simple)),
        (
            "place",
            Box::new(move |t, b, f: &mut Found| {
                place::places(t, b, &setting2, &[], &mut f.entities)
            }),
        ),
        (
            "department",
            Box::new(move |t, b, f: &mut Found| {
                department::departments(t, b, &jurisdiction, true, &mut f.entities)
            }),
        ),
        (
            "organization",
            Box::new(|t, b, f: &mut Found| organization::organizations(t, b, &mut f.entities)),
        ),
        (
            "person",
            Box::new(|t, b, f: &mut Found| person::people(t, b, &mut f.entities)),
        ),
    ];
    for (name, family) in &families {
        g.bench_function(*name, |b| {
            b.iter(|| {
                let mut f = Found::default();
                for (t, base) in &paragraphs {
                    family(t, *base, &mut f);
                }
                f.entities.len()
            })
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(3));
    targets = stages
}
criterion_main!(benches);
