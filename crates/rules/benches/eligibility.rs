//! How long eligibility takes for 100,000 varied candidates, all three levels each, against a
//! named baseline measured in the same run: decoding the same candidates from JSON (the work
//! any caller does before asking), so the rules' cost reads as a multiple of reading the input.
//!
//! `cargo bench -p pingjia-rules --bench eligibility`

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failed expectation is a failed test"
)]
// Benchmarks run natively; under the wasm target this file only has to compile.
#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_main!(native::benches);

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use chrono::{Days, NaiveDate};
    use criterion::{Criterion, Throughput, criterion_group};
    use pingjia_rules::dates::Period;
    use pingjia_rules::eligibility::{
        Candidate, Certificate, CertificateLevel, School, SchoolStatus, Schooling, Title,
        TitleGrade, assess,
    };
    use pingjia_rules::{Level, rulebook};
    use std::hint::black_box;

    const CANDIDATES: usize = 100_000;

    /// A small deterministic generator, so every run measures the same candidates.
    struct Lcg(u64);

    impl Lcg {
        fn next(&mut self, below: u64) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (self.0 >> 33) % below
        }
    }

    fn candidates() -> Vec<Candidate> {
        let base = NaiveDate::from_ymd_opt(1960, 1, 1).expect("date");
        let day = |rng: &mut Lcg, span: u64| base + Days::new(rng.next(span));
        let schools = [
            School::SecondaryOrBelow,
            School::TechnicalSchoolSeniorClass,
            School::TechnicianClass,
            School::HigherVocational,
            School::College,
            School::Bachelor,
        ];
        let statuses = [
            SchoolStatus::Graduated,
            SchoolStatus::FinalYear,
            SchoolStatus::Studying,
        ];
        let certs = [
            CertificateLevel::Four,
            CertificateLevel::Three,
            CertificateLevel::Two,
        ];
        let grades = [
            TitleGrade::Junior,
            TitleGrade::Intermediate,
            TitleGrade::Senior,
        ];
        let mut rng = Lcg(2025);
        (0..CANDIDATES)
            .map(|_| {
                let birth = day(&mut rng, 16_000);
                let work = (0..rng.next(4))
                    .map(|_| {
                        let from = birth + Days::new(6000 + rng.next(8000));
                        let until = (rng.next(3) > 0).then(|| from + Days::new(rng.next(4000)));
                        Period { from, until }
                    })
                    .collect();
                Candidate {
                    birth_date: Some(birth),
                    id_number: None,
                    schooling: vec![Schooling {
                        school: schools[rng.next(6) as usize],
                        status: statuses[rng.next(3) as usize],
                        related_specialty: rng.next(2) == 0,
                        assessed: rng.next(4) == 0,
                    }],
                    work,
                    certificates: (0..rng.next(3))
                        .map(|_| Certificate {
                            level: certs[rng.next(3) as usize],
                            issued: birth + Days::new(7000 + rng.next(6000)),
                        })
                        .collect(),
                    titles: (0..rng.next(2))
                        .map(|_| Title {
                            grade: grades[rng.next(3) as usize],
                            obtained: birth + Days::new(8000 + rng.next(5000)),
                        })
                        .collect(),
                }
            })
            .collect()
    }

    fn bench(c: &mut Criterion) {
        let people = candidates();
        let json: Vec<String> = people
            .iter()
            .map(|p| serde_json::to_string(p).expect("encodes"))
            .collect();
        let on = NaiveDate::from_ymd_opt(2025, 6, 1).expect("date");

        let mut group = c.benchmark_group("100k candidates");
        group.throughput(Throughput::Elements(CANDIDATES as u64));
        group.sample_size(10);
        group.bench_function("baseline: decode from JSON", |b| {
            b.iter(|| {
                json.iter()
                    .map(|text| serde_json::from_str::<Candidate>(text).map_or(0, |c| c.work.len()))
                    .sum::<usize>()
            })
        });
        group.bench_function("assess all three levels", |b| {
            b.iter(|| {
                let mut eligible = 0usize;
                for person in &people {
                    for level in Level::OFFERED {
                        // Facts dated after `on` are refused like any bad input; that is part of the work.
                        if let Ok(answer) =
                            assess(rulebook::current(), black_box(person), level, on)
                        {
                            eligible += usize::from(answer.eligible);
                        }
                    }
                }
                eligible
            })
        });
        group.finish();
    }

    criterion_group!(benches, bench);
}
